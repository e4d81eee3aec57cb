#!/bin/sh
# t-hostile-files.sh — the readers and writers of check and link stand up
# to damaged or hostile files, each tried both ways (the bad file gives the
# documented one-line error or warning and exit status; the good one next
# to it still works):
#   YAML (models, .loopscope.yml): nesting 50,000 deep, an alias bomb of
#     nine levels of ten aliases, a duplicate key -> FILE:LINE:COL, exit 2
#   a FIFO where a file is expected (model, config, baseline, cache entry,
#     summary) -> "not a regular file", never a hang
#   summaries: a cache entry without usr or with a mistyped name is a miss
#     (warned once, the file analyzed again); such a `link` input is
#     "FILE: not a valid summary", exit 2
#   writes: --write-baseline through a symlink replaces the target, keeps
#     the link; a FIFO in the way is refused and left alone; -o, stdout
#     and baselines on a full disk (/dev/full) say "cannot write", exit 2
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

P=$TMP/p
make_project "$P"
run() { (cd "$P" && timeout 60 $LOOPSCOPE "$@" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
chk() { run check --no-cache --no-config --color never "$@"; }

# --- YAML --------------------------------------------------------------------
cat >"$TMP/good.yml" <<'EOY'
model: inhouse
anchors: &calls [{call: my_sleep, rule: blocking-sleep}]
blocking: *calls
EOY
chk --model "$TMP/good.yml"
expect_eq "a model with an alias: exit 1 (findings)" "$(rc)" 1
expect_eq "a model with an alias: silent" "$(grep -v 'unknown key' "$TMP/err")" ""

{ printf 'model: deep\nx: '; awk 'BEGIN { for (i = 0; i < 50000; i++) printf "["; for (i = 0; i < 50000; i++) printf "]"; print "" }'; } >"$TMP/deep.yml"
chk --model "$TMP/deep.yml"
expect_eq "nesting 50000 deep: exit 2" "$(rc)" 2
expect_grep "nesting 50000 deep: FILE:LINE:COL" "deep.yml:2:[0-9]*: nested deeper than 64 levels" "$TMP/err"

{
	echo 'model: bomb'
	echo 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'
	for i in 1 2 3 4 5 6 7 8 9; do
		p=$((i - 1))
		echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
	done
} >"$TMP/bomb.yml"
chk --model "$TMP/bomb.yml"
expect_eq "alias bomb in a model: exit 2" "$(rc)" 2
expect_grep "alias bomb in a model: FILE:LINE:COL" "bomb.yml:[0-9]*:[0-9]*: aliases expand to more than 100000 nodes" "$TMP/err"
cp "$TMP/bomb.yml" "$P/.loopscope.yml"
sed -i 's/^model: bomb$/rules: "*"/' "$P/.loopscope.yml"
run check --no-cache --color never
expect_eq "alias bomb in .loopscope.yml: exit 2" "$(rc)" 2
expect_grep "alias bomb in .loopscope.yml: named" ".loopscope.yml:[0-9]*:[0-9]*: aliases expand" "$TMP/err"
rm -f "$P/.loopscope.yml"

printf 'model: dup\nheaders: [a.h]\nheaders: [b.h]\n' >"$TMP/dup.yml"
chk --model "$TMP/dup.yml"
expect_eq "duplicate key: exit 2" "$(rc)" 2
expect_grep "duplicate key: FILE:LINE:COL" "dup.yml:3:1: duplicate key 'headers'" "$TMP/err"
printf 'fail_on: none\nfail_on: error\n' >"$P/.loopscope.yml"
run check --no-cache --color never
expect_eq "duplicate key in .loopscope.yml: exit 2" "$(rc)" 2
expect_grep "duplicate key in .loopscope.yml: named" ".loopscope.yml:2:1: duplicate key 'fail_on'" "$TMP/err"
printf 'fail_on: none\n' >"$P/.loopscope.yml"
run check --no-cache --color never
expect_eq "the same .loopscope.yml without the duplicate: exit 0" "$(rc)" 0
rm -f "$P/.loopscope.yml"

# --- FIFOs where files are expected ---------------------------------------------
mkfifo "$TMP/fifo"
chk --model "$TMP/fifo"
expect_eq "FIFO as a model: exit 2" "$(rc)" 2
expect_grep "FIFO as a model: says so" "fifo: not a regular file" "$TMP/err"
run check --no-cache --config "$TMP/fifo"
expect_eq "FIFO as the configuration: exit 2" "$(rc)" 2
expect_grep "FIFO as the configuration: says so" "fifo: cannot read the configuration: not a regular file" "$TMP/err"
chk --baseline "$TMP/fifo"
expect_eq "FIFO as a baseline: exit 2" "$(rc)" 2
expect_grep "FIFO as a baseline: says so" "fifo: cannot read the baseline: not a regular file" "$TMP/err"

# --- cache entries ---------------------------------------------------------------
C=$TMP/cache
run check --no-config --cache "$C" --format json
cp "$TMP/out" "$TMP/ref.json"
expect_eq "cache filled: exit 1" "$(rc)" 1
n=$(find "$C" -name '*.json' | wc -l)
expect_eq "cache: one entry per file" "$n" 3
for e in $(find "$C" -name '*.json'); do
	jq -c 'del(.summary.functions[0].usr)' "$e" >"$e.tmp" && mv "$e.tmp" "$e"
done
run check --no-config --cache "$C" --format json
expect_eq "cache entries without usr: exit 1 as before" "$(rc)" 1
expect_eq "cache entries without usr: the same findings" "$(jq -c .findings "$TMP/out")" "$(jq -c .findings "$TMP/ref.json")"
expect_eq "cache entries without usr: one warning" "$(grep -c 'ignoring a damaged cache entry' "$TMP/err")" 1
expect_grep "cache entries without usr: names the problem" "functions\[0\]: 'usr' is missing" "$TMP/err"
run check --no-config --cache "$C" --format json
expect_eq "the entries were rewritten: no warning" "$(cat "$TMP/err")" ""
expect_eq "the entries were rewritten: all hits" "$(jq .stats.cached "$TMP/out")" 3
e=$(find "$C" -name '*.json' | head -n 1)
rm "$e" && mkfifo "$e"
run check --no-config --cache "$C" --format json
expect_eq "a FIFO as a cache entry: exit 1 as before" "$(rc)" 1
expect_grep "a FIFO as a cache entry: a warning" "not a regular file" "$TMP/err"

# --- link inputs -----------------------------------------------------------------
S=$TMP/sums
run check --no-cache --no-config --summaries-out "$S"
run link --no-config "$S"
expect_eq "link of good summaries: exit 1 (findings)" "$(rc)" 1
f=$S/000000.json
cp "$f" "$TMP/orig.json"
jq -c 'del(.summary.functions[0].usr)' "$TMP/orig.json" >"$f"
run link --no-config "$S"
expect_eq "a summary without usr: exit 2" "$(rc)" 2
expect_grep "a summary without usr: named" "000000.json: not a valid summary: functions\[0\]: 'usr' is missing" "$TMP/err"
jq -c '.summary.functions[0].calls[0].name = 5' "$TMP/orig.json" >"$f"
run link --no-config "$S"
expect_eq "a call name of the wrong type: exit 2" "$(rc)" 2
expect_grep "a call name of the wrong type: named" "000000.json: not a valid summary: functions\[0\].calls\[0\].name: expected a string, not an integer" "$TMP/err"
jq -c '.summary.refs = [{"usr": "c:@F@x", "kind": "arg", "callee": ["x"]}]' "$TMP/orig.json" >"$f"
run link --no-config "$S"
expect_eq "a ref callee of the wrong type: exit 2" "$(rc)" 2
expect_grep "a ref callee of the wrong type: named" "refs\[0\].callee: expected a string, not a list" "$TMP/err"
rm "$f" && mkfifo "$f"
run link --no-config "$S"
expect_eq "a FIFO as a summary: exit 2" "$(rc)" 2
expect_grep "a FIFO as a summary: named" "000000.json: not a valid summary: not a regular file" "$TMP/err"
rm "$f" && cp "$TMP/orig.json" "$f"
run link --no-config "$S"
expect_eq "the summary restored: exit 1 again" "$(rc)" 1

# --- compile databases -------------------------------------------------------------
D=$TMP/db
mkdir -p "$D/sub"
cp "$P/main.c" "$P/helpers.c" "$P/common.h" "$D/"
printf '[{"directory": ".", "file": "main.c", "arguments": ["cc", "-c", "main.c"]},\n {"directory": ".", "file": "helpers.c", "arguments": ["cc", "-c", "helpers.c"]}]\n' \
	>"$D/compile_commands.json"
(cd "$D/sub" && $LOOPSCOPE check --no-cache --no-config -p .. --format json >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"
expect_eq "relative directory, run from elsewhere: exit 1 (findings)" "$(rc)" 1
expect_eq "relative directory: both files analyzed" "$(jq .stats.analyzed "$TMP/out")" 2
expect_eq "relative directory: functions found" "$(jq '.stats.functions > 0' "$TMP/out")" true
expect_grep "relative directory: the finding in helpers.c" '"file": ".*/db/helpers.c"' "$TMP/out"
head -c 90 "$D/compile_commands.json" >"$D/cut" && mv "$D/cut" "$D/compile_commands.json"
(cd "$D" && $LOOPSCOPE check --no-cache --no-config >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"
expect_eq "truncated compile database: exit 2" "$(rc)" 2
expect_grep "truncated compile database: FILE:LINE:COL" "compile_commands.json:[0-9]*:[0-9]*: cannot be read as a compilation database" "$TMP/err"
expect_eq "truncated compile database: no report" "$(cat "$TMP/out")" ""
printf '[{"directory": ".", "file": "main.c", "arguments": ["cc", "-c", "main.c"]}, {"directory": "."}]\n' >"$D/compile_commands.json"
(cd "$D" && $LOOPSCOPE check --no-cache --no-config >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"
expect_eq "an entry without file: exit 2" "$(rc)" 2
expect_grep "an entry without file: named" "compile_commands.json: entry 2 is not a compile command" "$TMP/err"

# --- writes ------------------------------------------------------------------------
ln -s real.json "$P/link.json"
chk --write-baseline link.json
expect_eq "baseline through a symlink: exit 1 (findings)" "$(rc)" 1
[ -L "$P/link.json" ] && ok "baseline through a symlink: the link stays" || fail "the symlink was replaced"
expect_eq "baseline through a symlink: the target written" "$(grep -c '"fingerprint"' "$P/real.json")" 4
mkfifo "$P/pipe.json"
chk --write-baseline pipe.json
expect_eq "baseline onto a FIFO: exit 2" "$(rc)" 2
expect_grep "baseline onto a FIFO: says so" "cannot write pipe.json: not a regular file" "$TMP/err"
[ -p "$P/pipe.json" ] && ok "baseline onto a FIFO: the FIFO stays" || fail "the FIFO was replaced"
ln -sf pipe.json "$P/link2.json"
chk --write-baseline link2.json
expect_eq "baseline through a symlink onto a FIFO: exit 2" "$(rc)" 2
[ -p "$P/pipe.json" ] && ok "baseline through a symlink onto a FIFO: the FIFO stays" || fail "the FIFO was replaced"

if [ -w /dev/full ]; then
	chk -o /dev/full
	expect_eq "-o /dev/full: exit 2" "$(rc)" 2
	expect_grep "-o /dev/full: says so" "cannot write /dev/full: No space left on device" "$TMP/err"
	(cd "$P" && $LOOPSCOPE check --no-cache --no-config >/dev/full 2>"$TMP/err"); echo $? >"$TMP/rc"
	expect_eq "stdout on /dev/full: exit 2" "$(rc)" 2
	expect_grep "stdout on /dev/full: says so" "cannot write standard output: No space left on device" "$TMP/err"
	expect_eq "stdout on /dev/full: said once" "$(wc -l <"$TMP/err" | tr -d ' ')" 1
	chk -o "$TMP/report.txt"
	expect_eq "-o to a file: exit 1 (findings)" "$(rc)" 1
	expect_grep "-o to a file: written" "blocking-sleep" "$TMP/report.txt"
else
	ok "no /dev/full here: full-disk cases skipped"
fi
done_testing
