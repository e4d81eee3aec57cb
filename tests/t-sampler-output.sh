#!/bin/sh
# t-sampler-output.sh — attach's outputs (-o, --svg, --folded) on a full
# disk (/dev/full) say "cannot write FILE: reason" and exit 2, the target
# left running and untraced; the same outputs to files work; `run` exits 2
# when its report is lost. A stalling libuv fixture, so that every output has something to write.
. tests/lib.sh
[ -w /dev/full ] || { echo "no writable /dev/full here"; exit 77; }
. testdata/sampler/lib.sh
fx_start uv-timer on 150 300 60
for opt in -o --svg --folded; do
	"$LOOPSCOPE" attach --duration 1 --threshold 50 $opt /dev/full "$FXPID" >/dev/null 2>"$TMP/err"
	expect_eq "$opt /dev/full: exit 2" "$?" 2
	expect_grep "$opt /dev/full: says so" "cannot write /dev/full: No space left on device" "$TMP/err"
	expect_untraced "$FXPID" "$opt /dev/full"
done
"$LOOPSCOPE" attach --duration 1 --threshold 50 -o "$TMP/r.txt" --svg "$TMP/s.svg" --folded "$TMP/f.txt" "$FXPID" 2>"$TMP/err"
expect_eq "outputs to files: exit 0" "$?" 0
[ -s "$TMP/r.txt" ] && [ -s "$TMP/s.svg" ] && [ -s "$TMP/f.txt" ] && ok "outputs to files: all written" || fail "outputs to files: one is empty"
expect_alive_and_exit "$FXPID" uv-timer
# run: a lost report outranks the program's own status (5 here).
"$LOOPSCOPE" run --duration 1 -o /dev/full -- sh -c 'sleep 0.3; exit 5' >/dev/null 2>"$TMP/err"
expect_eq "run -o /dev/full: exit 2" "$?" 2
expect_grep "run -o /dev/full: says so" "cannot write /dev/full" "$TMP/err"
"$LOOPSCOPE" run --duration 1 -o "$TMP/run.txt" -- sh -c 'sleep 0.3; exit 5' >/dev/null 2>&1
expect_eq "run -o FILE: the program's status" "$?" 5
done_testing
