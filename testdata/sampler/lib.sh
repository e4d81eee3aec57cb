# lib.sh — helpers for the sampler tests (tests/t-sampler-*.sh), sourced
# after tests/lib.sh. Builds the target programs, skips (77) with the
# kernel's reason when ptrace is refused, and checks a report's JSON.
FX=$PWD/build/sampler-fixtures
command -v jq >/dev/null || { echo "jq is not installed (tools/install-deps.sh installs it)"; exit 77; }
if ! make -s -C testdata/sampler OUT="$FX" >"$TMP/fxbuild" 2>&1; then
	cat "$TMP/fxbuild"; echo "FAIL: sampler fixtures do not build"; exit 1
fi
# ptrace probe: dump a sleeping child; refuse -> skip with the reason.
sleep 5 & probe=$!
if ! "$LOOPSCOPE" dump --no-lines "$probe" >"$TMP/probe" 2>&1; then
	kill "$probe" 2>/dev/null
	if grep -q "cannot attach" "$TMP/probe"; then
		echo "ptrace refused here: $(grep 'cannot attach' "$TMP/probe")"; exit 77
	fi
fi
kill "$probe" 2>/dev/null; wait "$probe" 2>/dev/null

# fx_start PROG MODE STALL_MS PERIOD_MS RUNTIME_S: start a fixture, its
# heartbeats in $TMP/PROG.out; sets FXPID.
fx_start() {
	"$FX/$1" "$2" "$3" "$4" "$5" >"$TMP/$1.out" 2>&1 &
	FXPID=$!
	sleep 0.3
}

# wait_traced PID TRACER (uses i): until TRACER holds PID (loopscope's start-up
# is slow under ASan on a loaded machine); at most 30 s.
wait_traced() {
	i=0
	while [ "$(awk '/^TracerPid:/{print $2}' /proc/$1/status 2>/dev/null)" != "$2" ] && [ $i -lt 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

# untraced PID: the target is not stopped and has no tracer.
expect_untraced() {
	expect_eq "$2: TracerPid of $1 after detach" "$(awk '/^TracerPid:/{print $2}' /proc/$1/status)" 0
	st=$(awk '{print $3}' /proc/$1/stat)
	case $st in t|T) fail "$2: $1 left stopped (state $st)" ;; *) ok "$2: $1 running (state $st)" ;; esac
}

# expect_alive_and_exit PID NAME: still beating after detach, and exits
# with the fixtures' own status (3) when told to (SIGUSR1).
expect_alive_and_exit() {
	b1=$(grep -c beat "$TMP/$2.out")
	sleep 0.5
	b2=$(grep -c beat "$TMP/$2.out")
	if [ "$b2" -gt "$b1" ]; then ok "$2 answers after detach ($b1 -> $b2 beats)"
	else fail "$2 stopped answering after detach ($b1 -> $b2 beats)"; fi
	kill -USR1 "$1" 2>/dev/null
	wait "$1"; rc=$?
	expect_eq "$2 exits with its own status" "$rc" 3
}

# check_stalls JSON NAME CALLBACK KIND SYSCALL RULE STALL_MS: at least two
# complete stalls blamed on CALLBACK, of KIND (and SYSCALL when off-cpu),
# mapped to RULE, sized within 10% of STALL_MS, and the whole blamed chain
# CALLBACK -> ... -> handle_request present with file:line.
check_stalls() {
	j=$1 name=$2 cb=$3 kind=$4 sc=$5 rule=$6 ms=$7
	lo=$((ms * 9 / 10))
	# A loop starved of a CPU on a loaded machine is reported as kind
	# runqueue (the machine's, no callback, no rule): not the code's.
	sel='[.stalls[] | select(.ongoing == false and .start_s > 0.05 and .kind != "runqueue")]'
	expect_eq "$name: runqueue stalls blame nothing" "$(jq '[.stalls[] | select(.kind == "runqueue" and (.callback != null or .rule != null))] | length' "$j")" 0
	n=$(jq "$sel | length" "$j")
	[ "$n" -ge 2 ] && ok "$name: $n complete stalls" || { fail "$name: $n complete stalls, want >= 2"; jq -c '.stalls[] | [.callback,.kind,.duration_ms]' "$j"; }
	expect_eq "$name: callbacks" "$(jq -r "$sel | map(.callback) | unique | join(\",\")" "$j")" "$cb"
	expect_eq "$name: kind" "$(jq -r "$sel | map(.kind) | unique | join(\",\")" "$j")" "$kind"
	expect_eq "$name: syscall" "$(jq -r "$sel | map(.syscall // \"none\") | unique | join(\",\")" "$j")" "$sc"
	expect_eq "$name: rule" "$(jq -r "$sel | map(.rule // \"none\") | unique | join(\",\")" "$j")" "$rule"
	# Sized within 10% of what the program measured itself (on a loaded
	# machine a 200 ms stall lasts longer than 200 ms).
	lived=$(awk '/^stall/{printf "%s%s", sep, $2; sep=","}' "$TMP/${name%% *}.out")
	# A stall may miss 10% only by as much as the report says its edges
	# are uncertain (the sampler itself delayed on a loaded machine).
	bad=$(jq --argjson lived "[$lived]" "$sel | map(.duration_ms as \$d | (.precision_ms // 0) as \$p | select([\$lived[] | select(\$d >= . * 0.9 - \$p and \$d <= . * 1.1 + \$p)] | length == 0)) | map([.duration_ms, .precision_ms])" "$j")
	expect_eq "$name: stalls sized within 10% (or the stated precision) of the program's own measure" "$bad" "[]"
	tooshort=$(jq "$sel | map(select(.duration_ms + .precision_ms < $lo)) | length" "$j")
	expect_eq "$name: no stall shorter than 90% of the ${ms} ms asked for" "$tooshort" 0
	prec=$(jq "$sel | map(select(.precision_ms > $ms / 10)) | length" "$j")
	[ "$prec" -eq 0 ] && ok "$name: precision within 10% on every stall" || echo "note: $name: $prec stall(s) with precision over 10% (sampler delayed: load $(cut -d' ' -f1 /proc/loadavg))"
	expect_eq "$name: blamed chain" "$(jq -r "$sel | .[0].stack | map(.function) | map(select(. == \"handle_request\" or . == \"$cb\")) | join(\",\")" "$j")" "handle_request,$cb"
	expect_eq "$name: file:line of the callback" "$(jq -r "$sel | .[0].stack[-1] | (.file | split(\"/\") | last) + \":\" + (.line | tostring)" "$j" | sed 's/:[0-9]*$/:N/')" "$(printf '%s' "$FXSRC"):N"
	expect_eq "$name: loop thread found" "$(jq '[.threads[] | select(.loop != null)] | length' "$j")" 1
	expect_eq "$name: stalls in the order they began" "$(jq '[.stalls[].start_s] as $s | $s == ($s | sort)' "$j")" true
}

# attach_fixture PROG CALLBACK SRC MODE: the whole round trip for one mode.
attach_fixture() {
	prog=$1 cb=$2 FXSRC=$3 mode=$4
	fx_start "$prog" "$mode" 200 450 60
	"$LOOPSCOPE" attach --duration 2 --format json "$FXPID" >"$TMP/$prog-$mode.json" 2>"$TMP/$prog-$mode.err" \
		|| { fail "$prog $mode: attach failed"; cat "$TMP/$prog-$mode.err"; }
	expect_untraced "$FXPID" "$prog $mode"
	if [ "$mode" = off ]; then
		check_stalls "$TMP/$prog-$mode.json" "$prog $mode" "$cb" off-cpu clock_nanosleep blocking-sleep 200
	else
		check_stalls "$TMP/$prog-$mode.json" "$prog $mode" "$cb" on-cpu none cpu-bound-callback 200
	fi
	expect_alive_and_exit "$FXPID" "$prog"
}

# on_both_paths CASE: CASE perf off, CASE perf on (when the kernel allows
# perf here; else a note saying why not), CASE ptrace off, CASE ptrace on.
on_both_paths() {
	if "$LOOPSCOPE" attach --method perf --duration 0.1 "$$" >"$TMP/probe" 2>&1; then
		"$1" perf off
		"$1" perf on
	else
		echo "note: perf refused here, perf path not tested: $(grep -o 'cannot use perf.*' "$TMP/probe")"
	fi
	"$1" ptrace off
	"$1" ptrace on
}

# saturated_case PROG METHOD MODE: PROG (busy-loop, ready-loop: a loop
# never found idle, one 150 ms stall in on_request a second after it sees
# itself traced) attached for 5 s by METHOD: exactly one stall of the
# code, blamed on on_request, of the right kind, sized within 10% of what
# the program measured itself, or within the precision the report states.
saturated_case() {
	prog=$1 m=$2 mode=$3 name="$1 $2 $3"
	"$FX/$prog" "$mode" 150 1000 60 >"$TMP/$prog.out" 2>&1 &
	FXPID=$!
	sleep 0.3
	"$LOOPSCOPE" attach --method "$m" --duration 5 --format json "$FXPID" >"$TMP/b.json" 2>"$TMP/b.err" \
		|| { fail "$name: attach failed"; cat "$TMP/b.err"; }
	expect_untraced "$FXPID" "$name"
	j=$TMP/b.json
	expect_eq "$name: method in the header" "$(jq -r .method "$j")" "$m"
	expect_eq "$name: loop thread found without --thread" "$(jq -r '[.threads[] | select(.loop != null) | .loop] | join(",")' "$j")" epoll_wait
	lived=$(awk '/^stall/{print $2}' "$TMP/$prog.out")
	[ -n "$lived" ] || fail "$name: the program did not stall while attached"
	echo "note: $name (load $(cut -d' ' -f1 /proc/loadavg)): $(jq -c '[.stalls[] | {kind, before_attach, duration_ms, precision_ms, on_cpu_ms, runqueue_ms}]' "$j"), the program's own ${lived:-?} ms, startup $(jq '.summary.startup_ms | round' "$j") ms"
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
	# the machine's share, allowed on top). The program stalls DELAY_MS
	# after it sees the tracer, which is before loopscope observes: a
	# start-up slower than that (a loaded machine) finds the stall under
	# way, reported begun before attach with its length a lower bound.
	within=$(jq --argjson lived "${lived:-0}" "$code | .[0]"' | .duration_ms as $d | (.precision_ms // 0) as $p
		| (($d >= $lived * 0.9 - $p or .before_attach) and $d <= $lived * 1.1 + $p + (.runqueue_ms // 0))' "$j")
	expect_eq "$name: sized within 10% of ${lived:-?} ms ($(jq -c "$code | .[0] | [.duration_ms, .precision_ms]" "$j"))" "$within" true
	# a starved stretch blames no callback and has the account to show it
	expect_eq "$name: runqueue stalls blame nothing" "$(jq '[.stalls[] | select(.kind == "runqueue" and (.callback != null or .runqueue_ms == null))] | length' "$j")" 0
	kill -USR1 "$FXPID" 2>/dev/null
	wait "$FXPID"
}
