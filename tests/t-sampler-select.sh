#!/bin/sh
# t-sampler-select.sh — a hand-written loop that waits in select(2)
# (testdata/sampler/select-loop.c, no epoll, no framework) is found by its
# idle wait like an epoll loop: attached, its on_ready stalls (off-CPU in
# nanosleep, then on-CPU in a spin) are reported as with epoll-loop. The
# same loop waiting in each of the other waits a loop idles in (the select
# syscall itself, pselect6, ppoll, epoll_pwait, epoll_pwait2): its thread is
# a loop named by that wait, idle while it waits (no stall outside the
# callback's), and its stalls blamed on on_ready. Run by `make check` on the
# default path and again with LOOPSCOPE_METHOD=ptrace.
. tests/lib.sh
. testdata/sampler/lib.sh
export FX_WAIT=select
# glibc's select() is the pselect6 syscall
attach_fixture select-loop on_ready select-loop.c off
attach_fixture select-loop on_ready select-loop.c on

for w in select_raw:select pselect:pselect6 ppoll:ppoll epoll_pwait:epoll_pwait epoll_pwait2:epoll_pwait2; do
	export FX_WAIT="${w%%:*}"
	sc=${w##*:}
	name="select-loop $FX_WAIT"
	fx_start select-loop off 150 450 60
	"$LOOPSCOPE" attach --duration 1.5 --format json "$FXPID" >"$TMP/w.json" 2>"$TMP/w.err" \
		|| { fail "$name: attach failed"; cat "$TMP/w.err"; }
	expect_untraced "$FXPID" "$name"
	j=$TMP/w.json
	echo "note: $name (load $(cut -d' ' -f1 /proc/loadavg)): $(jq -c '[.stalls[] | [.start_s, .duration_ms, .kind, .callback]]' "$j")"
	expect_eq "$name: the loop thread, named by its wait" "$(jq -r '[.threads[] | select(.loop != null) | .loop] | join(",")' "$j")" "$sc"
	code='[.stalls[] | select(.kind != "runqueue" and .start_s > 0.05)]'
	n=$(jq "$code | length" "$j")
	[ "$n" -ge 1 ] && ok "$name: $n stalls" || fail "$name: no stall"
	expect_eq "$name: every stall is on_ready's, off-cpu in clock_nanosleep" \
		"$(jq -r "$code | map(.callback + \" \" + .kind + \" \" + (.syscall // \"none\")) | unique | join(\",\")" "$j")" "on_ready off-cpu clock_nanosleep"
	expect_alive_and_exit "$FXPID" select-loop
done
done_testing
