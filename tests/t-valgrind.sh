#!/bin/sh
# t-valgrind.sh — loopscope's own code under Valgrind: the unit suites
# (in-process, CK_FORK=no) and a whole `check` run, workers included.
# Any invalid read/write, use of uninitialised memory or definite leak in
# loopscope's code fails the test.
. tests/lib.sh
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --suppressions=tests/valgrind.supp"
for t in build/tests/test_*; do
	[ -x "$t" ] || continue
	case $t in *sampler*) continue ;; esac # ptrace under valgrind is not meaningful
	if CK_FORK=no CK_DEFAULT_TIMEOUT=600 $VG "$t" >"$TMP/out" 2>&1; then
		ok "valgrind $t"
	else
		fail "valgrind $t"; tail -n 40 "$TMP/out"
	fi
done
if $VG --trace-children=yes ./loopscope check --color never -j 1 \
	testdata/check/blocking-epoll/*.c -- -Itestdata/check/blocking-epoll >"$TMP/out" 2>"$TMP/err"; then
	fail "check should exit 1 (findings)"
else
	rc=$?
	expect_eq "valgrind check exit status" "$rc" 1
fi
expect_nogrep "no valgrind errors in check" '== ' "$TMP/err"
done_testing
