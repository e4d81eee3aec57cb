#!/bin/sh
# t-sampler-syscalls.sh — what a stall sat in, by its syscalls
# (testdata/sampler/syscall-loop.c): a callback blocked 150 ms in one
# read() of a socket is off-cpu in read (blocking-network, fd a socket);
# one spinning 150 ms of CPU time between thousands of quick getppid()
# calls is on-cpu, no syscall (cpu-bound-callback). On both paths; on the
# ptrace path the loop thread is stopped at its syscalls once a stretch
# is long, and those stops decide it: a syscall-stop of loopscope's own
# holding the thread at a syscall's entry or exit is no time in that
# syscall, and the one long read is followed from its entry to its
# return (summary.syscall_stops counts them). And on the perf path, a
# stall that ends before the loop's idle stack is known (blind_case).
. tests/lib.sh
. testdata/sampler/lib.sh

# syscalls_case METHOD MODE
syscalls_case() {
	m=$1 mode=$2 name="syscall-loop $1 $2"
	"$FX/syscall-loop" "$mode" 150 450 60 >"$TMP/syscall-loop.out" 2>&1 &
	FXPID=$!
	sleep 0.3
	"$LOOPSCOPE" attach --method "$m" --duration 3 --format json "$FXPID" >"$TMP/s.json" 2>"$TMP/s.err" \
		|| { fail "$name: attach failed"; cat "$TMP/s.err"; }
	expect_untraced "$FXPID" "$name"
	j=$TMP/s.json
	lived=$(awk '/^stall/{printf "%s%s", sep, $2; sep=","}' "$TMP/syscall-loop.out")
	echo "note: $name (load $(cut -d' ' -f1 /proc/loadavg)): $(jq -c '[.stalls[] | [.start_s, .duration_ms, .precision_ms, .kind, .syscall]]' "$j"), the program's own [$lived] ms, $(jq .summary.syscall_stops "$j") syscall-stops"
	# the first stall may be under way at attach; runqueue stalls are the machine's
	sel='[.stalls[] | select(.ongoing == false and .start_s > 0.05 and .kind != "runqueue")]'
	n=$(jq "$sel | length" "$j")
	# (a loaded machine stretches the chatty stall's 150 ms of CPU time
	# to a second or more: one may be all there is)
	[ "$n" -ge 1 ] && ok "$name: $n complete stalls" || fail "$name: no complete stall"
	if [ "$mode" = block ]; then
		want="on_timerfd off-cpu read blocking-network socket" chain="wait_reply<serve_request<on_timerfd"
	else
		want="on_timerfd on-cpu none cpu-bound-callback none" chain="checksum_chunks<serve_request<on_timerfd"
	fi
	expect_eq "$name: callback, kind, syscall, rule, fd" \
		"$(jq -r "$sel | map([.callback, .kind, (.syscall // \"none\"), .rule, (.fd // \"none\")] | join(\" \")) | unique | join(\",\")" "$j")" "$want"
	expect_eq "$name: the chain from the callback" \
		"$(jq -r "$sel | map(.stack | map(.function) | join(\"<\") | sub(\"^.*(?=$(echo "$chain" | cut -d'<' -f1))\"; \"\")) | unique | join(\",\")" "$j")" "$chain"
	bad=$(jq --argjson lived "[$lived]" "$sel | map(.duration_ms as \$d | (.precision_ms // 0) as \$p | select([\$lived[] | select(\$d >= . * 0.9 - \$p and \$d <= . * 1.1 + \$p)] | length == 0)) | map([.duration_ms, .precision_ms])" "$j")
	expect_eq "$name: stalls sized within 10% (or the stated precision) of the program's own measure" "$bad" "[]"
	if [ "$m" = ptrace ]; then
		stops=$(jq .summary.syscall_stops "$j")
		[ "$stops" -gt 0 ] && ok "$name: stopped at its syscalls ($stops)" || fail "$name: no syscall-stops"
	fi
	expect_alive_and_exit "$FXPID" syscall-loop
}

# blind_case: every iteration stalls (period 0), so on the perf path the
# first stall traced ends before the loop's idle stack is learned (from
# the wait after the first one loopscope sees): its samples are blamed
# once that stack is known, on the callback, not on main (the outermost
# frame of a hand-written loop).
blind_case() {
	"$FX/syscall-loop" block 150 0 60 >"$TMP/syscall-loop.out" 2>&1 &
	FXPID=$!
	sleep 0.2
	"$LOOPSCOPE" attach --method perf --duration 1 --format json "$FXPID" >"$TMP/s.json" 2>"$TMP/s.err" \
		|| { fail "blind: attach failed"; cat "$TMP/s.err"; }
	expect_untraced "$FXPID" blind
	echo "note: blind: $(jq -c '[.stalls[] | [.start_s, .duration_ms, .callback]]' "$TMP/s.json")"
	expect_eq "blind: every stall blamed on the callback" \
		"$(jq -r '[.stalls[] | select(.kind != "runqueue") | .callback] | unique | join(",")' "$TMP/s.json")" on_timerfd
	expect_alive_and_exit "$FXPID" syscall-loop
}

if "$LOOPSCOPE" attach --method perf --duration 0.1 "$$" >"$TMP/probe" 2>&1; then
	syscalls_case perf block
	syscalls_case perf chatty
	blind_case
else
	echo "note: perf refused here, perf path not tested: $(grep -o 'cannot use perf.*' "$TMP/probe")"
fi
syscalls_case ptrace block
syscalls_case ptrace chatty
done_testing
