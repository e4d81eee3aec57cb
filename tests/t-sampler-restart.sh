#!/bin/sh
# t-sampler-restart.sh — a stop signal (SIGSTOP, then SIGCONT) that comes
# while a loop waits in poll with a timeout has the kernel resume the wait
# as restart_syscall: the loop is still idle, and the rest of that wait is
# no stall (testdata/sampler/slow-poll.c: a poll loop on a timer firing
# every 300 ms, stopped and continued four times while attached). The
# look-alike still reported: the same loop whose on_tick sleeps 150 ms now
# and then, stopped as often, has those stalls and no other. Run by `make
# check` on the default path and again with LOOPSCOPE_METHOD=ptrace.
. tests/lib.sh
. testdata/sampler/lib.sh

# restart_case MODE
restart_case() {
	mode=$1 name="slow-poll $1 stopped and continued"
	fx_start slow-poll "$mode" 150 450 60
	(for k in 1 2 3 4; do sleep 0.45; kill -STOP "$FXPID"; sleep 0.05; kill -CONT "$FXPID"; done) &
	stopper=$!
	"$LOOPSCOPE" attach --duration 3 --format json "$FXPID" >"$TMP/r.json" 2>"$TMP/r.err" \
		|| { fail "$name: attach failed"; cat "$TMP/r.err"; }
	wait "$stopper"
	expect_untraced "$FXPID" "$name"
	j=$TMP/r.json
	echo "note: $name, $(jq -r .method "$j") (load $(cut -d' ' -f1 /proc/loadavg)): $(jq -c '[.stalls[] | [.start_s, .duration_ms, .kind, .syscall, .callback]]' "$j")"
	expect_eq "$name: the loop thread" "$(jq -r '[.threads[] | select(.loop != null) | .loop] | join(",")' "$j")" poll
	code='[.stalls[] | select(.kind != "runqueue")]'
	if [ "$mode" = none ]; then
		expect_eq "$name: no stall" "$(jq -c "$code | map([.start_s, .duration_ms, .syscall, .callback])" "$j")" "[]"
	else
		n=$(jq "$code | length" "$j")
		[ "$n" -ge 2 ] && ok "$name: $n stalls" || fail "$name: $n stalls, want >= 2"
		expect_eq "$name: every stall on_tick's, in clock_nanosleep" \
			"$(jq -r "$code | map(.callback + \" \" + .kind + \" \" + (.syscall // \"none\")) | unique | join(\",\")" "$j")" "on_tick off-cpu clock_nanosleep"
	fi
	expect_alive_and_exit "$FXPID" slow-poll
}

restart_case none
restart_case off
done_testing
