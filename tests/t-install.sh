#!/bin/sh
# t-install.sh — `make install PREFIX=... DESTDIR=...` lays out binary, rule
# data, man pages and bash completion; the installed binary runs from there
# with LOOPSCOPE_DATA unset and reads the installed data (not the source
# tree's); the completion works; `make uninstall` leaves no file behind.
# The tree under test is left as built: its binaries are not relinked.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

DEST=$TMP/dest
PREFIX=/opt/loopscope-test
ROOT=$DEST$PREFIX
unset LOOPSCOPE_DATA

# A PREFIX is compiled in (the data directory), so installing under the
# test's PREFIX rebuilds: that happens in a copy of the sources, never in
# this tree, whose binaries (the ASan build the other tests run, and
# ./loopscope) stay as they were built.
SRC=$TMP/src
mkdir -p "$SRC" && tar -cf - --exclude=./build --exclude=./bench/work --exclude=./.git . | (cd "$SRC" && tar -xf -) \
	|| { fail "cannot copy the sources to $SRC"; done_testing; }
if make -C "$SRC" -s -j2 install PREFIX=$PREFIX DESTDIR="$DEST" >"$TMP/install.log" 2>&1; then ok "make install"
else fail "make install failed:"; tail -20 "$TMP/install.log"; done_testing; fi

for f in bin/loopscope share/loopscope/catalog.yml share/man/man1/loopscope.1 \
	share/man/man7/loopscope-rules.7 share/bash-completion/completions/loopscope; do
	[ -f "$ROOT/$f" ] || fail "not installed: $PREFIX/$f"
done
[ -x "$ROOT/bin/loopscope" ] || fail "installed binary not executable"
n_models=$(ls rules/models/*.yml | wc -l)
n_inst=$(ls "$ROOT"/share/loopscope/models/*.yml 2>/dev/null | wc -l)
expect_eq "every model installed" "$n_inst" "$n_models"
cmp -s rules/catalog.yml "$ROOT/share/loopscope/catalog.yml" || fail "installed catalog differs from rules/catalog.yml"
ok "installed layout"

# The installed binary, with no LOOPSCOPE_DATA, from an unrelated directory.
BIN=$ROOT/bin/loopscope
cd "$TMP" || exit 2
out=$("$BIN" --version 2>&1)
case $out in "loopscope "[0-9]*) ok "installed --version: $out" ;; *) fail "installed --version: '$out'" ;; esac
"$BIN" rules >"$TMP/rules.inst" 2>&1 || fail "installed rules: exit $?"
"$OLDPWD/loopscope" rules >"$TMP/rules.src" 2>&1 || cp "$TMP/rules.inst" "$TMP/rules.src"
if cmp -s "$TMP/rules.inst" "$TMP/rules.src"; then ok "installed rules lists the catalog"
else fail "installed rules differs from the source tree's"; diff "$TMP/rules.src" "$TMP/rules.inst" | head; fi
"$BIN" explain blocking-sleep >"$TMP/explain.inst" 2>&1
expect_eq "installed explain blocking-sleep: exit" "$?" 0
expect_grep "installed explain prints the fix" 'uv_timer_start' "$TMP/explain.inst"
"$BIN" explain no-such-rule >/dev/null 2>&1
expect_eq "installed explain of an unknown rule: exit 2" "$?" 2

# It reads the installed data, not the source tree's: change the installed
# copy and see the change.
sed 's/a sleep in a loop callback or coroutine stops the whole loop/INSTALLED COPY/' \
	"$ROOT/share/loopscope/catalog.yml" >"$TMP/cat.yml" && cp "$TMP/cat.yml" "$ROOT/share/loopscope/catalog.yml"
"$BIN" rules >"$TMP/rules.inst" 2>&1
expect_grep "installed binary reads PREFIX/share/loopscope" 'INSTALLED COPY' "$TMP/rules.inst"
# ... and when that is gone, it says where it looked.
# (Unless a loopscope is installed in the built-in data directory.)
mv "$ROOT/share/loopscope/catalog.yml" "$TMP/moved.yml"
if [ ! -f /usr/local/share/loopscope/catalog.yml ]; then
	"$BIN" rules >/dev/null 2>"$TMP/err"
	expect_eq "no data: exit 2" "$?" 2
	expect_grep "no data: says so" 'rule data not found' "$TMP/err"
fi
mv "$TMP/moved.yml" "$ROOT/share/loopscope/catalog.yml"
cd "$OLDPWD" || exit 2

# Installed man pages are lint-clean and findable by man -M.
if command -v mandoc >/dev/null; then
	out=$(mandoc -T lint -W warning "$ROOT/share/man/man1/loopscope.1" "$ROOT/share/man/man7/loopscope-rules.7" 2>&1)
	expect_eq "installed man pages lint-clean" "$out" ""
fi

# The bash completion parses and completes rule ids through the installed binary.
if command -v bash >/dev/null; then
	bash -n "$ROOT/share/bash-completion/completions/loopscope" || fail "completion: syntax error"
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" explain blocking-s); COMP_CWORD=2; _loopscope; echo "${COMPREPLY[*]}"' \
		sh "$ROOT/share/bash-completion/completions/loopscope" "$BIN")
	expect_eq "completion: rule ids" "$got" "blocking-sleep blocking-subprocess blocking-sync-wait"
	got=$(bash -c '. "$1"; COMP_WORDS=(loopscope ch); COMP_CWORD=1; _loopscope; echo "${COMPREPLY[*]}"' \
		sh "$ROOT/share/bash-completion/completions/loopscope")
	expect_eq "completion: subcommands" "$got" "check"
	got=$(bash -c '. "$1"; COMP_WORDS=(loopscope check --fail-on ""); COMP_CWORD=3; _loopscope; echo "${COMPREPLY[*]}"' \
		sh "$ROOT/share/bash-completion/completions/loopscope")
	expect_eq "completion: option values" "$got" "error warning note none"
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" check --rules blocking-sleep,-blocking-n); COMP_CWORD=3; _loopscope; echo "${COMPREPLY[*]}"' \
		sh "$ROOT/share/bash-completion/completions/loopscope" "$BIN")
	expect_eq "completion: --rules lists" "$got" "blocking-sleep,-blocking-network"
fi

# Uninstall removes every file install wrote.
if make -C "$SRC" -s uninstall PREFIX=$PREFIX DESTDIR="$DEST" >"$TMP/uninstall.log" 2>&1; then ok "make uninstall"
else fail "make uninstall failed:"; tail -20 "$TMP/uninstall.log"; fi
left=$(find "$DEST" ! -type d | sed "s|^$DEST||")
expect_eq "nothing left behind after uninstall" "$left" ""
[ -d "$ROOT/share/loopscope" ] && fail "data directory left behind"

done_testing
