#!/bin/sh
# t-sampler-churn.sh — threads born and dying all through the run (many
# exit while loopscope is sampling them): the stalls of the real loop are
# still found, the new threads are picked up, loopscope survives every
# exit, and the process ends untraced with its own status.
. tests/lib.sh
. testdata/sampler/lib.sh
fx_start uv-churn off 200 450 60
"$LOOPSCOPE" attach --duration 3 --format json "$FXPID" >"$TMP/c.json" 2>"$TMP/c.err" || { fail "attach failed"; cat "$TMP/c.err"; }
expect_untraced "$FXPID" churn
n=$(jq '.threads | length' "$TMP/c.json")
[ "$n" -gt 10 ] && ok "$n threads seen (born during the run)" || fail "only $n threads seen"
expect_eq "the loop thread is the main thread" "$(jq -r "[.threads[] | select(.loop == \"libuv\") | .tid] | join(\",\")" "$TMP/c.json")" "$FXPID"
# runqueue stalls (a loop starved of a CPU) are the machine's, not the code's
expect_eq "runqueue stalls blame nothing" "$(jq '[.stalls[] | select(.kind == "runqueue" and (.callback != null or .rule != null))] | length' "$TMP/c.json")" 0
expect_eq "its stalls blamed on on_timer" "$(jq -r '[.stalls[] | select(.tid == '"$FXPID"' and .kind != "runqueue") | .callback] | unique | join(",")' "$TMP/c.json")" on_timer
m=$(jq "[.stalls[] | select(.tid == $FXPID and .ongoing == false and .kind != \"runqueue\")] | length" "$TMP/c.json")
[ "$m" -ge 3 ] && ok "$m stalls on the loop" || fail "$m stalls on the loop, want >= 3"
expect_nogrep "no loopscope error" "error" "$TMP/c.err"
expect_alive_and_exit "$FXPID" uv-churn
done_testing
