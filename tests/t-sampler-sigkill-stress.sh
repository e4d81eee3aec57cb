#!/bin/sh
# t-sampler-sigkill-stress.sh — the detach guarantee under stress: 100
# SIGKILLs of loopscope at random moments while it samples a loaded
# target (a loop busy 40 ms of every 50, so most kills land while the
# sampler interrupts it, copies its stack or resumes it), a thread-rich
# target every tenth round. After each kill the target is running (not
# stopped) and untraced (TracerPid 0); at the end it still answers and
# exits with its own status. The release binary is used unless
# LOOPSCOPE_STRESS names another: ASan start-up would only stretch the run.
. tests/lib.sh
. testdata/sampler/lib.sh
LS=${LOOPSCOPE_STRESS:-$PWD/loopscope}
[ -x "$LS" ] || LS=$LOOPSCOPE
ROUNDS=${STRESS_ROUNDS:-100}
fx_start uv-timer on 40 50 3600
busy=$FXPID
# The targets live until the test ends them (SIGUSR1 below, SIGKILL on a
# failure), so a slow machine cannot outlast them.
"$FX/uv-thread" on 40 50 3600 >"$TMP/uv-thread.out" 2>&1 &
threads=$!
trap 'kill -KILL $busy $threads 2>/dev/null; rm -rf "$TMP"' EXIT
bad=0 round=0
while [ $round -lt "$ROUNDS" ]; do
	round=$((round + 1))
	target=$busy
	[ $((round % 10)) -eq 0 ] && target=$threads
	"$LS" attach --rate 1000 --threshold 20 "$target" >/dev/null 2>&1 &
	ls_pid=$!
	wait_traced "$target" "$ls_pid"
	# 0 to 255 ms into the session, at random
	ms=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
	sleep "$(printf '0.%03d' "$ms")"
	kill -KILL "$ls_pid"
	wait "$ls_pid" 2>/dev/null
	tracer=$(awk '/^TracerPid:/{print $2}' "/proc/$target/status")
	state=$(awk '{print $3}' "/proc/$target/stat")
	case "$tracer/$state" in
	0/[RSD]) ;;
	*) bad=$((bad + 1)); echo "round $round (+${ms} ms, pid $target): TracerPid $tracer, state $state" ;;
	esac
done
expect_eq "$round SIGKILLs: target running and untraced after every one" "$bad" 0
expect_untraced "$busy" "after the last round"
expect_alive_and_exit "$busy" uv-timer
expect_alive_and_exit "$threads" uv-thread
done_testing
