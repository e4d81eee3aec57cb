#!/bin/sh
# t-sampler-before.sh — a stall already under way when loopscope attaches
# (testdata/sampler/fixture.h, MODE on@traced / off@traced: the loop's
# first callback stalls until the program sees a tracer, then 1000 ms
# more, so the stall is under way at attach however slowly loopscope
# starts). On both paths it is reported: exactly one stall, marked as
# begun before attach, blamed on on_timerfd, of the right kind; its
# duration is a lower bound — never more than the program's own measure
# (+10% or the report's precision), never less than the part after the
# program saw itself traced and loopscope began observing (its report's
# startup_ms) (-10% or the precision).
. tests/lib.sh
. testdata/sampler/lib.sh

# before_case METHOD MODE
before_case() {
	m=$1 mode=$2 name="before-attach $1 $2"
	out=$TMP/epoll-loop.out
	"$FX/epoll-loop" "$mode@traced" 1000 100000 60 >"$out" 2>&1 &
	FXPID=$!
	i=0
	while ! grep -q '^waiting to be traced' "$out" && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
	"$LOOPSCOPE" attach --method "$m" --duration 3 --format json "$FXPID" >"$TMP/b.json" 2>"$TMP/b.err" \
		|| { fail "$name: attach failed"; cat "$TMP/b.err"; }
	expect_untraced "$FXPID" "$name"
	j=$TMP/b.json
	lived=$(awk '/^stall/{print $2; exit}' "$out")
	after=$(awk '/^traced after/{print $3; exit}' "$out")
	[ -n "$lived" ] && [ -n "$after" ] || fail "$name: the program did not stall through attach ($(tr '\n' ' ' <"$out" | cut -c1-200))"
	echo "note: $name: $(jq -c '[.stalls[] | {kind, before_attach, start_s, duration_ms, precision_ms, callback}]' "$j"), the program's own ${lived:-?} ms, traced after ${after:-?} ms"
	# A loop starved of a CPU on a loaded machine is reported too, as
	# kind runqueue (the machine's, no callback): not the code's stall
	# checked here.
	code='[.stalls[] | select(.kind != "runqueue")]'
	expect_eq "$name: exactly one stall of the code" "$(jq "$code | length" "$j")" 1
	expect_eq "$name: begun before attach" "$(jq "$code | .[0].before_attach" "$j")" true
	expect_eq "$name: blamed on" "$(jq -r "$code | .[0].callback" "$j")" on_timerfd
	if [ "$mode" = off ]; then want="off-cpu clock_nanosleep"; else want="on-cpu none"; fi
	expect_eq "$name: kind" "$(jq -r "$code | .[0] | .kind + \" \" + (.syscall // \"none\")" "$j")" "$want"
	expect_eq "$name: runqueue stalls blame nothing" "$(jq '[.stalls[] | select(.kind == "runqueue" and .callback != null)] | length' "$j")" 0
	# Observing begins startup_ms after the tracer is in: that much of
	# the part after attach is not seen either.
	bound=$(jq --argjson lived "${lived:-0}" --argjson after "${after:-0}" '.summary.startup_ms as $u | [.stalls[] | select(.kind != "runqueue")][0]
		| .duration_ms as $d | (.precision_ms // 0) as $p
		| ($d <= $lived * 1.1 + $p and $d >= ($lived - $after - $u) * 0.9 - $p)' "$j")
	expect_eq "$name: a lower bound, covering what came after attach" "$bound" true
	kill -USR1 "$FXPID" 2>/dev/null
	wait "$FXPID"
}

on_both_paths before_case
done_testing
