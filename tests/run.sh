#!/bin/sh
# run.sh — run every test script tests/t-*.sh; each exits 0 (pass),
# 77 (skipped, with its reason on stdout) or anything else (fail).
# Usage: sh tests/run.sh [NAME-GLOB]
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0 skip=0 failed=""
for t in tests/t-${1:-*}.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	log="build/tests/$name.log"
	mkdir -p build/tests
	if sh "$t" >"$log" 2>&1; then
		rc=0
	else
		rc=$?
	fi
	case $rc in
	0) pass=$((pass + 1)); echo "PASS $name" ;;
	77) skip=$((skip + 1)); echo "SKIP $name: $(tail -n 1 "$log")" ;;
	*) fail=$((fail + 1)); failed="$failed $name"; echo "FAIL $name (exit $rc), last lines of $log:"
	   tail -n 25 "$log" | sed 's/^/    /' ;;
	esac
done
echo "tests: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
