#!/bin/sh
# t-sampler-sigkill.sh — SIGKILL loopscope in the middle of a run: the
# kernel's own detach must leave the target running, untraced and
# answering (loopscope never sets PTRACE_O_EXITKILL), and ending by
# SIGINT, SIGTERM or SIGHUP must detach and still print the report.
. tests/lib.sh
. testdata/sampler/lib.sh
fx_start uv-timer off 150 300 60
"$LOOPSCOPE" attach "$FXPID" >"$TMP/k.out" 2>&1 &
ls_pid=$!
wait_traced "$FXPID" "$ls_pid"
sleep 0.5
expect_eq "traced while attached" "$(awk '/^TracerPid:/{print $2}' /proc/$FXPID/status)" "$ls_pid"
kill -KILL "$ls_pid"
wait "$ls_pid" 2>/dev/null
sleep 0.2
expect_untraced "$FXPID" "after SIGKILL"
for sig in INT TERM HUP; do
	"$LOOPSCOPE" attach --format json "$FXPID" >"$TMP/$sig.json" 2>"$TMP/$sig.err" &
	ls_pid=$!
	wait_traced "$FXPID" "$ls_pid"
	sleep 0.5
	kill -$sig "$ls_pid"
	wait "$ls_pid"; rc=$?
	expect_eq "SIG$sig: loopscope exits 0 after reporting" "$rc" 0
	expect_eq "SIG$sig: report says why it ended" "$(jq -r .summary.end "$TMP/$sig.json")" signal
	expect_untraced "$FXPID" "after SIG$sig"
done
expect_alive_and_exit "$FXPID" uv-timer
done_testing
