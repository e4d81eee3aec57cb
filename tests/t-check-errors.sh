#!/bin/sh
# t-check-errors.sh — what `loopscope check` says when it cannot do its
# job: a missing compile database, an unknown --rules name, a file that
# does not parse, a worker that crashes (LOOPSCOPE_TEST_CRASH), nothing
# analyzable. Each gives a clear one-line message naming the file, and the
# documented exit status: 2 for usage errors or nothing analyzed,
# otherwise 1 if findings or any file failed. Also the progress line: on a
# terminal only, never with -q.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

P=$TMP/p
make_project "$P"
E=$TMP/empty
mkdir -p "$E"
run() { dir=$1; shift; (cd "$dir" && $LOOPSCOPE check --no-cache --no-config --color never "$@" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
lines() { wc -l <"$TMP/err" | tr -d ' '; }

# --- usage errors: exit 2, one line ------------------------------------------
run "$E"
expect_eq "no compile database: exit 2" "$(rc)" 2
expect_grep "no compile database: says where it looked" "no compile_commands.json in $E or its parents" "$TMP/err"
expect_eq "no compile database: one line" "$(lines)" 1
run "$E" -p "$E/nowhere"
expect_eq "-p without a database: exit 2" "$(rc)" 2
expect_grep "-p without a database: names the directory" "$E/nowhere: no compile_commands.json" "$TMP/err"
printf '[{"directory": "/", "file": "x.c", "command": [' >"$E/compile_commands.json"
run "$E"
expect_eq "unreadable database: exit 2" "$(rc)" 2
expect_grep "unreadable database: named" "compile_commands.json:1:[0-9]*: cannot be read as a compilation database" "$TMP/err"
rm -f "$E/compile_commands.json"
run "$P" --rules blocking-slep
expect_eq "unknown --rules: exit 2" "$(rc)" 2
expect_grep "unknown --rules: names the pattern" "no rule matches 'blocking-slep'" "$TMP/err"
expect_eq "unknown --rules: one line" "$(lines)" 1
run "$P" --format xml
expect_eq "unknown --format: exit 2" "$(rc)" 2
run "$P" --fail-on loud
expect_eq "unknown --fail-on: exit 2" "$(rc)" 2
run "$P" --frobnicate
expect_eq "unknown option: exit 2" "$(rc)" 2
expect_grep "unknown option: named" "unknown option '--frobnicate'" "$TMP/err"
run "$P" nosuch.c
expect_eq "a file not in the database: exit 2" "$(rc)" 2
expect_grep "a file not in the database: named" "nosuch.c: not in" "$TMP/err"

# --- a file that does not parse: named, the others analyzed, exit 1 --------
printf 'int broken(void) { return undeclared_thing; }\n' >"$P/bad.c"
write_compdb "$P" main.c helpers.c io.c bad.c
run "$P" --format json
expect_eq "a file with errors: exit 1" "$(rc)" 1
expect_grep "a file with errors: the error names file and line" "^bad.c:1:[0-9]*: error: use of undeclared identifier 'undeclared_thing'" "$TMP/err"
expect_eq "a file with errors: one line for one error" "$(lines)" 1
expect_eq "a file with errors: counted as failed" "$(stat_of "$TMP/out" failed)" 1
expect_grep "a file with errors: the others still reported" '"file": "main.c"' "$TMP/out"
run "$P" --fail-on none
expect_eq "a file with errors fails the run even with --fail-on none" "$(rc)" 1
# A report or baseline that cannot be written is said before the
# analysis (which would print bad.c's error first), in one line.
run "$P" -o "$P/no/such/dir/r.json"
expect_eq "-o in a missing directory: exit 2" "$(rc)" 2
expect_grep "-o in a missing directory: named" "cannot write $P/no/such/dir/r.json: No such file or directory" "$TMP/err"
expect_eq "-o in a missing directory: said before the analysis, one line" "$(lines)" 1
run "$P" -o "$P"
expect_eq "-o onto a directory: exit 2" "$(rc)" 2
expect_grep "-o onto a directory: named" "cannot write $P: Is a directory" "$TMP/err"
run "$P" --write-baseline "$P/no/such/dir/b.json"
expect_eq "--write-baseline in a missing directory: exit 2, one line" "$(rc) $(lines)" "2 1"
write_compdb "$P" main.c helpers.c io.c gone.c
run "$P"
expect_eq "a file that is missing: exit 1" "$(rc)" 1
expect_grep "a file that is missing: named, skipped" "gone.c: .*this file was skipped" "$TMP/err"

# --- a crashing worker: that file only --------------------------------------
write_compdb "$P" main.c helpers.c io.c
ASAN_OPTIONS="$ASAN_OPTIONS:handle_segv=0" LOOPSCOPE_TEST_CRASH=helpers.c run "$P" --format json
expect_eq "a crash: exit 1" "$(rc)" 1
expect_grep "a crash: one line naming the file" "^loopscope: error: helpers.c: the analysis crashed (Segmentation fault); this file was skipped$" "$TMP/err"
expect_eq "a crash: one line" "$(lines)" 1
expect_eq "a crash: the other files analyzed" "$(stat_of "$TMP/out" analyzed)" 2
expect_grep "a crash: their findings reported" '"file": "io.c"' "$TMP/out"
ASAN_OPTIONS="$ASAN_OPTIONS:handle_segv=0" LOOPSCOPE_TEST_CRASH=.c run "$P"
expect_eq "every file crashes: exit 2" "$(rc)" 2
expect_grep "every file crashes: nothing analyzed" "nothing could be analyzed (3 files failed)" "$TMP/err"
expect_eq "every file crashes: no report" "$(cat "$TMP/out")" ""

# --- clean and findings --------------------------------------------------------
run "$P"
expect_eq "findings: exit 1" "$(rc)" 1
expect_eq "findings: nothing on stderr (not a terminal: no progress)" "$(cat "$TMP/err")" ""
write_compdb "$P" helpers.c
run "$P"
expect_eq "no finding (nothing calls it from a loop): exit 0" "$(rc)" 0
write_compdb "$P" main.c helpers.c io.c

# --- progress on a terminal -------------------------------------------------------
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	(cd "$P" && LOOPSCOPE_PROGRESS_AFTER_MS=0 script -qec "$LOOPSCOPE check --no-cache --no-config --color never" /dev/null >"$TMP/tty" 2>&1)
	expect_grep "terminal: progress line" '\[1/3\] [a-z]*\.c' "$TMP/tty"
	expect_grep "terminal: progress counts to the end" '\[3/3\] ' "$TMP/tty"
	expect_grep "terminal: the report follows" 'findings.* in 3 files' "$TMP/tty"
	(cd "$P" && LOOPSCOPE_PROGRESS_AFTER_MS=0 script -qec "$LOOPSCOPE check --no-cache --no-config --color never -q" /dev/null >"$TMP/tty" 2>&1)
	expect_nogrep "terminal with -q: no progress" '\[1/3\]' "$TMP/tty"
	(cd "$P" && LOOPSCOPE_PROGRESS_AFTER_MS=600000 script -qec "$LOOPSCOPE check --no-cache --no-config --color never" /dev/null >"$TMP/tty" 2>&1)
	expect_nogrep "terminal, a run shorter than the delay: no progress" '\[1/3\]' "$TMP/tty"
else
	ok "skipped the terminal checks: no script(1)"
fi
(cd "$P" && LOOPSCOPE_PROGRESS_AFTER_MS=0 $LOOPSCOPE check --no-cache --no-config >/dev/null 2>"$TMP/err")
expect_nogrep "not a terminal: no progress" '\[1/3\]' "$TMP/err"

done_testing
