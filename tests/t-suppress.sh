#!/bin/sh
# t-suppress.sh — suppression comments where the finding stands, both
# ways: the suppressed finding is gone and an unsuppressed one on another
# line stays; ignore[...] on the line, ignore-next-line[...] above it, rule
# globs, line and block comments, suppressions in headers; and
# --report-unused-suppressions reporting the ones that silence nothing.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

P=$TMP/p
make_project "$P"
run() { (cd "$P" && $LOOPSCOPE check --no-cache --no-config --color never "$@" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
got() { found "$TMP/out" | tr '\n' ' ' | sed 's/ $//'; }
all="helpers.c:5:blocking-sleep io.c:6:blocking-file-io io.c:8:blocking-file-io main.c:9:blocking-sleep"

run
expect_eq "before: all findings" "$(got)" "$all"

# ignore[RULE] on the finding's line, as a line comment.
sed -i 's|^\tusleep(200000);$|\tusleep(200000); // loopscope: ignore[blocking-sleep] the timer pauses 200 ms, measured|' "$P/main.c"
run --format json
expect_nogrep "ignore[rule] on the line: that finding is gone" '"line": 9,' "$TMP/out"
expect_grep "an unsuppressed finding of the same rule elsewhere stays" '"file": "helpers.c"' "$TMP/out"
expect_eq "stats count the suppressed finding" "$(stat_of "$TMP/out" suppressed)" 1
run
expect_eq "ignore[rule]: exactly that finding is gone" "$(got)" "helpers.c:5:blocking-sleep io.c:6:blocking-file-io io.c:8:blocking-file-io"

# A suppression for another rule silences nothing.
sed -i 's|ignore\[blocking-sleep\] the timer|ignore[blocking-file-io] the timer|' "$P/main.c"
run
expect_eq "ignore[other rule]: the finding stays" "$(got)" "$all"

# ignore-next-line[glob] in a block comment, on the line above.
sed -i 's|^\tFILE \*f = fopen(path, "w");$|\t/* loopscope: ignore-next-line[blocking-*] written once at start-up */\n&|' "$P/io.c"
run
expect_eq "ignore-next-line[glob]: the line below is silenced, the next is not" "$(got)" \
	"helpers.c:5:blocking-sleep io.c:9:blocking-file-io main.c:9:blocking-sleep"

# Several rules in one list; spaces allowed.
sed -i 's|^\tsleep(1);$|\tsleep(1); /* loopscope: ignore[ blocking-dns , blocking-sleep ] */|' "$P/helpers.c"
run
expect_eq "a list of rules: one of them matches" "$(got)" "io.c:9:blocking-file-io main.c:9:blocking-sleep"

# Not in a comment, or malformed: no suppression.
cat >>"$P/helpers.c" <<'EOC'
const char *doc = "loopscope: ignore[blocking-sleep]";
/* loopscope: ignore blocking-sleep */
EOC
run
expect_grep "malformed suppression: warned with its line" "helpers.c:8: malformed suppression" "$TMP/err"
run -q
expect_eq "malformed suppression: -q silences the warning" "$(cat "$TMP/err")" ""

# --- unused suppressions -------------------------------------------------------
# main.c: ignore[blocking-file-io] silences nothing (line 9); helpers.c's
# and io.c's are used. Add an unused one in a project header.
sed -i 's|^#define IO_H$|#define IO_H // loopscope: ignore[nested-loop-run] stale|' "$P/io.h"
run
expect_nogrep "without the option: unused suppressions are not reported" 'unused-suppression' "$TMP/out"
run --report-unused-suppressions
expect_grep "unused: reported in the compiler's form" \
	'^main.c:9:18: warning: suppression matches no finding: ignore\[blocking-file-io\] \[unused-suppression\]$' "$TMP/out"
expect_grep "unused: found in a project header too" \
	'^io.h:2:14: warning: suppression matches no finding: ignore\[nested-loop-run\] \[unused-suppression\]$' "$TMP/out"
expect_nogrep "used suppressions are not reported" 'helpers.c:[0-9]*:[0-9]*: warning: suppression' "$TMP/out"
expect_nogrep "used ignore-next-line is not reported" 'io.c:[0-9]*:[0-9]*: warning: suppression' "$TMP/out"
expect_eq "unused suppressions count for --fail-on: exit 1" "$(rc)" 1
run --report-unused-suppressions --rules nested-loop-run --format json
expect_eq "with --rules, used-ness does not depend on the selection" \
	"$(grep -c '"rule": "unused-suppression"' "$TMP/out")" 2
run --report-unused-suppressions --format sarif
expect_grep "unused-suppression has rule metadata in SARIF" '"id": "unused-suppression"' "$TMP/out"

# Only used suppressions remain: everything silenced, nothing unused, exit 0.
sed -i 's|// loopscope: ignore\[blocking-file-io\] the timer|// loopscope: ignore[blocking-sleep] the timer|' "$P/main.c"
sed -i 's|^\t\tfclose(f);$|& // loopscope: ignore[blocking-file-io]|' "$P/io.c"
sed -i 's| // loopscope: ignore\[nested-loop-run\] stale||' "$P/io.h"
sed -i '/^const char \*doc/d; /loopscope: ignore blocking-sleep/d' "$P/helpers.c"
run --report-unused-suppressions
expect_eq "all silenced, none unused: no findings" "$(got)" ""
expect_eq "all silenced, none unused: exit 0" "$(rc)" 0
expect_eq "all silenced, none unused: no warnings" "$(cat "$TMP/err")" ""

done_testing
