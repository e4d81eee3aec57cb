#!/bin/sh
# t-sarif.sh — `check --format sarif` on a real run is SARIF 2.1.0 as the
# schema requires it (validated by the checks in tests/unit/test_sarif.c,
# run on the file), with the catalog as rule metadata, one result per
# finding with the same fingerprint as the JSON report, relative URIs
# under %SRCROOT%, and a valid empty log when there are no findings.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

V=$PWD/build/tests/test_sarif
[ -x "$V" ] || make -s build/tests/test_sarif >/dev/null 2>&1
[ -x "$V" ] || { echo "skip: build/tests/test_sarif (the SARIF validator) is not built"; exit 77; }

P=$TMP/p
make_project "$P"
run() { (cd "$P" && $LOOPSCOPE check --no-cache --no-config "$@"); }

run --format sarif >"$TMP/r.sarif" 2>"$TMP/err"
expect_eq "sarif: exit 1 with findings" "$?" 1
if "$V" "$TMP/r.sarif" >"$TMP/v" 2>&1; then ok "check output is valid SARIF 2.1.0"; else fail "$(cat "$TMP/v")"; fi
run --format sarif -o "$TMP/o.sarif" >/dev/null 2>&1
if "$V" "$TMP/o.sarif" >"$TMP/v" 2>&1; then ok "-o FILE: valid SARIF"; else fail "$(cat "$TMP/v")"; fi
cmp -s "$TMP/r.sarif" "$TMP/o.sarif" && ok "-o FILE writes what stdout gets" || fail "-o FILE differs from stdout"

# One result per finding, with the JSON report's fingerprints.
run --format json >"$TMP/r.json" 2>/dev/null
n_json=$(grep -c '^      "rule": ' "$TMP/r.json")
n_sarif=$(grep -c '"ruleId": ' "$TMP/r.sarif")
expect_eq "one result per finding" "$n_sarif" "$n_json"
a=$(sed -n 's/^      "fingerprint": "\([0-9a-f]*\)",*$/\1/p' "$TMP/r.json" | sort | tr '\n' ' ')
b=$(sed -n 's/^ *"loopscope\/[a-z/]*v1": "\([0-9a-f]*\)"$/\1/p' "$TMP/r.sarif" | sort | tr '\n' ' ')
expect_eq "partialFingerprints are the JSON fingerprints" "$b" "$a"

# Rule metadata: every catalog rule, with its text.
n_rules=$($LOOPSCOPE rules | wc -l | tr -d ' ')
expect_eq "every catalog rule described" "$(grep -c '"defaultConfiguration": ' "$TMP/r.sarif")" "$n_rules"
expect_grep "help text carries the fix" '"text": ".*Fix: ' "$TMP/r.sarif"
expect_grep "schema named" '"\$schema": "https://json.schemastore.org/sarif-2.1.0.json"' "$TMP/r.sarif"
expect_grep "relative URI" '"uri": "helpers.c"' "$TMP/r.sarif"
expect_grep "relative to %SRCROOT%" '"uriBaseId": "%SRCROOT%"' "$TMP/r.sarif"
expect_grep "%SRCROOT% is the directory of the run" "\"uri\": \"file://$P/\"" "$TMP/r.sarif"
# A severity changed by the configuration shows in the metadata and results.
printf 'severity:\n  blocking-sleep: error\n' >"$P/.loopscope.yml"
(cd "$P" && $LOOPSCOPE check --no-cache --format sarif >"$TMP/s.sarif" 2>/dev/null)
"$V" "$TMP/s.sarif" >/dev/null 2>&1 && ok "configured severities: valid" || fail "configured severities: invalid SARIF"
expect_grep "configured severity in results" '"level": "error"' "$TMP/s.sarif"
rm -f "$P/.loopscope.yml"

# No findings: still a valid log with the rules.
run --format sarif --rules thread-affinity >"$TMP/e.sarif" 2>/dev/null
expect_eq "no findings: exit 0" "$?" 0
if "$V" "$TMP/e.sarif" >"$TMP/v" 2>&1; then ok "no findings: valid SARIF"; else fail "$(cat "$TMP/v")"; fi
expect_grep "no findings: empty results" '"results": \[\]' "$TMP/e.sarif"

# The validator rejects what it should.
sed 's/"version": "2.1.0"/"version": "2.0"/' "$TMP/r.sarif" >"$TMP/bad.sarif"
if "$V" "$TMP/bad.sarif" >/dev/null 2>&1; then fail "validator accepted a wrong version"; else ok "validator rejects a wrong version"; fi

done_testing
