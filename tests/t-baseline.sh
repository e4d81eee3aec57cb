#!/bin/sh
# t-baseline.sh — --write-baseline records the findings, --baseline reports
# only new ones; entries match by rule, file, function and fingerprint, so
# lines inserted above a finding do not bring it back, while a new finding
# (even of the same rule in the same function) is reported; the baseline
# records sites, with the fingerprints of the JSON report's sites, and
# SARIF's partialFingerprints are the JSON findings' (t-group tests a
# baseline against grouped findings).
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

P=$TMP/p
make_project "$P"
run() { (cd "$P" && $LOOPSCOPE check --no-cache --no-config --color never "$@" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
got() { found "$TMP/out" | tr '\n' ' ' | sed 's/ $//'; }
all="helpers.c:5:blocking-sleep io.c:6:blocking-file-io io.c:8:blocking-file-io main.c:9:blocking-sleep"

run --write-baseline "$P/baseline.json"
expect_eq "--write-baseline: the report is unchanged" "$(got)" "$all"
expect_eq "--write-baseline: exit status unchanged" "$(rc)" 1
[ -s "$P/baseline.json" ] && ok "baseline written" || fail "no baseline written"
expect_eq "baseline: one entry per finding" "$(grep -c '"fingerprint"' "$P/baseline.json")" 4
expect_grep "baseline: relative file names" '"file": "io.c"' "$P/baseline.json"

# The same fingerprints in JSON, baseline and SARIF.
run --format json
fp_sites=$(jq -r '.findings[].sites[].fingerprint' "$TMP/out" | sort | tr '\n' ' ')
fp_json=$(jq -r '.findings[].fingerprint' "$TMP/out" | sort | tr '\n' ' ')
fp_base=$(sed -n 's/^      "fingerprint": "\([0-9a-f]*\)",*$/\1/p' "$P/baseline.json" | sort | tr '\n' ' ')
run --format sarif
fp_sarif=$(sed -n 's/^ *"loopscope\/[a-z/]*v1": "\([0-9a-f]*\)"$/\1/p' "$TMP/out" | sort | tr '\n' ' ')
expect_eq "JSON sites and baseline fingerprints agree" "$fp_base" "$fp_sites"
expect_eq "JSON and SARIF partialFingerprints agree" "$fp_sarif" "$fp_json"
[ "$(printf '%s' "$fp_sites" | wc -w)" -eq 4 ] && ok "four site fingerprints" || fail "fingerprints: '$fp_sites'"
run --format json --each-site
expect_eq "--each-site: the findings' fingerprints are the sites'" \
	"$(jq -r '.findings[].fingerprint' "$TMP/out" | sort | tr '\n' ' ')" "$fp_sites"

run --baseline "$P/baseline.json"
expect_eq "--baseline: nothing new" "$(got)" ""
expect_eq "--baseline: exit 0" "$(rc)" 0
run --baseline "$P/baseline.json" --format json
expect_eq "--baseline: stats count what it absorbed" "$(stat_of "$TMP/out" baselined)" 4

# Lines inserted above the findings (and whitespace changed on them).
sed -i 's|^#include "common.h"$|&\n\n/* A comment that moves everything down. */\nstatic int unused_counter;|' "$P/io.c" "$P/main.c" "$P/helpers.c"
sed -i 's|^\tsleep(1);$|\tsleep( 1 );|' "$P/helpers.c"
run
expect_eq "lines inserted: the findings moved" "$(got)" \
	"helpers.c:8:blocking-sleep io.c:11:blocking-file-io io.c:9:blocking-file-io main.c:12:blocking-sleep"
run --baseline "$P/baseline.json"
expect_eq "lines inserted above: nothing resurrected" "$(got)" ""

# A new finding is reported, even the same call in the same function.
sed -i 's|^\tsleep( 1 );$|&\n\tusleep(300000);|' "$P/helpers.c"
sed -i 's|^\tusleep(200000);$|&\n\tusleep(200000);|' "$P/main.c"
run --baseline "$P/baseline.json"
expect_eq "new findings reported, old ones not" "$(got)" "helpers.c:9:blocking-sleep main.c:13:blocking-sleep"
expect_eq "new findings: exit 1" "$(rc)" 1

# A changed line is a new finding.
sed -i 's|fopen(path, "w")|fopen(path, "wb")|' "$P/io.c"
run --baseline "$P/baseline.json" --rules blocking-file-io
expect_eq "a changed line is reported again" "$(got)" "io.c:9:blocking-file-io"

# From the configuration, relative to it; --baseline wins.
printf 'baseline: baseline.json\n' >"$P/.loopscope.yml"
(cd "$P" && $LOOPSCOPE check --no-cache --color never --rules blocking-file-io >"$TMP/out" 2>"$TMP/err")
expect_eq "baseline: in the configuration" "$(got)" "io.c:9:blocking-file-io"
rm -f "$P/.loopscope.yml"

# Errors.
run --baseline "$P/nonexistent.json"
expect_eq "missing baseline: exit 2" "$(rc)" 2
expect_grep "missing baseline: named" 'nonexistent.json: cannot read the baseline' "$TMP/err"
expect_eq "missing baseline: one line" "$(wc -l <"$TMP/err" | tr -d ' ')" 1
printf '{"findings": [' >"$P/broken.json"
run --baseline "$P/broken.json"
expect_eq "broken baseline: exit 2" "$(rc)" 2
expect_grep "broken baseline: file and line" 'broken.json:1:[0-9]*: not a loopscope baseline' "$TMP/err"
printf '{"results": []}' >"$P/other.json"
run --baseline "$P/other.json"
expect_grep "not a baseline: says so" 'other.json: not a loopscope baseline' "$TMP/err"
run --write-baseline "$P/no/such/dir/b.json"
expect_eq "unwritable baseline: exit 2" "$(rc)" 2
expect_grep "unwritable baseline: named" "cannot write $P/no/such/dir/b.json: No such file or directory" "$TMP/err"

done_testing
