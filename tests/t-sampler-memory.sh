#!/bin/sh
# t-sampler-memory.sh — what attach keeps does not grow with the stops:
# the stacks of a busy stretch that ends short of a stall are freed (the
# collection runs every tick here, LOOPSCOPE_TEST_STACKS_GC=0, instead of
# once the table has doubled), while the stalls keep theirs, renumbered
# as the table shrinks under them. The fixture's stalls and shorter busy
# stretches alternate, each sample in a call chain of its own: a store
# that kept a stack per stop would hold the short stretches' ones too.
# And the stalls' own sample stacks stop at a cap, the rest counted.
. tests/lib.sh
. testdata/sampler/lib.sh
# 150 ms stalls and 50 ms stretches (stacks taken from 25 ms on) in turn.
fx_start epoll-loop varied 150 200 60
LOOPSCOPE_TEST_STACKS_GC=0 "$LOOPSCOPE" attach --rate 1000 --duration 4 --format json \
	--folded "$TMP/m.folded" "$FXPID" >"$TMP/m.json" 2>"$TMP/m.err" \
	|| { fail "attach failed"; cat "$TMP/m.err"; }
expect_untraced "$FXPID" varied
# (a stall the machine caused, kind runqueue, blames nothing and has no stack)
sel='[.stalls[] | select(.ongoing == false and .before_attach == false and .kind != "runqueue")]'
n=$(jq "$sel | length" "$TMP/m.json")
[ "$n" -ge 2 ] && ok "$n complete stalls" || { fail "$n complete stalls, want >= 2"; jq -c '.stalls[] | [.callback, .duration_ms]' "$TMP/m.json"; }
expect_eq "every stall blamed on on_timerfd" "$(jq -r "$sel | map(.callback) | unique | join(\",\")" "$TMP/m.json")" on_timerfd
# Renumbered stacks still name the frames they were taken in.
expect_eq "every stall's stack goes through handle_request and index_scan" \
	"$(jq "$sel | map(select([.stack[].function] | index(\"handle_request\") and index(\"index_scan\"))) | length" "$TMP/m.json")" "$n"
lines=$(wc -l <"$TMP/m.folded")
through=$(grep -c ';handle_request;index_scan;index_walk;' "$TMP/m.folded")
[ "$lines" -ge 20 ] && ok "folded: $lines distinct stacks" || fail "folded: $lines distinct stacks, want >= 20 (one per sample, nearly)"
[ $((through * 10)) -ge $((lines * 9)) ] && ok "folded: $through of $lines through handle_request;index_scan;index_walk" \
	|| { fail "folded: only $through of $lines through handle_request;index_scan;index_walk"; head -n 5 "$TMP/m.folded"; }
# Held at the end (collected once more when sampling ends): the stalls'
# sample stacks and the loop's idle stack; the short stretches' ones were
# freed.
kept=$(awk '{n += $NF} END {print n + 0}' "$TMP/m.folded")
held=$(jq .summary.stacks_held "$TMP/m.json")
freed=$(jq .summary.stacks_freed "$TMP/m.json")
[ "$freed" -ge 1 ] && ok "$freed stacks of stretches short of a stall freed" \
	|| fail "$freed stacks freed, want some (the 50 ms stretches' stacks)"
[ "$held" -le $((kept + 2)) ] && ok "$held stacks held, for $kept stall samples" \
	|| fail "$held stacks held, want at most $kept stall samples + 2"
expect_eq "no stall stack dropped (far below the cap)" "$(jq .summary.stall_stacks_dropped "$TMP/m.json")" 0
# The cap on the stalls' sample stacks (100000; 50 here, a test hook):
# the first 50 go to --folded, the rest are counted, and every stall is
# still headed by its hottest stack.
LOOPSCOPE_TEST_STALL_STACKS=50 "$LOOPSCOPE" attach --rate 1000 --duration 2 --format json \
	--folded "$TMP/c.folded" "$FXPID" >"$TMP/c.json" 2>"$TMP/c.err" \
	|| { fail "capped attach failed"; cat "$TMP/c.err"; }
expect_eq "capped: --folded holds the first 50 stall samples" "$(awk '{n += $NF} END {print n + 0}' "$TMP/c.folded")" 50
dropped=$(jq .summary.stall_stacks_dropped "$TMP/c.json")
[ "$dropped" -ge 1 ] && ok "capped: $dropped stall samples' stacks counted as dropped" \
	|| fail "capped: $dropped dropped, want >= 1"
expect_eq "capped: every stall still has its hottest stack" \
	"$(jq '[.stalls[] | select(.kind != "runqueue" and (.stack | length) == 0)] | length' "$TMP/c.json")" 0
expect_alive_and_exit "$FXPID" epoll-loop
done_testing
