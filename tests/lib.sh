# lib.sh — helpers for test scripts; source it with `. tests/lib.sh`.
# LOOPSCOPE is the binary under test: the ASan build when it exists and
# is not older than ./loopscope (a plain `make` rebuilds only ./loopscope;
# testing a stale ASan build would test yesterday's code), else ./loopscope.
set -u
if [ -z "${LOOPSCOPE:-}" ]; then
	if [ -x build/asan/loopscope ] && ! [ loopscope -nt build/asan/loopscope ]; then
		LOOPSCOPE=$PWD/build/asan/loopscope
	else
		[ -x build/asan/loopscope ] &&
			echo "note: build/asan/loopscope is older than ./loopscope; testing ./loopscope (make asan to test under ASan)" >&2
		LOOPSCOPE=$PWD/loopscope
	fi
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Symbols come from local files only: a debuginfod server set in the
# environment would make tests slow, network-bound and unrepeatable (the
# debuginfod test sets its own).
unset DEBUGINFOD_URLS
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# expect_eq WHAT GOT WANT
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: got '$2', want '$3'"; fi; }
# expect_grep WHAT PATTERN FILE
expect_grep() { if grep -q -- "$2" "$3"; then ok "$1"; else fail "$1: no '$2' in $3:"; sed 's/^/  | /' "$3" | head -20; fi; }
expect_nogrep() { if grep -q -- "$2" "$3"; then fail "$1: unexpected '$2' in $3"; else ok "$1"; fi; }
done_testing() { [ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }; exit 0; }
