#!/bin/sh
# t-sampler-blocked.sh — a loop whose every iteration blocks in a callback
# (its wait returns at once, its timer long expired) is seen by nearly
# every sample blocked in that syscall and hardly ever in its wait; it is
# still found as a loop without --thread. A thread blocked in read or
# nanosleep that never enters a wait (syscall-loop's helper, answering the
# loop's requests) is not taken for one. Cases: syscall-loop block (every
# iteration's on_timerfd blocks 150 ms in one read of a socket the helper
# answers late), epoll-loop off (every iteration's on_timerfd sleeps
# 150 ms), and syscall-loop block with a request every 450 ms (the helper
# then blocks in read most of the time; the loop idles in its wait). Run by `make check` on the default path and again with
# LOOPSCOPE_METHOD=ptrace (where the loop is found once a look at the
# thread blocked has it stopped at its syscalls and its wait comes).
. tests/lib.sh
. testdata/sampler/lib.sh

# blocked_case PROG MODE PERIOD_MS CALLBACK SYSCALL NTHREADS
blocked_case() {
	prog=$1 mode=$2 period=$3 cb=$4 sc=$5 nth=$6 name="$1 $2 every ${3} ms"
	"$FX/$prog" "$mode" 150 "$period" 60 >"$TMP/$prog.out" 2>&1 &
	FXPID=$!
	sleep 0.3
	"$LOOPSCOPE" attach --duration 2 --format json "$FXPID" >"$TMP/k.json" 2>"$TMP/k.err" \
		|| { fail "$name: attach failed"; cat "$TMP/k.err"; }
	expect_untraced "$FXPID" "$name"
	j=$TMP/k.json
	lived=$(awk '/^stall/{printf "%s%s", sep, $2; sep=","}' "$TMP/$prog.out")
	echo "note: $name, $(jq -r .method "$j") (load $(cut -d' ' -f1 /proc/loadavg)): $(jq -c '[.stalls[] | [.start_s, .duration_ms, .precision_ms, .kind, .syscall, .callback]]' "$j"), the program's own [$lived] ms, $(jq -c '[.threads[] | [.tid, .loop]]' "$j"), $(jq .summary.syscall_stops "$j") syscall-stops"
	expect_eq "$name: threads seen" "$(jq '.threads | length' "$j")" "$nth"
	expect_eq "$name: the loop thread found without --thread, named by its wait" \
		"$(jq -r '[.threads[] | select(.loop != null) | "\(.tid) \(.loop)"] | join(",")' "$j")" "$FXPID epoll_wait"
	sel='[.stalls[] | select(.ongoing == false and .start_s > 0.05 and .kind != "runqueue")]'
	n=$(jq "$sel | length" "$j")
	[ "$n" -ge 2 ] && ok "$name: $n complete stalls" || fail "$name: $n complete stalls, want >= 2"
	expect_eq "$name: callback, kind, syscall" \
		"$(jq -r "$sel | map([.callback, .kind, (.syscall // \"none\")] | join(\" \")) | unique | join(\",\")" "$j")" "$cb off-cpu $sc"
	bad=$(jq --argjson lived "[$lived]" "$sel | map(.duration_ms as \$d | (.precision_ms // 0) as \$p | select([\$lived[] | select(\$d >= . * 0.9 - \$p and \$d <= . * 1.1 + \$p)] | length == 0)) | map([.duration_ms, .precision_ms])" "$j")
	expect_eq "$name: stalls sized within 10% (or the stated precision) of the program's own measure" "$bad" "[]"
	expect_eq "$name: stalls in the order they began" "$(jq '[.stalls[].start_s] as $s | $s == ($s | sort)' "$j")" true
	expect_alive_and_exit "$FXPID" "$prog"
}

blocked_case syscall-loop block 0 on_timerfd read 2
blocked_case epoll-loop off 0 on_timerfd clock_nanosleep 1
blocked_case syscall-loop block 450 on_timerfd read 2
done_testing
