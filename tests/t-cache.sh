#!/bin/sh
# t-cache.sh — the incremental summary cache: a re-run with nothing
# changed parses nothing; a change to one header re-parses exactly the TUs
# that include it; a touch without a change re-parses nothing; other
# flags or models miss; the findings are the same warm and cold;
# --no-cache, --cache DIR and $XDG_CACHE_HOME; concurrent runs sharing a
# cache neither fail nor leave torn or temporary files; a corrupt entry
# is a miss.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

P=$TMP/p
C=$TMP/cache
make_project "$P"
run() { (cd "$P" && $LOOPSCOPE check --no-config --color never --format json "$@" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
counts() { echo "parsed=$(stat_of "$TMP/out" parsed) cached=$(stat_of "$TMP/out" cached)"; }
findings() { sed '/"stats"/,$d' "$TMP/out"; }

run --cache "$C"
expect_eq "cold: everything parsed" "$(counts)" "parsed=3 cached=0"
findings >"$TMP/cold"
run --cache "$C"
expect_eq "warm, nothing changed: nothing parsed" "$(counts)" "parsed=0 cached=3"
findings >"$TMP/warm"
if cmp -s "$TMP/cold" "$TMP/warm"; then ok "warm findings identical to cold"; else fail "warm findings differ"; diff "$TMP/cold" "$TMP/warm" | head; fi
expect_eq "warm: same exit status" "$(cat "$TMP/rc")" 1

# io.h is included by io.c only; common.h by all three.
printf '/* a comment */\n' >>"$P/io.h"
run --cache "$C"
expect_eq "io.h changed: only io.c re-parsed" "$(counts)" "parsed=1 cached=2"
run --cache "$C"
expect_eq "then warm again" "$(counts)" "parsed=0 cached=3"
printf '/* a comment */\n' >>"$P/common.h"
run --cache "$C"
expect_eq "common.h changed: all three re-parsed" "$(counts)" "parsed=3 cached=0"
sed -i 's|^\tsleep(1);$|\tsleep(2);|' "$P/helpers.c"
run --cache "$C"
expect_eq "helpers.c changed, same size: only it re-parsed" "$(counts)" "parsed=1 cached=2"
touch -d '2001-01-01' "$P/io.h" "$P/main.c"
run --cache "$C"
expect_eq "touched without a change: nothing parsed" "$(counts)" "parsed=0 cached=3"

# A change the analysis must see is seen.
sed -i 's|^\tsleep(2);$|\tsleep(2);\n\tusleep(300000);|' "$P/helpers.c"
run --cache "$C"
expect_grep "an added finding appears after a cached run" '"line": 6,' "$TMP/out"
expect_eq "... with helpers.c re-parsed" "$(counts)" "parsed=1 cached=2"

# Other compile flags, other models: misses.
write_compdb "$P" main.c helpers.c io.c -- -DEXTRA=1
run --cache "$C"
expect_eq "other flags: all re-parsed" "$(counts)" "parsed=3 cached=0"
run --cache "$C"
expect_eq "other flags, warm" "$(counts)" "parsed=0 cached=3"
printf 'model: extra\nblocking:\n  - {call: frobnicate, rule: blocking-sleep}\n' >"$TMP/extra.yml"
run --cache "$C" --model "$TMP/extra.yml"
expect_eq "another model: all re-parsed" "$(counts)" "parsed=3 cached=0"

# --no-cache: parses, reads and writes nothing.
rm -rf "$C"
run --no-cache
expect_eq "--no-cache: everything parsed" "$(counts)" "parsed=3 cached=0"
run --no-cache
expect_eq "--no-cache: again" "$(counts)" "parsed=3 cached=0"
[ -e "$C" ] && fail "--no-cache created the cache" || ok "--no-cache writes nothing"
run --no-cache --cache "$C"
expect_eq "--no-cache with --cache: exit 2" "$(cat "$TMP/rc")" 2

# The default: $XDG_CACHE_HOME/loopscope, else ~/.cache/loopscope.
(cd "$P" && XDG_CACHE_HOME=$TMP/xdg $LOOPSCOPE check --no-config -q >/dev/null 2>&1)
[ -d "$TMP/xdg/loopscope" ] && ok "XDG_CACHE_HOME/loopscope is the default" || fail "no cache in \$XDG_CACHE_HOME/loopscope"
(cd "$P" && env -u XDG_CACHE_HOME HOME=$TMP/home $LOOPSCOPE check --no-config -q >/dev/null 2>&1)
[ -d "$TMP/home/.cache/loopscope" ] && ok "~/.cache/loopscope without XDG_CACHE_HOME" || fail "no cache in ~/.cache/loopscope"
(cd "$P" && XDG_CACHE_HOME=$TMP/xdg $LOOPSCOPE check --no-config --format json >"$TMP/out" 2>&1)
expect_eq "default cache is used warm" "$(counts)" "parsed=0 cached=3"
# An unusable cache directory: a warning, and the run goes on.
printf 'x' >"$TMP/notadir"
run --cache "$TMP/notadir/cache"
expect_eq "unusable cache: the run goes on" "$(cat "$TMP/rc")" 1
expect_grep "unusable cache: a warning" 'warning: cannot use the cache directory' "$TMP/err"

# Concurrent runs sharing one cache.
rm -rf "$C"
for i in 1 2 3 4; do
	(cd "$P" && $LOOPSCOPE check --no-config --format json --cache "$C" >"$TMP/par$i" 2>"$TMP/par$i.err"; echo $? >"$TMP/par$i.rc") &
done
wait
for i in 1 2 3 4; do
	expect_eq "concurrent run $i: exit 1 (findings)" "$(cat "$TMP/par$i.rc")" 1
	expect_eq "concurrent run $i: nothing on stderr" "$(cat "$TMP/par$i.err")" ""
done
n=$(find "$C" -name '*.json' | wc -l | tr -d ' ')
expect_eq "concurrent runs: one entry per TU" "$n" 3
expect_eq "concurrent runs: no temporary files left" "$(find "$C" -name '*.tmp*' | wc -l | tr -d ' ')" 0
run --cache "$C"
expect_eq "after concurrent runs: all cached" "$(counts)" "parsed=0 cached=3"

# A corrupt entry is a miss, and is replaced.
e=$(find "$C" -name '*.json' | head -n 1)
printf '{"salt": "x", "summ' >"$e"
run --cache "$C"
expect_eq "corrupt entry: one re-parse" "$(counts)" "parsed=1 cached=2"
run --cache "$C"
expect_eq "corrupt entry: replaced" "$(counts)" "parsed=0 cached=3"

# A TU that did not parse cleanly is not cached.
printf 'int broken(void) { return undeclared_thing; }\n' >"$P/bad.c"
write_compdb "$P" main.c helpers.c io.c bad.c -- -DEXTRA=1
run --cache "$C"
run --cache "$C"
expect_eq "a TU with errors is parsed every time" "$(counts)" "parsed=1 cached=3"

done_testing
