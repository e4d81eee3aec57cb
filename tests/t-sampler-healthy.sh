#!/bin/sh
# t-sampler-healthy.sh — a healthy libuv program, busy on every 10 ms tick
# but never for long, must report its loop thread and no stall.
. tests/lib.sh
. testdata/sampler/lib.sh
fx_start uv-timer none 0 0 60
"$LOOPSCOPE" attach --duration 2 --format json "$FXPID" >"$TMP/h.json" 2>"$TMP/h.err" || fail "attach failed"
expect_untraced "$FXPID" healthy
expect_eq "loop thread found" "$(jq -r '[.threads[] | select(.loop != null) | .loop] | join(",")' "$TMP/h.json")" libuv
expect_eq "no stall" "$(jq '.stalls | length' "$TMP/h.json")" 0
busy=$(jq '[.threads[] | select(.loop != null) | .busy_ratio][0] > 0' "$TMP/h.json")
expect_eq "the loop was seen busy sometimes" "$busy" true
"$LOOPSCOPE" attach --duration 1 "$FXPID" >"$TMP/h.txt" 2>&1 || fail "text attach failed"
expect_grep "text says no stall" "no stall over 100 ms" "$TMP/h.txt"
expect_alive_and_exit "$FXPID" uv-timer
done_testing
