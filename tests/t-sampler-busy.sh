#!/bin/sh
# t-sampler-busy.sh — a saturated loop (testdata/sampler/busy-loop.c: a
# short handler back to back, never found idle) with one real 150 ms stall
# among thousands of short iterations. On both paths, without --thread, the
# loop thread is found and the target left untraced. On the perf path
# (every wait traced) exactly one stall is reported, blamed on on_request,
# of the right kind, sized within 10% of what the program measured itself;
# the ptrace path's stalls are shown, not checked (see below).
. tests/lib.sh
. testdata/sampler/lib.sh

# busy_case METHOD MODE
busy_case() {
	m=$1 mode=$2 name="busy-loop $1 $2"
	"$FX/busy-loop" "$mode" 150 1000 60 >"$TMP/busy-loop.out" 2>&1 &
	FXPID=$!
	sleep 0.3
	"$LOOPSCOPE" attach --method "$m" --duration 3.5 --format json "$FXPID" >"$TMP/b.json" 2>"$TMP/b.err" \
		|| { fail "$name: attach failed"; cat "$TMP/b.err"; }
	expect_untraced "$FXPID" "$name"
	j=$TMP/b.json
	expect_eq "$name: method in the header" "$(jq -r .method "$j")" "$m"
	expect_eq "$name: loop thread found without --thread" "$(jq -r '[.threads[] | select(.loop != null) | .loop] | join(",")' "$j")" epoll_wait
	lived=$(awk '/^stall/{print $2}' "$TMP/busy-loop.out")
	[ -n "$lived" ] || fail "$name: the program did not stall while attached"
	# ptrace sees edges only when a sample does, reads a thread woken but
	# not yet given a CPU as busy, and on a loaded machine cannot always
	# stop it for a stack in time: on this fixture it is right only on a
	# machine that gives loopscope the CPU (see bench/RESULTS.md, issue
	# 12). Its result is shown, not checked; perf's edges are exact
	# however late loopscope runs.
	if [ "$m" = ptrace ]; then
		echo "note: $name (load $(cut -d' ' -f1 /proc/loadavg)): stalls $(jq -c '[.stalls[] | [.callback, .duration_ms, .precision_ms]]' "$j"), the program's own ${lived:-?} ms"
		kill -USR1 "$FXPID" 2>/dev/null
		wait "$FXPID"
		return
	fi
	expect_eq "$name: exactly one stall" "$(jq '.stalls | length' "$j")" 1
	expect_eq "$name: blamed on" "$(jq -r '.stalls[0].callback' "$j")" on_request
	if [ "$mode" = off ]; then want="off-cpu clock_nanosleep"; else want="on-cpu none"; fi
	expect_eq "$name: kind" "$(jq -r '.stalls[0] | .kind + " " + (.syscall // "none")' "$j")" "$want"
	within=$(jq --argjson lived "${lived:-0}" '.stalls[0] | .duration_ms as $d | (.precision_ms // 0) as $p
		| ($d >= $lived * 0.9 - $p and $d <= $lived * 1.1 + $p)' "$j")
	expect_eq "$name: sized within 10% of ${lived:-?} ms ($(jq -c '.stalls[0] | [.duration_ms, .precision_ms]' "$j"))" "$within" true
	kill -USR1 "$FXPID" 2>/dev/null
	wait "$FXPID"
}

if "$LOOPSCOPE" attach --method perf --duration 0.1 "$$" >"$TMP/probe" 2>&1; then
	busy_case perf off
	busy_case perf on
else
	echo "note: perf refused here, perf path not tested: $(grep -o 'cannot use perf.*' "$TMP/probe")"
fi
busy_case ptrace off
busy_case ptrace on
done_testing
