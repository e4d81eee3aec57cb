#!/bin/sh
# t-shard.sh — `check --shard K/N --summaries-out DIR` then `link DIR...`
# reports exactly what one unsharded run does (JSON findings byte for
# byte, text report line for line, SARIF results), whether the shards
# write to one directory or several; every file lands in exactly one
# shard; a missing shard, a mixed directory and bad --shard values are
# errors.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

P=$TMP/p
make_project "$P"
# More files, so that three shards each get some.
for i in 1 2 3 4 5 6; do
	cat >"$P/extra$i.c" <<EOC
#include <unistd.h>
#include <uv.h>
static void cb$i(uv_idle_t *h) { (void)h; sleep($i); }
void start$i(uv_loop_t *loop, uv_idle_t *h) { uv_idle_init(loop, h); uv_idle_start(h, cb$i); }
EOC
done
write_compdb "$P" main.c helpers.c io.c extra1.c extra2.c extra3.c extra4.c extra5.c extra6.c
ls_() { (cd "$P" && $LOOPSCOPE "$@"); }
findings() { sed '/"stats"/,$d' "$1"; }

ls_ check --no-cache --no-config --format json >"$TMP/single.json" 2>"$TMP/err"
expect_eq "single run: exit 1" "$?" 1
ls_ check --no-cache --no-config --color never >"$TMP/single.txt" 2>&1
ls_ check --no-cache --no-config --format sarif >"$TMP/single.sarif" 2>&1

total=0
for k in 1 2 3; do
	ls_ check --no-cache --no-config --shard $k/3 --summaries-out "$TMP/s$k" >"$TMP/out" 2>"$TMP/err"
	expect_eq "shard $k/3: exit 0" "$?" 0
	expect_eq "shard $k/3: quiet" "$(cat "$TMP/out" "$TMP/err")" ""
	n=$(ls "$TMP/s$k" 2>/dev/null | wc -l | tr -d ' ')
	[ "$n" -gt 0 ] && ok "shard $k/3 has files ($n)" || fail "shard $k/3 is empty"
	total=$((total + n))
done
expect_eq "every file in exactly one shard" "$total" 9
expect_eq "no file in two shards" "$(ls "$TMP/s1" "$TMP/s2" "$TMP/s3" | grep json | sort | uniq -d)" ""

ls_ link --no-config --format json "$TMP/s1" "$TMP/s2" "$TMP/s3" >"$TMP/linked.json" 2>"$TMP/err"
expect_eq "link: exit 1 like the single run" "$?" 1
findings "$TMP/single.json" >"$TMP/a"
findings "$TMP/linked.json" >"$TMP/b"
if cmp -s "$TMP/a" "$TMP/b"; then ok "link: JSON findings byte-identical to one run"
else fail "link: JSON findings differ"; diff "$TMP/a" "$TMP/b" | head -20; fi
expect_eq "link: same number of files in stats" "$(stat_of "$TMP/linked.json" files)" 9
expect_eq "link: all analyzed" "$(stat_of "$TMP/linked.json" analyzed)" 9
[ "$(stat_of "$TMP/linked.json" sites)" -ge 10 ] && ok "link: findings found" || fail "link: too few findings"
ls_ link --no-config --color never "$TMP/s3" "$TMP/s1" "$TMP/s2" >"$TMP/linked.txt" 2>&1
if cmp -s "$TMP/single.txt" "$TMP/linked.txt"; then ok "link: text report identical, whatever the order of the directories"
else fail "link: text report differs"; diff "$TMP/single.txt" "$TMP/linked.txt" | head -20; fi
ls_ link --no-config --format sarif "$TMP/s1" "$TMP/s2" "$TMP/s3" >"$TMP/linked.sarif" 2>&1
if cmp -s "$TMP/single.sarif" "$TMP/linked.sarif"; then ok "link: SARIF identical"
else fail "link: SARIF differs"; diff "$TMP/single.sarif" "$TMP/linked.sarif" | head -20; fi

# All shards into one directory.
for k in 1 2 3; do ls_ check --no-cache --no-config --shard $k/3 --summaries-out "$TMP/all" >/dev/null 2>&1; done
ls_ link --no-config --format json "$TMP/all" >"$TMP/linked2.json" 2>&1
findings "$TMP/linked2.json" >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" && ok "link: one shared directory, identical" || fail "link: one shared directory differs"

# Report options work on link as on check.
ls_ link --no-config --rules blocking-file-io --color never "$TMP/all" >"$TMP/out" 2>&1
expect_eq "link --rules" "$(found "$TMP/out" | tr '\n' ' ')" "io.c:6:blocking-file-io io.c:8:blocking-file-io "
ls_ link --no-config --write-baseline "$TMP/base.json" "$TMP/all" >/dev/null 2>&1
ls_ link --no-config --baseline "$TMP/base.json" "$TMP/all" >"$TMP/out" 2>&1
expect_eq "link --baseline: exit 0" "$?" 0
ls_ link --no-config --fail-on none -o "$TMP/report.txt" "$TMP/all" >/dev/null 2>&1
expect_eq "link --fail-on none -o: exit 0" "$?" 0
expect_grep "link -o writes the report" 'findings (.*sites) in 9 files' "$TMP/report.txt"
sed -i 's|^\tusleep(200000);$|\tusleep(200000); // loopscope: ignore[blocking-sleep]|' "$P/main.c"
ls_ link --no-config --color never "$TMP/all" >"$TMP/out" 2>&1
expect_nogrep "link applies suppressions" '^main.c:9:' "$TMP/out"
printf 'rules: [blocking-file-io]\n' >"$P/.loopscope.yml"
ls_ link --color never "$TMP/all" >"$TMP/out" 2>&1
expect_eq "link reads .loopscope.yml" "$(found "$TMP/out" | tr '\n' ' ')" "io.c:6:blocking-file-io io.c:8:blocking-file-io "
rm -f "$P/.loopscope.yml"

# A missing shard: reported, and the run fails.
ls_ link --no-config --format json "$TMP/s1" "$TMP/s2" >"$TMP/out" 2>"$TMP/err"
expect_eq "missing shard: exit 1" "$?" 1
expect_grep "missing shard: says how many files" "no summaries for $(ls "$TMP/s3" | wc -l | tr -d ' ') of the 9 files" "$TMP/err"
# A file that crashed in its shard is reported by link too.
ASAN_OPTIONS="$ASAN_OPTIONS:handle_segv=0" LOOPSCOPE_TEST_CRASH=extra4.c ls_ check --no-cache --no-config --shard 1/1 --summaries-out "$TMP/crash" >/dev/null 2>"$TMP/err"
expect_eq "shard with a crashed file: exit 1" "$?" 1
ls_ link --no-config "$TMP/crash" >/dev/null 2>"$TMP/err"
expect_eq "link of a shard with a crashed file: exit 1" "$?" 1
expect_grep "link names the crashed file" 'extra4.c: the analysis crashed' "$TMP/err"

ls_ check --no-cache --no-config --shard 1/3 --summaries-out "$TMP/w" --format sarif >/dev/null 2>"$TMP/err"
expect_grep "report options with --summaries-out: a warning" "report options are ignored with --summaries-out" "$TMP/err"

# Errors.
ls_ check --no-cache --no-config --shard 2/3 >/dev/null 2>"$TMP/err"
expect_eq "--shard without --summaries-out: exit 2" "$?" 2
expect_grep "--shard without --summaries-out: says so" 'needs --summaries-out' "$TMP/err"
for bad in 0/3 4/3 3 a/b 1/0; do
	ls_ check --no-cache --no-config --shard $bad --summaries-out "$TMP/x" >/dev/null 2>"$TMP/err"
	expect_eq "--shard $bad: exit 2" "$?" 2
done
mkdir -p "$TMP/empty"
ls_ link --no-config "$TMP/empty" >/dev/null 2>"$TMP/err"
expect_eq "link of an empty directory: exit 2" "$?" 2
expect_grep "link of an empty directory: says so" 'no summaries in' "$TMP/err"
ls_ link --no-config >/dev/null 2>"$TMP/err"
expect_eq "link without directories: exit 2" "$?" 2
write_compdb "$P" main.c helpers.c
ls_ check --no-cache --no-config --summaries-out "$TMP/mixed" >/dev/null 2>&1
for f in "$TMP/s1"/*.json; do cp "$f" "$TMP/mixed/x$(basename "$f")"; done
ls_ link --no-config "$TMP/mixed" >/dev/null 2>"$TMP/err"
expect_eq "mixed compile databases: exit 2" "$?" 2
expect_grep "mixed compile databases: says so" 'from a compile database of' "$TMP/err"
# Models: the same models in another place link quietly; other models
# are said once, not per summary.
write_compdb "$P" main.c helpers.c io.c extra1.c extra2.c extra3.c
printf 'model: inhouse\nblocking:\n  - {call: start1, rule: blocking-sleep}\n' >"$TMP/m1.yml"
mkdir -p "$TMP/elsewhere" && cp "$TMP/m1.yml" "$TMP/elsewhere/m1.yml"
ls_ check --no-cache --no-config --model "$TMP/m1.yml" --summaries-out "$TMP/models" >/dev/null 2>&1
ls_ link --no-config --model "$TMP/elsewhere/m1.yml" "$TMP/models" >/dev/null 2>"$TMP/err"
expect_eq "the same models from another path: no warning" "$(cat "$TMP/err")" ""
ls_ link --no-config "$TMP/models" >/dev/null 2>"$TMP/err"
expect_eq "other models: one warning for all the summaries" \
	"$(grep -c 'extracted with other models' "$TMP/err")" 1
printf 'not json' >"$TMP/empty/x.json"
ls_ link --no-config "$TMP/empty" >/dev/null 2>"$TMP/err"
expect_grep "a file that is no summary: named" 'x.json: not a valid summary: 1:[0-9]*: ' "$TMP/err"

done_testing
