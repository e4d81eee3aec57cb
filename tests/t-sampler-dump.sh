#!/bin/sh
# t-sampler-dump.sh — `dump PID` prints every thread's stack (symbols,
# file:line, the syscall it sits in) and detaches; a missing process and
# an already-traced one get one error line naming the PID and the reason.
. tests/lib.sh
. testdata/sampler/lib.sh
fx_start uv-thread none 0 0 60
sleep 0.3
"$LOOPSCOPE" dump "$FXPID" >"$TMP/d.out" 2>"$TMP/d.err" || { fail "dump failed"; cat "$TMP/d.err"; }
expect_grep "header" "^PID $FXPID - process" "$TMP/d.out"
expect_eq "two threads" "$(grep -c '^TID ' "$TMP/d.out")" 2
expect_grep "worker thread name" "(uv-worker)" "$TMP/d.out"
expect_grep "main waits in pthread_join" "pthread_join\|__pthread_clockjoin_ex" "$TMP/d.out"
expect_grep "loop frame" " uv_run (libuv" "$TMP/d.out"
expect_grep "thread function with file:line" "loop_thread (uv-thread) .*uv-thread.c:[0-9]" "$TMP/d.out"
expect_grep "thread start frame" "start_thread" "$TMP/d.out"
# libuv is packaged without .symtab: its static functions stay unnamed, and
# the footer says what names it had (not "no symbols": .dynsym named
# uv_run) and how to get the rest.
expect_grep "module with unnamed frames named" "^missing symbols in .*libuv[^:]*: exported (.dynsym) names only" "$TMP/d.out"
expect_grep "how to get its symbols, by build-id" "^  to name every frame: .*/usr/lib/debug/.build-id/[0-9a-f][0-9a-f]/[0-9a-f]*\.debug, or set DEBUGINFOD_URLS" "$TMP/d.out"
expect_nogrep "no 'no symbols' said of a module whose .dynsym names were used" "stripped: no symbols" "$TMP/d.out"
expect_untraced "$FXPID" dump

# errors: no such process; already traced (EPERM)
"$LOOPSCOPE" dump 999999999 >"$TMP/e1" 2>&1; rc=$?
expect_eq "dump of a missing PID exits 2" "$rc" 2
expect_grep "missing PID named" "PID 999999999: no such process" "$TMP/e1"
"$LOOPSCOPE" attach "$FXPID" >/dev/null 2>&1 &
holder=$!
wait_traced "$FXPID" "$holder"
"$LOOPSCOPE" attach --duration 1 "$FXPID" >"$TMP/e2" 2>&1; rc=$?
expect_eq "attach to a traced PID exits 2" "$rc" 2
expect_grep "EPERM named with the tracer" "cannot attach to PID $FXPID: Operation not permitted (already traced by PID $holder)" "$TMP/e2"
expect_eq "one line" "$(wc -l <"$TMP/e2" | tr -d ' ')" 1
kill -TERM "$holder"; wait "$holder"
expect_untraced "$FXPID" "after the holder ended"

# a process stopped by job control: listed, said so, left stopped
sleep 30 & stopped=$!
kill -STOP "$stopped"
"$LOOPSCOPE" dump --no-lines "$stopped" >"$TMP/s.out" 2>&1
expect_grep "stopped process: its thread listed" "^TID $stopped " "$TMP/s.out"
expect_grep "stopped process: why no stack" "no stack: stopped (job control), left stopped" "$TMP/s.out"
expect_eq "stopped process: untraced" "$(awk '/^TracerPid:/{print $2}' /proc/$stopped/status)" 0
expect_eq "stopped process: still stopped" "$(awk '{print $3}' /proc/$stopped/stat)" T
kill "$stopped"; kill -CONT "$stopped"; wait "$stopped" 2>/dev/null
expect_alive_and_exit "$FXPID" uv-thread
done_testing
