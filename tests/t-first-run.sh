#!/bin/sh
# t-first-run.sh — the first `make` on a fresh machine builds: a copy of
# the tree (git ls-files, no build/) is built with a pkg-config that
# answers nothing until the install step has run, as on a machine where
# the -dev packages are not installed yet. A Makefile that asks
# pkg-config when it starts (before installing) links without
# -ljansson -lelf ... and fails here.
. tests/lib.sh
command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1 \
	|| { echo "not a git checkout: no file list to copy"; exit 77; }
real=$(command -v pkg-config) || { echo "pkg-config is not installed"; exit 77; }
tree=$TMP/tree
mkdir -p "$tree" "$TMP/bin"
git ls-files -z | (cd "$(git rev-parse --show-toplevel)" && xargs -0 tar cf -) | tar xf - -C "$tree"
# What the install step would make available: pkg-config data.
cat >"$TMP/bin/pkg-config" <<EOS
#!/bin/sh
[ -e "$TMP/installed" ] || exit 1
exec "$real" "\$@"
EOS
printf '#!/bin/sh\necho "(install step)" >&2\ntouch "%s/installed"\n' "$TMP" >"$TMP/install-deps"
chmod +x "$TMP/bin/pkg-config" "$TMP/install-deps"
# The stub stands in for the installer however the Makefile calls it.
cp "$TMP/install-deps" "$tree/tools/install-deps.sh"

PATH="$TMP/bin:$PATH" "$TMP/bin/pkg-config" --exists jansson && fail "stub answers before the install step"
PATH="$TMP/bin:$PATH" make -C "$tree" loopscope INSTALL_DEPS="$TMP/install-deps" CFLAGS="-O0 -g0" \
	>"$TMP/make.out" 2>&1
rc=$?
expect_eq "first make on a fresh tree: exit 0" "$rc" 0
[ "$rc" = 0 ] || tail -n 15 "$TMP/make.out"
expect_grep "the install step ran" "(install step)" "$TMP/make.out"
[ -x "$tree/loopscope" ] && ok "./loopscope built" || fail "no ./loopscope"
"$tree/loopscope" rules >"$TMP/rules.out" 2>&1
expect_eq "./loopscope runs" "$?" 0
expect_grep "./loopscope lists the rules" "blocking-sleep" "$TMP/rules.out"
# A second make has nothing left to do.
PATH="$TMP/bin:$PATH" make -C "$tree" loopscope INSTALL_DEPS="$TMP/install-deps" CFLAGS="-O0 -g0" \
	>"$TMP/make2.out" 2>&1
expect_eq "second make: exit 0" "$?" 0
expect_nogrep "second make: nothing recompiled" "\-c -o build/obj" "$TMP/make2.out"
done_testing
