#!/bin/sh
# t-man.sh — both manual pages are lint-clean (mandoc -T lint -W warning,
# and groff -ww when present); the generated loopscope-rules(7) escapes
# roff's special characters so that what the catalog says is what the page
# shows; loopscope.1 documents every subcommand and every option that the
# subcommands' --help lists.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
$LOOPSCOPE --version >/dev/null 2>&1 || { echo "FAIL: $LOOPSCOPE does not run"; exit 1; }

command -v mandoc >/dev/null || { echo "skip: mandoc is not installed"; exit 77; }

# lint PAGE: mandoc (and groff) say nothing at warning level.
lint() {
	if mandoc -T lint -W warning "$1" >"$TMP/lint" 2>&1; then :; fi
	if [ -s "$TMP/lint" ]; then fail "mandoc lint $2:"; sed 's/^/  | /' "$TMP/lint"
	else ok "mandoc lint clean: $2"; fi
	if command -v groff >/dev/null; then
		groff -ww -z -mdoc "$1" >"$TMP/lint" 2>&1
		if [ -s "$TMP/lint" ]; then fail "groff -ww $2:"; sed 's/^/  | /' "$TMP/lint"
		else ok "groff -ww clean: $2"; fi
	fi
}

lint man/loopscope.1 loopscope.1
$LOOPSCOPE rules --format man >"$TMP/rules.7" || fail "rules --format man: exit $?"
lint "$TMP/rules.7" "loopscope-rules.7 (generated now)"
[ -f man/loopscope-rules.7 ] && lint man/loopscope-rules.7 "man/loopscope-rules.7 (built)"

# The generated page renders the catalog: rule text and code survive.
mandoc -T ascii "$TMP/rules.7" | col -b >"$TMP/rules.txt"
expect_grep "rendered: title" 'LOOPSCOPE-RULES(7)' "$TMP/rules.txt"
expect_grep "rendered: rule section" '^   blocking-sleep' "$TMP/rules.txt"
expect_grep "rendered: code with underscores and arrows" 'uv_timer_start(&c->backoff, on_backoff, 1000, 0);' "$TMP/rules.txt"
expect_grep "rendered: SEE ALSO" 'loopscope(1)' "$TMP/rules.txt"

# Escaping: a catalog with roff's special characters in prose and code.
mkdir -p "$TMP/data/models"
cat >"$TMP/data/catalog.yml" <<'EOF'
rules:
  - id: escape-test
    severity: note
    kind: check
    summary: backslash \fB and .dot and 'quote
    description: |
      .TH this line starts with a dot.
      'also a quote at the start, and a backslash \n here.
      Second sentence. Third sentence? Yes! Then an ellipsis... and more.

      A second paragraph.
    fix:
      default: >-
        Call printf("%d\n", x) instead.
    examples:
      - framework: posix
        bad: |
          .section_start:
          printf("a\n");   /* 'single' and `back` and -minus */
        good: |
          puts("a");
EOF
LOOPSCOPE_DATA=$TMP/data $LOOPSCOPE rules --format man >"$TMP/esc.7" || fail "rules --format man (escape catalog): exit $?"
lint "$TMP/esc.7" "generated page with special characters"
mandoc -T ascii "$TMP/esc.7" | col -b >"$TMP/esc.txt"
expect_grep "leading dot printed, not run" '\.TH this line starts with a dot' "$TMP/esc.txt"
expect_grep "leading quote printed" "'also a quote at the start" "$TMP/esc.txt"
expect_grep "backslash in prose" 'backslash \\n here' "$TMP/esc.txt"
expect_grep "leading quote escaped in the source" "^\\\\&'also a quote" "$TMP/esc.7"
expect_grep "backslash in the fix" 'printf("%d\\n", x)' "$TMP/esc.txt"
expect_grep "code line starting with a dot" '\.section_start:' "$TMP/esc.txt"
expect_grep "backslash and quotes in code" "printf(\"a\\\\n\");   /\\* 'single' and \`back\` and -minus \\*/" "$TMP/esc.txt"
expect_grep "summary escaped" 'Backslash \\fB and \.dot' "$TMP/esc.txt"
expect_grep "ellipsis kept in one sentence" 'ellipsis\.\.\. and more' "$TMP/esc.txt"
expect_nogrep "no stray escape output" '\\&' "$TMP/esc.txt"
# Sentences one per line in the source (what mandoc's lint wants).
expect_grep "one sentence per source line" '^Second sentence\.$' "$TMP/esc.7"
expect_grep "paragraphs separated by .Pp" '^A second paragraph\.$' "$TMP/esc.7"

# --- loopscope.1 covers every subcommand and option --------------------------
$LOOPSCOPE --help >"$TMP/help" 2>&1
cmds=$(sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' "$TMP/help")
[ -n "$cmds" ] || fail "no commands in loopscope --help"
for c in $cmds help; do
	grep -q "^\.Ss $c\$" man/loopscope.1 || fail "loopscope.1 has no section for '$c'"
	grep -q "^\.Cm $c\$" man/loopscope.1 || fail "loopscope.1 SYNOPSIS lacks '$c'"
done
ok "loopscope.1 documents every subcommand"
for c in $cmds; do
	$LOOPSCOPE help "$c" >"$TMP/h" 2>&1 || continue
	# "  -p, --compile-commands DIR  help" or "      --format FMT  help"
	for o in $(sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}--\([a-z][a-z0-9-]*\).*/\2/p' "$TMP/h"); do
		[ "$o" = help ] && continue
		grep -q "Fl \\\\-$o\\( \\|\$\\)" man/loopscope.1 || fail "loopscope.1 does not document '$c --$o'"
	done
	for o in $(sed -n 's/^  -\([A-Za-z]\), .*/\1/p' "$TMP/h"); do
		[ "$o" = h ] && continue
		grep -q "Fl $o\\( \\|\$\\)" man/loopscope.1 || fail "loopscope.1 does not document '$c -$o'"
	done
done
ok "loopscope.1 documents the options of every subcommand's --help"
# ... and documents no option that no subcommand has.
{ echo version; echo help
  for c in $cmds; do
	$LOOPSCOPE help "$c" 2>/dev/null | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}--\([a-z][a-z0-9-]*\).*/\2/p'
  done; } | sort -u >"$TMP/known-opts"
[ -s "$TMP/known-opts" ] || fail "no options found in the subcommands' --help"
for o in $(grep -o 'Fl \\-[a-z][a-z0-9-]*[a-z0-9]' man/loopscope.1 | sed 's/^Fl \\-//' | sort -u); do
	grep -qx -- "$o" "$TMP/known-opts" && continue
	case $o in no-*) grep -qx -- "${o#no-}" "$TMP/known-opts" && continue ;; esac
	fail "loopscope.1 documents '--$o', which no subcommand's --help lists"
done
ok "every option loopscope.1 documents exists"
expect_grep "EXIT STATUS section" '^\.Sh EXIT STATUS' man/loopscope.1
expect_grep "ENVIRONMENT: LOOPSCOPE_DATA" '^\.It Ev LOOPSCOPE_DATA' man/loopscope.1
expect_grep "ENVIRONMENT: XDG_CACHE_HOME" '^\.It Ev XDG_CACHE_HOME' man/loopscope.1
expect_grep "FILES: .loopscope.yml" '^\.It Pa \.loopscope\.yml' man/loopscope.1
expect_grep "SEE ALSO loopscope-rules(7)" '^\.Xr loopscope-rules 7' man/loopscope.1
expect_grep "suppression syntax" 'loopscope: ignore\[' man/loopscope.1

done_testing
