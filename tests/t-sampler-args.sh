#!/bin/sh
# t-sampler-args.sh — sampler options and target states, each bad case
# next to a good one: durations, rates and thresholds must be finite and
# above 0 (usage error, exit 2); a duration ends the run whatever the
# rate; a PID out of 1..INT_MAX is refused, not wrapped; `run` of a
# program that stops itself ends at the duration and leaves it stopped
# and untraced; a zombie is told it has exited.
. tests/lib.sh
. testdata/sampler/lib.sh
# the target outlives the test (a loaded machine stretched it past 60 s; it is killed at the end)
sleep 3600 & target=$!
trap 'kill "$target" 2>/dev/null; rm -rf "$TMP"' EXIT

for bad in "-d nan" "-d inf" "-d 0" "-d -1" "-r 0" "-r nan" "-r 20000" "-t 0" "-t inf" "--thread 0"; do
	# shellcheck disable=SC2086
	"$LOOPSCOPE" attach $bad "$target" >"$TMP/bad.out" 2>"$TMP/bad.err"
	expect_eq "attach $bad: usage error" "$?" 2
	expect_grep "attach $bad: says which option" "^loopscope: error: --[a-z]* must be" "$TMP/bad.err"
	expect_untraced "$target" "attach $bad"
done
"$LOOPSCOPE" attach -d 0.3 -r 50 -t 20 "$target" >"$TMP/good.out" 2>"$TMP/good.err"
expect_eq "attach -d 0.3 -r 50 -t 20: works" "$?" 0
expect_grep "attach -d 0.3 -r 50 -t 20: reports" "duration reached" "$TMP/good.out"

# A tick of 100 s must not outlast a 1 s duration (timeout: the old
# behaviour waited for the tick).
timeout 60 "$LOOPSCOPE" attach -d 1 -r 0.01 --format json "$target" >"$TMP/slow.json" 2>"$TMP/slow.err"
expect_eq "attach -d 1 -r 0.01: ends (not after the 100 s tick)" "$?" 0
expect_eq "attach -d 1 -r 0.01: ended by the duration" "$(jq -r .summary.end "$TMP/slow.json")" duration
expect_untraced "$target" "attach -d 1 -r 0.01"

for bad in 4294967297 2147483648 0 -5 12x " 7"; do
	"$LOOPSCOPE" attach -d 1 -- "$bad" >"$TMP/pid.out" 2>"$TMP/pid.err"
	expect_eq "attach '$bad': usage error" "$?" 2
	expect_grep "attach '$bad': not a PID" "is not a PID (1 to 2147483647)" "$TMP/pid.err"
	case $bad in -*) continue ;; esac
	"$LOOPSCOPE" dump "$bad" >"$TMP/pid.out" 2>"$TMP/pid.err"
	expect_eq "dump '$bad': usage error" "$?" 2
	expect_grep "dump '$bad': needs a PID" "dump needs one PID (1 to 2147483647)" "$TMP/pid.err"
done
expect_eq "PID 1 untouched by 4294967297" "$(awk '/^TracerPid:/{print $2}' /proc/1/status)" 0
"$LOOPSCOPE" dump --no-lines "$target" >"$TMP/dump.out" 2>&1
rc=$?
expect_eq "dump of a real PID works" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/  | /' "$TMP/dump.out"

# run: a program that stops itself; loopscope ends at the duration,
# exits 128+SIGSTOP like a shell, and leaves it stopped and untraced.
timeout --foreground 60 "$LOOPSCOPE" run -d 1 -o "$TMP/stop.txt" -- sh -c 'kill -STOP $$; exit 5' 2>"$TMP/stop.err"
expect_eq "run of a self-stopping program: 128+SIGSTOP" "$?" 147
expect_grep "run: says it is left stopped" "is stopped (SIGSTOP), left stopped and untraced" "$TMP/stop.err"
stopped=$(sed -n 's/.*(PID \([0-9]*\)) is stopped.*/\1/p' "$TMP/stop.err")
if [ -n "$stopped" ] && [ -e "/proc/$stopped" ]; then
	expect_eq "run: stopped program untraced" "$(awk '/^TracerPid:/{print $2}' /proc/$stopped/status)" 0
	expect_eq "run: program still stopped" "$(awk '{print $3}' /proc/$stopped/stat)" T
	kill -CONT "$stopped"
fi
timeout --foreground 60 "$LOOPSCOPE" run -d 1 -o "$TMP/ok.txt" -- sh -c 'sleep 0.2; exit 4' 2>"$TMP/ok.err"
expect_eq "run of a program that exits: its status" "$?" 4

# A zombie (exited, not reaped: `exec sleep` never waits for its child).
sh -c 'sleep 0 & echo $! >"$1"; exec sleep 30' sh "$TMP/zpid" & zparent=$!
i=0
while [ $i -lt 100 ]; do
	z=$(cat "$TMP/zpid" 2>/dev/null)
	[ -n "$z" ] && [ "$(awk '{print $3}' "/proc/$z/stat" 2>/dev/null)" = Z ] && break
	sleep 0.1; i=$((i + 1))
done
"$LOOPSCOPE" attach -d 1 "$z" >"$TMP/z.out" 2>"$TMP/z.err"
expect_eq "attach to a zombie: error" "$?" 2
expect_grep "zombie: its own message" "cannot attach to PID $z: it has exited" "$TMP/z.err"
expect_nogrep "zombie: not 'try as root'" "try as root" "$TMP/z.err"
"$LOOPSCOPE" attach -d 0.3 "$zparent" >"$TMP/zp.out" 2>"$TMP/zp.err"
expect_eq "attach to the zombie's live parent works" "$?" 0
kill "$zparent" "$target" 2>/dev/null
done_testing
