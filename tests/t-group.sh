#!/bin/sh
# t-group.sh — one finding per root problem (analyzer/group.h), on a copy
# of testdata/check/group-sites: the blocking calls of a function are one
# finding per rule and severity, at the first site, with the others
# listed (text "also:", JSON "sites", SARIF relatedLocations); leaks and
# ignored errors stay one per site; --each-site and `each_site: true`
# turn grouping off; exit status, --fail-on and the hidden-notes count
# follow the grouped findings; a suppression comment silences its site
# only; a baseline records and absorbs sites, the same file whether
# written grouped or not; a group's fingerprint does not move when sites
# are added to it or elsewhere.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh
command -v jq >/dev/null || { echo "FAIL: jq is needed (tools/install-deps.sh installs it)"; exit 1; }

P=$TMP/p
mkdir -p "$P"
cp testdata/check/group-sites/main.c "$P/"
INC=$PWD/testdata/check/include
run() { (cd "$P" && $LOOPSCOPE check --no-cache --no-config --color never "$@" main.c -- -I"$INC" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
runc() { (cd "$P" && $LOOPSCOPE check --no-cache --color never "$@" main.c -- -I"$INC" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
# headlines of the text report: line:rule:severity
heads() { sed -n 's/^main\.c:\([0-9]*\):[0-9]*: \([a-z]*\): .* \[\([a-z0-9-]*\)\]$/\1:\3:\2/p' "$TMP/out" | tr '\n' ' ' | sed 's/ $//'; }
# per finding, its sites as line:rule, findings separated by " | "
groups() { found_sites "$TMP/out" | sed 's/main\.c://g' | tr '\n' '|' | sed 's/|$//; s/|/ | /g'; }

# --- text ---------------------------------------------------------------------
run --show-notes
expect_eq "grouped: exit 1" "$(rc)" 1
expect_eq "grouped: one finding per function, rule and severity; leaks and errors per site" "$(heads)" \
	"16:blocking-file-io:warning 20:blocking-file-io:note 24:blocking-sleep:warning 29:blocking-file-io:warning 69:handle-leak:warning 70:handle-leak:warning 72:ignored-error:warning 74:ignored-error:warning"
expect_eq "grouped: every site under its finding, in source order" "$(groups)" \
	"16:blocking-file-io 19:blocking-file-io 22:blocking-file-io 23:blocking-file-io | 20:blocking-file-io 21:blocking-file-io | 24:blocking-sleep | 29:blocking-file-io 31:blocking-file-io 32:blocking-file-io | 69:handle-leak | 70:handle-leak | 72:ignored-error | 74:ignored-error"
expect_grep "grouped: the message names the calls and the function" \
	"main.c:16:12: warning: 4 calls to 'fopen', 'fwrite' and 'fclose' do blocking file I/O on the event loop thread in 'save_state' \[blocking-file-io\]" "$TMP/out"
expect_grep "grouped: distinct calls named one by one" \
	"main.c:29:12: warning: 'fopen', 'fwrite' and 'fclose' do blocking file I/O on the event loop thread in 'log_line'" "$TMP/out"
expect_grep "grouped: the other sites listed" "^  also: main.c:19 'fwrite', main.c:22 'fwrite', main.c:23 'fclose'$" "$TMP/out"
expect_grep "grouped: a lone site keeps its own message" "main.c:24:2: warning: 'usleep' sleeps on the event loop thread \[blocking-sleep\]" "$TMP/out"
expect_grep "grouped: the chain of the first site" "^main.c:[0-9]*:[0-9]*: note: 'on_save' calls 'save_state'" "$TMP/out"
expect_grep "grouped: findings and sites counted" "^8 findings (14 sites) in 1 file$" "$TMP/out"
run
expect_grep "grouped: the hidden notes counted as findings" "^1 note hidden" "$TMP/out"
expect_grep "grouped: shown findings and their sites" "^7 findings (12 sites) in 1 file$" "$TMP/out"

run --each-site --show-notes
expect_eq "--each-site: a finding per site" "$(found_sites "$TMP/out" | wc -l | tr -d ' ')" 14
expect_nogrep "--each-site: no also: lines" "^  also:" "$TMP/out"
expect_grep "--each-site: the sites' own messages" "main.c:19:2: warning: 'fwrite' does blocking file I/O on the event loop thread" "$TMP/out"
expect_grep "--each-site: no sites count" "^14 findings in 1 file$" "$TMP/out"
run --each-site
expect_grep "--each-site: hidden notes counted per site" "^2 notes hidden" "$TMP/out"
run --each-site --no-each-site
expect_grep "--no-each-site: grouped again" "^7 findings (12 sites)" "$TMP/out"

# --fail-on follows the grouped findings, which keep their sites' severity.
run --fail-on error
expect_eq "--fail-on error: exit 0 with warnings" "$(rc)" 0
run --fail-on note --rules 'blocking-file-io'
expect_eq "--fail-on note: exit 1" "$(rc)" 1
expect_eq "--fail-on note: the note group listed" "$(heads)" "16:blocking-file-io:warning 20:blocking-file-io:note 29:blocking-file-io:warning"

# --- configuration ------------------------------------------------------------
printf 'each_site: true\n' >"$P/.loopscope.yml"
runc
expect_grep "each_site: true in the configuration" "^12 findings in 1 file$" "$TMP/out"
runc --no-each-site
expect_grep "--no-each-site wins over the configuration" "^7 findings (12 sites)" "$TMP/out"
printf 'each_site: sometimes\n' >"$P/.loopscope.yml"
runc
expect_eq "each_site not a boolean: exit 2" "$(rc)" 2
expect_grep "each_site not a boolean: file, line and key" "\.loopscope\.yml:1: 'each_site': expected true or false" "$TMP/err"
rm -f "$P/.loopscope.yml"

# --- JSON -----------------------------------------------------------------------
run --format json
J=$TMP/out
expect_eq "json: findings and sites in stats" \
	"$(jq -c '[.stats.findings, .stats.sites, (.findings | length), ([.findings[].sites[]] | length)]' "$J")" "[8,14,8,14]"
expect_eq "json: the first site is the finding's location" \
	"$(jq '[.findings[] | select(.sites[0].line != .line or .sites[0].file != .file)] | length' "$J")" 0
expect_eq "json: sites carry call, message and fingerprint" \
	"$(jq -c '.findings[0].sites[1] | [.file, .line, .column, .call, .message, (.fingerprint | test("^[0-9a-f]{16}$"))]' "$J")" \
	"[\"main.c\",19,2,\"fwrite\",\"'fwrite' does blocking file I/O on the event loop thread\",true]"
expect_eq "json: grouped rules say so, per-site rules do not" \
	"$(jq -c '[.findings[] | "\(.rule):\(.group // "-")"] | unique' "$J")" \
	'["blocking-file-io:function","blocking-sleep:function","handle-leak:-","ignored-error:-"]'
expect_eq "json: a group's fingerprint is not its first site's" \
	"$(jq '[.findings[] | select(.group and .fingerprint == .sites[0].fingerprint)] | length' "$J")" 0
expect_eq "json: a per-site finding's fingerprint is its site's" \
	"$(jq '[.findings[] | select((.group | not) and .fingerprint != .sites[0].fingerprint)] | length' "$J")" 0
jq -r '.findings[].sites[].fingerprint' "$J" | sort >"$TMP/site-fps"
fp_save=$(jq -r '.findings[] | select(.function == "save_state" and .rule == "blocking-file-io" and .severity == "warning") | .fingerprint' "$J")
run --format json --each-site
expect_eq "json --each-site: one finding per site, each its own site" \
	"$(jq -c '[(.findings | length), ([.findings[] | select((.sites | length) != 1)] | length), ([.findings[] | select(.group)] | length)]' "$TMP/out")" "[14,0,0]"
expect_eq "json --each-site: the same site fingerprints" \
	"$(jq -r '.findings[].fingerprint' "$TMP/out" | sort | tr '\n' ' ')" "$(tr '\n' ' ' <"$TMP/site-fps")"

# --- SARIF ----------------------------------------------------------------------
run --format sarif
V=$PWD/build/tests/test_sarif
[ -x "$V" ] || make -s build/tests/test_sarif >/dev/null 2>&1
if [ -x "$V" ]; then
	if "$V" "$TMP/out" >"$TMP/v" 2>&1; then ok "sarif: valid"; else fail "sarif: $(cat "$TMP/v")"; fi
fi
expect_eq "sarif: one result per grouped finding" "$(jq '.runs[0].results | length' "$TMP/out")" 8
expect_eq "sarif: the other sites are related locations after the chain" \
	"$(jq -c '.runs[0].results[0].relatedLocations | map([.id, .physicalLocation.region.startLine])' "$TMP/out")" \
	"[[0,84],[1,39],[2,19],[3,22],[4,23]]"
expect_eq "sarif: a related site says what it does" \
	"$(jq -r '.runs[0].results[0].relatedLocations[2].message.text' "$TMP/out")" \
	"'fwrite' does blocking file I/O on the event loop thread"
expect_eq "sarif: group fingerprints under their own key" \
	"$(jq -r '.runs[0].results[0].partialFingerprints | to_entries[] | "\(.key)=\(.value)"' "$TMP/out")" \
	"loopscope/function/v1=$fp_save"
expect_eq "sarif: per-site findings keep loopscope/v1" \
	"$(jq -r '[.runs[0].results[] | select(.ruleId == "handle-leak") | .partialFingerprints | keys[]] | unique | join(",")' "$TMP/out")" \
	"loopscope/v1"

# --- suppressions: a comment silences its site --------------------------------
cp "$P/main.c" "$P/main.c.orig"
sed -i '16s|/\* expect: blocking-file-io \*/|// loopscope: ignore[blocking-file-io] reviewed|' "$P/main.c"
run --format json --report-unused-suppressions
expect_eq "suppressed first site: the group goes on from the next" \
	"$(jq -c '.findings[] | select(.function == "save_state" and .severity == "warning" and .rule == "blocking-file-io") | [.line, [.sites[].line], .message]' "$TMP/out")" \
	"[19,[19,22,23],\"3 calls to 'fwrite' and 'fclose' do blocking file I/O on the event loop thread in 'save_state'\"]"
expect_eq "suppressed first site: counted once, and used" \
	"$(jq -c '[.stats.suppressed, ([.findings[] | select(.rule == "unused-suppression")] | length)]' "$TMP/out")" "[1,0]"
sed -i '22s|/\* expect: blocking-file-io \*/|/* loopscope: ignore[blocking-*] */|' "$P/main.c"
run
expect_eq "suppressed middle site: only that site is gone" "$(found_sites "$TMP/out" | grep '^main.c:19:')" \
	"main.c:19:blocking-file-io main.c:23:blocking-file-io"
sed -i -e '19s|/\* expect: blocking-file-io \*/|/* loopscope: ignore[blocking-file-io] */|' \
	-e '23s|/\* expect: blocking-file-io \*/|/* loopscope: ignore[blocking-file-io] */|' "$P/main.c"
run
expect_eq "every site suppressed: the warning group is gone" \
	"$(heads | tr ' ' '\n' | grep -c '^\(16\|19\|22\|23\):')" 0
expect_grep "every site suppressed: the function's other rule stays" "^main.c:24:2: warning: 'usleep'" "$TMP/out"
cp "$P/main.c.orig" "$P/main.c"

# --- baseline: sites, whichever way it was written ----------------------------
run --write-baseline "$P/grouped.json"
run --each-site --write-baseline "$P/each.json"
expect_eq "baseline: one entry per site" "$(jq '.findings | length' "$P/grouped.json")" 14
if cmp -s "$P/grouped.json" "$P/each.json"; then ok "baseline: the same file grouped and --each-site"
else fail "baseline: grouped and --each-site differ"; diff "$P/grouped.json" "$P/each.json" | head; fi
run --baseline "$P/each.json"
expect_eq "baseline written per site absorbs the grouped findings: exit 0" "$(rc)" 0
expect_grep "baseline: nothing shown" "^0 findings in 1 file$" "$TMP/out"
# A new site in a baselined function: shown alone, with its own message.
sed -i '19s|^\(\tfwrite(data, 1, n, f);.*\)$|\1\n\tfflush(f);|' "$P/main.c"
run --baseline "$P/grouped.json"
expect_eq "baseline + new site: exit 1" "$(rc)" 1
expect_eq "baseline + new site: only it is reported" "$(found_sites "$TMP/out")" "main.c:20:blocking-file-io"
expect_grep "baseline + new site: its own message" "main.c:20:2: warning: 'fflush' does blocking file I/O" "$TMP/out"

# --- fingerprints: stable when sites come and go --------------------------------
run --format json
expect_eq "fingerprint: the same with a site added to the group" \
	"$(jq -r '.findings[] | select(.function == "save_state" and .rule == "blocking-file-io" and .severity == "warning") | .fingerprint' "$TMP/out")" "$fp_save"
cat >>"$P/main.c" <<'EOC'

void unrelated(void)
{
	FILE *g = fopen("/tmp/other", "r");
	if (g)
		fclose(g);
}
EOC
sed -i 's|^\tFILE \*f = fopen(path, "w");.*|\tunlink("/var/lib/app/state.tmp");\n&|' "$P/main.c"
run --format json
expect_eq "fingerprint: the same when a site before the first and others elsewhere are added" \
	"$(jq -r '.findings[] | select(.function == "save_state" and .rule == "blocking-file-io" and .severity == "warning") | "\(.line) \(.sites | length) \(.fingerprint)"' "$TMP/out")" \
	"16 6 $fp_save"
jq -r '.findings[].sites[].fingerprint' "$TMP/out" | sort >"$TMP/site-fps2"
expect_eq "fingerprint: old sites keep theirs" "$(comm -23 "$TMP/site-fps" "$TMP/site-fps2")" ""

done_testing
