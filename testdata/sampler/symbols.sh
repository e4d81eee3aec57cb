# symbols.sh — helpers for the symbolization tests
# (tests/t-sampler-symbols*.sh), sourced after testdata/sampler/lib.sh:
# stripped copies of a fixture, and its debug file in the forms
# distributions ship it (a separate file found by build-id or
# .gnu_debuglink, MiniDebugInfo in .gnu_debugdata, a debuginfod server).

# sym_strip SRC DEST: DEST is SRC without .symtab and DWARF (.dynsym stays).
sym_strip() {
	mkdir -p "$(dirname "$2")"
	objcopy --strip-all "$1" "$2" || { fail "objcopy --strip-all $1"; exit 1; }
}

# sym_debug SRC DEST: the debug file of SRC, as objcopy --only-keep-debug makes it.
sym_debug() {
	mkdir -p "$(dirname "$2")"
	objcopy --only-keep-debug "$1" "$2" || { fail "objcopy --only-keep-debug $1"; exit 1; }
}

# sym_build_id FILE: the GNU build-id in hex.
sym_build_id() {
	readelf -n "$1" | awk '/Build ID:/{print $3; exit}'
}

# sym_minidebuginfo SRC DEST: DEST stripped, with the names of SRC's
# functions that .dynsym lacks in an xz-compressed .gnu_debugdata, the
# way Fedora's find-debuginfo builds it.
sym_minidebuginfo() {
	d=$TMP/mini.$$
	mkdir -p "$d"
	sym_strip "$1" "$2"
	sym_debug "$1" "$d/full.debug"
	nm -D "$2" --format=posix --defined-only | awk '{print $1}' | sort >"$d/dynsyms"
	nm "$d/full.debug" --format=posix --defined-only | awk '$2 == "T" || $2 == "t" {print $1}' | sort >"$d/funcsyms"
	comm -13 "$d/dynsyms" "$d/funcsyms" >"$d/keep"
	objcopy -S --remove-section .gdb_index --remove-section .comment --keep-symbols="$d/keep" \
		"$d/full.debug" "$d/mini" || { fail "objcopy: mini debuginfo"; exit 1; }
	xz -f "$d/mini"
	objcopy --add-section .gnu_debugdata="$d/mini.xz" "$2" || { fail "objcopy --add-section .gnu_debugdata"; exit 1; }
}

# sym_attach BIN NAME FORMAT OUT [VAR=VALUE...]: start BIN (on-CPU stalls
# of 200 ms every 450 ms), attach for 2 s with the environment given,
# check the target is left untraced; FXPID is left running.
sym_attach() {
	bin=$1 nm=$2 fmt=$3 out=$4
	shift 4
	"$bin" on 200 450 60 >"$TMP/$nm.out" 2>&1 &
	FXPID=$!
	sleep 0.3
	env "$@" "$LOOPSCOPE" attach --duration 2 --format "$fmt" --folded "$out.folded" "$FXPID" >"$out" 2>"$out.err" \
		|| { fail "$nm: attach failed"; cat "$out.err"; }
	expect_untraced "$FXPID" "$nm"
}
