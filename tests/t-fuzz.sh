#!/bin/sh
# t-fuzz.sh — smoke-run every libFuzzer harness (tests/fuzz/, built by
# `make fuzz-build`, which `make check` does) for FUZZ_SMOKE seconds each
# (default 20) from its seed corpus: a crash, leak, sanitizer report or
# out-of-memory fails the test, with the input kept under build/fuzz/.
# The long runs are `make fuzz FUZZ_TIME=600` (see bench/RESULTS.md).
. tests/lib.sh
set -- build/fuzz/fuzz_*
[ -x "$1" ] || { echo "fuzz harnesses not built (make fuzz-build needs clang and libclang-rt-dev)"; exit 77; }
expect_eq "one harness per source" "$#" "$(ls tests/fuzz/fuzz_*.c | wc -l)"
for b in "$@"; do
	name=${b##*/fuzz_}
	[ -d "tests/fuzz/corpus/$name" ] && ok "$name: seed corpus in the tree" || fail "$name: no tests/fuzz/corpus/$name"
	if FUZZ_WORK=$TMP nice sh tests/fuzz/run.sh "$b" "${FUZZ_SMOKE:-20}" >"$TMP/$name.out" 2>&1; then
		ok "$(cat "$TMP/$name.out")"
	else
		fail "$name:"; cat "$TMP/$name.out"
	fi
done
done_testing
