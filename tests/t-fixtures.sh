#!/bin/sh
# t-fixtures.sh — every analyzer fixture in testdata/check/*/ agrees with
# its /* expect: */ marks both ways (see tests/fixture-expect.sh).
. tests/lib.sh
n=0
for d in testdata/check/*/; do
	[ "$(basename "$d")" = include ] && continue
	ls "$d"*.c >/dev/null 2>&1 || continue
	n=$((n + 1))
	if LOOPSCOPE=$LOOPSCOPE sh tests/fixture-expect.sh "$d" >"$TMP/res" 2>&1; then
		ok "$(tail -n 1 "$TMP/res")"
	else
		fail "$d"; sed 's/^/  | /' "$TMP/res"
	fi
done
[ "$n" -gt 0 ] || fail "no fixtures found"
done_testing
