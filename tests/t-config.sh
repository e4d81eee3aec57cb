#!/bin/sh
# t-config.sh — .loopscope.yml: found in the current directory or a parent
# (or --config), rule selection, severities, extra models, extra roots,
# exclusions, fail_on and baseline; the command line wins over the file;
# a malformed file or bad value is an error naming file, line and key
# (exit 2); an unknown key is a warning naming it.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

P=$TMP/p
make_project "$P"
mkdir -p "$P/sub/dir"
run() { (cd "$P/sub/dir" && $LOOPSCOPE check --no-cache --color never "$@" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
# Findings as file:line:rule, paths relative to $P.
got() { found "$TMP/out" | sed "s|^$P/||" | tr '\n' ' ' | sed 's/ $//'; }

all="helpers.c:5:blocking-sleep io.c:6:blocking-file-io io.c:8:blocking-file-io main.c:9:blocking-sleep"

# --- no configuration: everything -------------------------------------------
run
expect_eq "no config: all findings" "$(got)" "$all"
expect_eq "no config: exit 1" "$(rc)" 1

# --- found in a parent; rules selection --------------------------------------
printf 'rules: [blocking-sleep]\n' >"$P/.loopscope.yml"
run
expect_eq "config in a parent: rules selects" "$(got)" "helpers.c:5:blocking-sleep main.c:9:blocking-sleep"
printf 'rules: "blocking-*,-blocking-sleep"\n' >"$P/.loopscope.yml"
run
expect_eq "rules as a string with a negation" "$(got)" "io.c:6:blocking-file-io io.c:8:blocking-file-io"
run --rules blocking-sleep
expect_eq "--rules wins over the file" "$(got)" "helpers.c:5:blocking-sleep main.c:9:blocking-sleep"
run --no-config
expect_eq "--no-config reads no file" "$(got)" "$all"

# --- severity and fail_on -----------------------------------------------------
printf 'severity:\n  blocking-sleep: note\n  "blocking-file-*": error\nfail_on: error\n' >"$P/.loopscope.yml"
run --format json
expect_eq "severity: note applied" "$(grep -c '"severity": "note"' "$TMP/out")" 2
expect_eq "severity: glob applied" "$(jq '[.findings[] | select(.severity == "error") | .sites[]] | length' "$TMP/out")" 2
expect_eq "fail_on error with error findings: exit 1" "$(rc)" 1
printf 'severity:\n  "blocking-*": note\nfail_on: warning\n' >"$P/.loopscope.yml"
run
expect_eq "only notes, fail_on warning: exit 0" "$(rc)" 0
# three findings: the two file-io sites of slow_io are one
expect_grep "notes hidden from the text report, counted in one line" '^3 notes hidden' "$TMP/out"
expect_eq "notes hidden: none listed" "$(grep -c ': note: .*\[blocking' "$TMP/out")" 0
run --show-notes
expect_grep "--show-notes lists them" ': note: .*\[blocking-sleep\]' "$TMP/out"
run --fail-on note
expect_grep "--fail-on note lists them" ': note: .*\[blocking-sleep\]' "$TMP/out"
expect_eq "--fail-on note: exit 1" "$(rc)" 1
run --fail-on note
expect_eq "--fail-on wins over fail_on" "$(rc)" 1
printf 'fail_on: none\n' >"$P/.loopscope.yml"
run
expect_eq "fail_on: none: exit 0 with findings" "$(rc)" 0
expect_eq "fail_on: none still reports" "$(got)" "$all"
run --fail-on warning
expect_eq "--fail-on warning over fail_on none: exit 1" "$(rc)" 1

# --- exclude: not analyzed, not reported -------------------------------------
printf 'exclude: [helpers.c, "*.h"]\n' >"$P/.loopscope.yml"
run --format json
expect_eq "exclude: files analyzed" "$(stat_of "$TMP/out" files)" 2
expect_nogrep "exclude: no finding in helpers.c" 'helpers.c' "$TMP/out"
expect_grep "exclude: main.c still reported" "\"file\": \"$P/main.c\"" "$TMP/out"
run --exclude '../../io.c' --format json
expect_eq "--exclude adds to the file, relative to the current directory" "$(stat_of "$TMP/out" files)" 1
mkdir -p "$P/vendor"
cp "$P/helpers.c" "$P/vendor/lib.c"
sed -i 's/slow_path/vendored/' "$P/vendor/lib.c"
write_compdb "$P" main.c helpers.c io.c vendor/lib.c
printf 'exclude: [vendor]\n' >"$P/.loopscope.yml"
run --format json
expect_eq "a directory excludes what is below it" "$(stat_of "$TMP/out" files)" 3
printf 'exclude:\n  - "*.c"\n' >"$P/.loopscope.yml"
run
expect_eq "everything excluded: exit 2" "$(rc)" 2
expect_grep "everything excluded: says so" 'are excluded' "$TMP/err"
write_compdb "$P" main.c helpers.c io.c

# --- extra roots ---------------------------------------------------------------
rm -f "$P/.loopscope.yml"
run
expect_nogrep "my_handler is no root by default" 'main.c:17:' "$TMP/out"
expect_nogrep "bg_job is no worker by default" 'thread-affinity' "$TMP/out"
printf 'loop_callbacks: ["my_*"]\nworker_functions: [bg_job]\n' >"$P/.loopscope.yml"
run
expect_grep "loop_callbacks glob makes a root" "^$P/main.c:17:[0-9]*: warning: .*\[blocking-sleep\]" "$TMP/out"
expect_grep "...and says why" "listed as a root in the configuration" "$TMP/out"
expect_grep "worker_functions makes a worker" "^$P/main.c:22:[0-9]*: .*\[thread-affinity\]" "$TMP/out"

# --- extra models, relative to the file -------------------------------------------
mkdir -p "$P/models"
printf 'model: inhouse\nblocking:\n  - {call: usleep, rule: blocking-sync-wait}\n' >"$P/models/inhouse.yml"
printf 'rules: blocking-sync-wait\n' >"$P/.loopscope.yml"
run
expect_eq "without the extra model: nothing" "$(got)" ""
printf 'models: [models/inhouse.yml]\nrules: blocking-sync-wait\n' >"$P/.loopscope.yml"
run
expect_eq "models: relative to the config file, loaded" "$(got)" "main.c:9:blocking-sync-wait"
printf 'models: [models/nosuch.yml]\n' >"$P/.loopscope.yml"
run
expect_eq "models: a missing file: exit 2" "$(rc)" 2
expect_grep "models: a missing file is named" 'models/nosuch.yml' "$TMP/err"
rm -f "$P/.loopscope.yml"

# --- --config FILE ------------------------------------------------------------------
printf 'rules: [blocking-file-io]\n' >"$TMP/other.yml"
printf 'rules: [blocking-sleep]\n' >"$P/.loopscope.yml"
run --config "$TMP/other.yml"
expect_eq "--config FILE instead of the one found" "$(got)" "io.c:6:blocking-file-io io.c:8:blocking-file-io"
run --config "$TMP/nonexistent.yml"
expect_eq "--config missing file: exit 2" "$(rc)" 2
expect_grep "--config missing file: named" 'nonexistent.yml: cannot read' "$TMP/err"
run --config "$TMP/other.yml" --no-config
expect_eq "--config with --no-config: exit 2" "$(rc)" 2

# --- errors name file, line and key -------------------------------------------------
printf 'rules: [blocking-sleep]\nexclude:\n  - a\n  b: [\n' >"$P/.loopscope.yml"
run
expect_eq "malformed YAML: exit 2" "$(rc)" 2
expect_grep "malformed YAML: file and line" '\.loopscope\.yml:[45]:[0-9]*: ' "$TMP/err"
expect_grep "malformed YAML: key" "under 'exclude'" "$TMP/err"
expect_eq "malformed YAML: one line" "$(wc -l <"$TMP/err" | tr -d ' ')" 1
printf '# settings\nrules: [blocking-sleep]\n\nfail_on: loud\n' >"$P/.loopscope.yml"
run
expect_eq "bad fail_on: exit 2" "$(rc)" 2
expect_grep "bad fail_on: file, line, key" "\.loopscope\.yml:4: 'fail_on': expected error, warning, note or none" "$TMP/err"
printf 'exclude: 3\n' >"$P/.loopscope.yml"
run
expect_grep "exclude not a list: line and key" "\.loopscope\.yml:1: 'exclude': expected a list" "$TMP/err"
printf '# rules\nrules: [blocking-slep]\n' >"$P/.loopscope.yml"
run
expect_eq "unknown rule in rules: exit 2" "$(rc)" 2
expect_grep "unknown rule in rules: named with file and line" "\.loopscope\.yml:2: 'rules': no rule matches 'blocking-slep'" "$TMP/err"
printf 'severity:\n  blocking-sleep: loud\n' >"$P/.loopscope.yml"
run
expect_grep "bad severity: line of the entry" "\.loopscope\.yml:2: 'severity': 'blocking-sleep' must be" "$TMP/err"
printf 'severity:\n  blocking-sleep: note\n  no-such-rule: error\n' >"$P/.loopscope.yml"
run
expect_eq "severity for an unknown rule: exit 2" "$(rc)" 2
expect_grep "severity for an unknown rule: line" "\.loopscope\.yml:3: 'severity': no rule matches 'no-such-rule'" "$TMP/err"
printf 'rules: [blocking-sleep]\nfial_on: error\n' >"$P/.loopscope.yml"
run
expect_eq "unknown key: the run goes on" "$(rc)" 1
expect_grep "unknown key: a warning naming it and its line" "warning: .*\.loopscope\.yml:2: unknown key 'fial_on' ignored (did you mean 'fail_on'?)" "$TMP/err"
expect_eq "unknown key: the rest applies" "$(got)" "helpers.c:5:blocking-sleep main.c:9:blocking-sleep"
run -q
expect_eq "unknown key: -q silences the warning" "$(cat "$TMP/err")" ""
: >"$P/.loopscope.yml"
run
expect_eq "an empty file is no error" "$(got)" "$all"

done_testing
