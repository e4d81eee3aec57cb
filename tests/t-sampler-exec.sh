#!/bin/sh
# t-sampler-exec.sh — the target calls exec while attached: loopscope
# stops, reports (summary.end "exec") and detaches, and the new program
# runs on untraced to its own exit status. Also: --thread forces a thread
# that never polls to be analysed as the loop, and --fail-on turns stalls
# into exit status 1 by their rule's severity.
. tests/lib.sh
. testdata/sampler/lib.sh
# the shell waits until it is traced, then execs the fixture
sh -c "while grep -q '^TracerPid:[[:space:]]*0\$' /proc/\$\$/status; do sleep 0.1; done; sleep 0.5
	exec '$FX/uv-timer' none 0 0 60" >"$TMP/uv-timer.out" 2>&1 &
pid=$!
sleep 0.2
"$LOOPSCOPE" attach --duration 10 --format json "$pid" >"$TMP/x.json" 2>"$TMP/x.err" || { fail "attach failed"; cat "$TMP/x.err"; }
expect_eq "ended by the exec" "$(jq -r .summary.end "$TMP/x.json")" exec
d=$(jq '.duration_s < 9' "$TMP/x.json")
expect_eq "stopped at the exec, not the duration" "$d" true
expect_untraced "$pid" "after exec"
expect_alive_and_exit "$pid" uv-timer

# --thread: a shell waiting in wait4 is no loop, unless forced
sh -c 'sleep 30' &
pid=$!
sleep 0.2
"$LOOPSCOPE" attach --duration 1 --format json "$pid" >"$TMP/t0.json" 2>&1 || fail "attach failed"
expect_eq "no loop thread found unforced" "$(jq '[.threads[] | select(.loop != null)] | length' "$TMP/t0.json")" 0
"$LOOPSCOPE" attach --duration 1 --threshold 200 --thread "$pid" --format json "$pid" >"$TMP/t1.json" 2>&1 || fail "attach --thread failed"
expect_eq "forced thread analysed" "$(jq "[.threads[] | select(.tid == $pid and .loop != null)] | length" "$TMP/t1.json")" 1
expect_eq "its wait is one off-cpu stall in wait4" "$(jq -r '[.stalls[] | .kind + " " + .syscall + " " + .rule] | unique | join(",")' "$TMP/t1.json")" "off-cpu wait4 blocking-subprocess"
# --fail-on: blocking-subprocess is a warning in the catalog
"$LOOPSCOPE" attach --duration 1 --thread "$pid" --fail-on warning "$pid" >/dev/null 2>&1
expect_eq "--fail-on warning with a warning stall: exit 1" "$?" 1
"$LOOPSCOPE" attach --duration 1 --thread "$pid" --fail-on error "$pid" >/dev/null 2>&1
expect_eq "--fail-on error with only warnings: exit 0" "$?" 0
"$LOOPSCOPE" attach --fail-on loud "$pid" >"$TMP/t3" 2>&1
expect_eq "--fail-on with a bad level: exit 2" "$?" 2
"$LOOPSCOPE" attach --duration 1 --thread 1 "$pid" >"$TMP/t2" 2>&1
expect_eq "--thread of another process: exit 2" "$?" 2
expect_grep "named" "PID $pid has no thread 1" "$TMP/t2"
kill "$pid"
wait "$pid"
done_testing
