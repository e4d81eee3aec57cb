#!/bin/sh
# t-sampler-valgrind.sh — the sampler's own code under Valgrind: its unit
# suites (snapshots, no ptrace; t-valgrind.sh leaves them out by name) and
# a whole `attach` against a stalling fixture (loopscope is the tracer,
# which Valgrind runs fine), with the stack table collected every tick
# (LOOPSCOPE_TEST_STACKS_GC=0) so its renumbering runs under Valgrind
# too. Any invalid access, uninitialised use or definite leak fails the
# test.
. tests/lib.sh
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
. testdata/sampler/lib.sh
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
n=0
for t in build/tests/test_sampler_*; do
	[ -x "$t" ] || continue
	n=$((n + 1))
	if CK_FORK=no $VG "$t" >"$TMP/out" 2>&1; then ok "valgrind $t"
	else fail "valgrind $t"; tail -n 40 "$TMP/out"; fi
done
[ "$n" -ge 3 ] && ok "$n sampler unit suites" || fail "only $n sampler unit suites built"
fx_start uv-timer off 150 300 600 # ended by SIGUSR1; valgrind on a loaded machine starts slowly
if LOOPSCOPE_TEST_STACKS_GC=0 $VG ./loopscope attach --duration 2 --format json --folded "$TMP/f" --svg "$TMP/s" "$FXPID" >"$TMP/v.json" 2>"$TMP/v.err"; then
	ok "attach under valgrind"
else
	fail "attach under valgrind"; tail -n 40 "$TMP/v.err"
fi
expect_nogrep "no valgrind errors in attach" '==[0-9]*== ' "$TMP/v.err"
n=$(jq '.stalls | length' "$TMP/v.json")
[ "$n" -ge 1 ] && ok "stalls found under valgrind ($n)" || fail "no stall found under valgrind"
expect_untraced "$FXPID" valgrind
expect_alive_and_exit "$FXPID" uv-timer
done_testing
