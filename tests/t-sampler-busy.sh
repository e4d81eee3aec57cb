#!/bin/sh
# t-sampler-busy.sh — a saturated loop (testdata/sampler/busy-loop.c: a
# short handler back to back, never found idle) with one real 150 ms stall
# among thousands of short iterations. On both paths, without --thread, the
# loop thread is found and the target left untraced, and exactly one stall
# is reported, blamed on on_request, of the right kind, sized within 10% of
# what the program measured itself; the ptrace path within 10% or within
# the precision its
# report states (its edges are where its samples fell, which a loaded
# machine delays). The stall is CPU work (CPU time), so a loaded machine
# stretches it without making it the machine's: it stays on-cpu. Run it
# also with a CPU hog on every core (nice 0) to see it under load.
. tests/lib.sh
. testdata/sampler/lib.sh

# busy_case METHOD MODE
busy_case() {
	m=$1 mode=$2 name="busy-loop $1 $2"
	"$FX/busy-loop" "$mode" 150 1000 60 >"$TMP/busy-loop.out" 2>&1 &
	FXPID=$!
	sleep 0.3
	"$LOOPSCOPE" attach --method "$m" --duration 5 --format json "$FXPID" >"$TMP/b.json" 2>"$TMP/b.err" \
		|| { fail "$name: attach failed"; cat "$TMP/b.err"; }
	expect_untraced "$FXPID" "$name"
	j=$TMP/b.json
	expect_eq "$name: method in the header" "$(jq -r .method "$j")" "$m"
	expect_eq "$name: loop thread found without --thread" "$(jq -r '[.threads[] | select(.loop != null) | .loop] | join(",")' "$j")" epoll_wait
	lived=$(awk '/^stall/{print $2}' "$TMP/busy-loop.out")
	[ -n "$lived" ] || fail "$name: the program did not stall while attached"
	echo "note: $name (load $(cut -d' ' -f1 /proc/loadavg)): $(jq -c '[.stalls[] | {kind, duration_ms, precision_ms, on_cpu_ms, runqueue_ms}]' "$j"), the program's own ${lived:-?} ms"
	# On a loaded machine the loop may also be starved of a CPU for
	# over the threshold: those are reported as kind runqueue, the
	# machine's, and are not the code's stall checked here.
	code='[.stalls[] | select(.kind != "runqueue")]'
	expect_eq "$name: exactly one stall of the code" "$(jq "$code | length" "$j")" 1
	expect_eq "$name: blamed on" "$(jq -r "$code | .[0].callback" "$j")" on_request
	if [ "$mode" = off ]; then want="off-cpu clock_nanosleep"; else want="on-cpu none"; fi
	expect_eq "$name: kind" "$(jq -r "$code | .[0] | .kind + \" \" + (.syscall // \"none\")" "$j")" "$want"
	# The program times its handler; the loop's iteration also holds
	# the handler's wait for a CPU to return (the report's runqueue_ms,
	# the machine's share, allowed on top).
	within=$(jq --argjson lived "${lived:-0}" "$code | .[0]"' | .duration_ms as $d | (.precision_ms // 0) as $p
		| ($d >= $lived * 0.9 - $p and $d <= $lived * 1.1 + $p + (.runqueue_ms // 0))' "$j")
	expect_eq "$name: sized within 10% of ${lived:-?} ms ($(jq -c "$code | .[0] | [.duration_ms, .precision_ms]" "$j"))" "$within" true
	# a starved stretch blames no callback and has the account to show it
	expect_eq "$name: runqueue stalls blame nothing" "$(jq '[.stalls[] | select(.kind == "runqueue" and (.callback != null or .runqueue_ms == null))] | length' "$j")" 0
	kill -USR1 "$FXPID" 2>/dev/null
	wait "$FXPID"
}

on_both_paths busy_case
done_testing
