#!/bin/sh
# t-sampler-restart.sh — a stop signal (SIGSTOP, then SIGCONT) that comes
# while a loop waits in poll with a timeout has the kernel resume the wait
# as restart_syscall: the loop is still idle, and the rest of that wait is
# no stall (testdata/sampler/slow-poll.c: a poll loop on a timer firing
# every 300 ms, stopped and continued four times while attached). The
# look-alike still reported: the same loop whose on_tick sleeps 150 ms now
# and then, stopped as often, has those stalls and no other. A stop that
# comes before attach, while on_tick waits in a futex with a timeout
# (mode lock: sem_timedwait), leaves the thread in restart_syscall for all
# loopscope sees of that wait: the stall under way at attach is named by
# its innermost frame, libc's futex wrapper (named otherwise than the
# syscall, mapped by the posix model's sampler `wrappers`): futex and
# blocking-sync-wait, as the stalls after it, not restart_syscall. Run by
# `make check` on the default path and again with LOOPSCOPE_METHOD=ptrace.
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

# A stop before attach, in on_tick's futex wait: its stall, under way at
# attach, is the futex's. (One 800 ms stall 4 s after start, the next 4 s
# after it: the program answers after detach.)
before_attach_case() {
	name="slow-poll lock stopped before attach"
	fx_start slow-poll lock 800 4000 60
	i=0
	while [ "$(cut -d' ' -f1 /proc/$FXPID/syscall 2>/dev/null)" != 202 ] && [ $i -lt 1000 ]; do
		sleep 0.01; i=$((i + 1))
	done
	kill -STOP "$FXPID"; sleep 0.02; kill -CONT "$FXPID"; sleep 0.02
	sc0=$(cut -d' ' -f1 /proc/$FXPID/syscall)
	"$LOOPSCOPE" attach --duration 1.5 --format json "$FXPID" >"$TMP/b.json" 2>"$TMP/b.err" \
		|| { fail "$name: attach failed"; cat "$TMP/b.err"; }
	expect_untraced "$FXPID" "$name"
	j=$TMP/b.json
	echo "note: $name, $(jq -r .method "$j") (load $(cut -d' ' -f1 /proc/loadavg), syscall $sc0 at attach): $(jq -c '[.stalls[] | [.start_s, .duration_ms, .kind, .syscall, .callback, .rule]]' "$j")"
	top=$(jq -r '[.stalls[] | select(.start_s < 0.05 and .kind != "runqueue")][0].stack[0].function // "none"' "$j")
	if [ "$sc0" != 219 ]; then
		# (the wait ended before attach on a loaded machine: nothing to test)
		echo "note: $name: not in restart_syscall at attach ($sc0), first stall not checked"
	elif [ "$top" = none ]; then
		# libc's futex wait is a static function, named only by its symbol table
		echo "note: $name: libc's futex wait has no name here (no debug symbols), first stall not checked"
	else
		expect_eq "$name: the stall under way at attach, on_tick's in futex" \
			"$(jq -r '[.stalls[] | select(.start_s < 0.05 and .kind != "runqueue")] | map(.callback + " " + .kind + " " + (.syscall // "none") + " " + (.rule // "none")) | unique | join(",")' "$j")" \
			"on_tick off-cpu futex blocking-sync-wait"
	fi
	expect_eq "$name: every stall on_tick's, in futex" \
		"$(jq -r '[.stalls[] | select(.kind != "runqueue")] | map(.callback + " " + .kind + " " + (.syscall // "none")) | unique | join(",")' "$j")" "on_tick off-cpu futex"
	expect_alive_and_exit "$FXPID" slow-poll
}

restart_case none
restart_case off
before_attach_case
done_testing
