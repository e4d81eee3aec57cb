#!/bin/sh
# t-sampler-symbols.sh — names for programs shipped the way distributions
# ship them, on testdata/sampler/epoll-loop.c, whose stall chain is all
# static functions:
#  - stripped, no debug file: no names; the footer says the module had no
#    symbols and how to get them (its build-id path);
#  - stripped, exporting one function (export-loop): the stall is headed
#    and grouped by that .dynsym name "(via MODULE+0xOFF)", and the footer
#    does not say "no symbols";
#  - stripped with .gnu_debuglink and the debug file in .debug/: names and
#    file:line;
#  - stripped with MiniDebugInfo (.gnu_debugdata, xz): names;
#  - started through a symlink: frames are called by the name it ran as;
#  - deleted after start (a package upgrade): names, file:line and the
#    whole stack, read through /proc/PID/map_files, and, for a loopscope
#    without CAP_SYS_ADMIN, through /proc/PID/exe.
. tests/lib.sh
. testdata/sampler/lib.sh
. testdata/sampler/symbols.sh
FXSRC=epoll-loop.c

# stripped, nothing else
sym_strip "$FX/epoll-loop" "$TMP/bare/epoll-loop"
id=$(sym_build_id "$TMP/bare/epoll-loop")
sym_attach "$TMP/bare/epoll-loop" bare text "$TMP/bare.txt"
expect_grep "bare: a stall headed by module+offset" "^  [0-9]* x epoll-loop+0x[0-9a-f]*, on-cpu" "$TMP/bare.txt"
expect_grep "bare: footer names the module and what it had" "^missing symbols in $TMP/bare/epoll-loop: no symbols (stripped)" "$TMP/bare.txt"
expect_grep "bare: footer says where the debug file goes, by build-id" "to name every frame: put its debug file at /usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug, or set DEBUGINFOD_URLS" "$TMP/bare.txt"
expect_alive_and_exit "$FXPID" bare

# stripped, one exported function between the callback and the stall
sym_strip "$FX/export-loop" "$TMP/dyn/export-loop"
sym_attach "$TMP/dyn/export-loop" dyn json "$TMP/dyn.json"
sel='[.stalls[] | select(.ongoing == false and .start_s > 0.05)]'
n=$(jq "$sel | length" "$TMP/dyn.json")
[ "$n" -ge 2 ] && ok "dyn: $n complete stalls" || fail "dyn: $n complete stalls, want >= 2"
expect_eq "dyn: stalls headed by the nearest named frame" \
	"$(jq -r "$sel | map(.callback | sub(\"0x[0-9a-f]+\"; \"OFF\")) | unique | join(\",\")" "$TMP/dyn.json")" \
	"dispatch_event (via export-loop+OFF)"
expect_eq "dyn: the module is listed with its .dynsym names" \
	"$(jq -r '.summary.missing_symbols | map(select(.module == "export-loop")) | .[0].symbols' "$TMP/dyn.json")" dynsym
expect_alive_and_exit "$FXPID" dyn
sym_attach "$TMP/dyn/export-loop" dyn text "$TMP/dyn.txt"
expect_grep "dyn: text heading" "^  [0-9]* x dispatch_event (via export-loop+0x[0-9a-f]*), on-cpu" "$TMP/dyn.txt"
expect_grep "dyn: footer says exported names only" "^missing symbols in $TMP/dyn/export-loop: exported (.dynsym) names only" "$TMP/dyn.txt"
expect_nogrep "dyn: never 'no symbols' when .dynsym named a frame" "no symbols" "$TMP/dyn.txt"
expect_alive_and_exit "$FXPID" dyn

# .gnu_debuglink, debug file in .debug/ beside the program
sym_debug "$FX/epoll-loop" "$TMP/dl/.debug/epoll-loop.debug"
(cd "$TMP/dl/.debug" && objcopy --strip-all --add-gnu-debuglink=epoll-loop.debug "$FX/epoll-loop" ../epoll-loop) \
	|| { fail "objcopy --add-gnu-debuglink"; exit 1; }
sym_attach "$TMP/dl/epoll-loop" epoll-loop json "$TMP/dl.json"
check_stalls "$TMP/dl.json" "epoll-loop on" on_timerfd on-cpu none cpu-bound-callback 200
expect_eq "debuglink: nothing missing in the program" \
	"$(jq '.summary.missing_symbols | map(select(.module == "epoll-loop")) | length' "$TMP/dl.json")" 0
expect_alive_and_exit "$FXPID" epoll-loop

# MiniDebugInfo: function names without DWARF
sym_minidebuginfo "$FX/epoll-loop" "$TMP/mini/epoll-loop"
sym_attach "$TMP/mini/epoll-loop" mini json "$TMP/mini.json"
n=$(jq "$sel | length" "$TMP/mini.json")
[ "$n" -ge 2 ] && ok "mini: $n complete stalls" || fail "mini: $n complete stalls, want >= 2"
expect_eq "mini: callback named from .gnu_debugdata" "$(jq -r "$sel | map(.callback) | unique | join(\",\")" "$TMP/mini.json")" on_timerfd
expect_eq "mini: blamed chain named" \
	"$(jq -r "$sel | .[0].stack | map(.function) | map(select(. == \"handle_request\" or . == \"compress_log\" or . == \"on_timerfd\")) | join(\",\")" "$TMP/mini.json")" \
	"compress_log,handle_request,on_timerfd"
expect_alive_and_exit "$FXPID" mini

# deleted after start: read through /proc/PID/map_files
mkdir -p "$TMP/del"
cp "$FX/epoll-loop" "$TMP/del/epoll-loop"
"$TMP/del/epoll-loop" on 200 450 60 >"$TMP/epoll-loop.out" 2>&1 &
FXPID=$!
sleep 0.3
rm "$TMP/del/epoll-loop"
expect_grep "del: the mapping is marked deleted" "epoll-loop (deleted)" "/proc/$FXPID/maps"
"$LOOPSCOPE" attach --duration 2 --format json --folded "$TMP/del.folded" "$FXPID" >"$TMP/del.json" 2>"$TMP/del.err" \
	|| { fail "del: attach failed"; cat "$TMP/del.err"; }
expect_untraced "$FXPID" del
check_stalls "$TMP/del.json" "epoll-loop on" on_timerfd on-cpu none cpu-bound-callback 200
expect_eq "del: module named without the mark" \
	"$(jq -r "$sel | .[0].stack | map(select(.function == \"on_timerfd\")) | .[0].module" "$TMP/del.json")" epoll-loop
expect_grep "del: the whole stack, main to the spin" ";main;run_loop;on_timerfd;dispatch_event;fx_tick;handle_request;compress_log" "$TMP/del.folded"
expect_alive_and_exit "$FXPID" epoll-loop

# a shared library deleted while in use: read through map_files
mkdir -p "$TMP/lib"
cp "$FX/spin-main" "$FX/libspin.so" "$TMP/lib/"
"$TMP/lib/spin-main" &
spid=$!
sleep 0.3
rm "$TMP/lib/libspin.so"
# dump: a stack of the spinning thread, retried (a single interrupt may
# time out on a loaded machine)
dump_spin() {
	for try in 1 2 3 4 5; do
		"$@" >"$out" 2>&1 && grep -q "^#0 " "$out" && return 0
		sleep 0.2
	done
	fail "dump of $spid: no stack in 5 tries"
}
out=$TMP/lib.out dump_spin "$LOOPSCOPE" dump "$spid"
expect_grep "lib: frame in the deleted library named, with file:line" "spin_forever (libspin.so) .*spin-lib.c:[0-9]" "$TMP/lib.out"
expect_nogrep "lib: nothing unreadable" "^cannot read" "$TMP/lib.out"
kill "$spid"; wait "$spid" 2>/dev/null

# started through a symlink (a multi-call binary): called by that name
ln -s "$FX/epoll-loop" "$TMP/lib/svc-alias"
(cd "$TMP/lib" && exec ./svc-alias none 0 0 60) >/dev/null 2>&1 &
spid=$!
sleep 0.3
out=$TMP/alias.out dump_spin "$LOOPSCOPE" dump "$spid"
expect_grep "alias: the program is called by the name it was started as" "^#[0-9 ]* 0x[0-9a-f]* main (svc-alias) " "$TMP/alias.out"
kill "$spid"; wait "$spid" 2>/dev/null

# deleted, and loopscope without CAP_SYS_ADMIN, which /proc/PID/map_files
# needs: the program itself is read through /proc/PID/exe
if [ "$(id -u)" != 0 ]; then
	ok "not root: the deleted-binary check above already ran without map_files"
elif ! command -v setpriv >/dev/null; then
	echo "note: no setpriv: the deleted-binary check without CAP_SYS_ADMIN did not run"
else
	NB="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 711 "$TMP"
	mkdir -p "$TMP/nb" && chmod 777 "$TMP/nb"
	# nobody runs its own copy of loopscope and its rule data: the source
	# tree may sit under a directory nobody cannot search (a 0700 clone).
	mkdir -p "$TMP/nb/ls" && cp "$LOOPSCOPE" "$TMP/nb/ls/loopscope" && cp -R rules "$TMP/nb/ls/rules" &&
		chmod -R a+rX "$TMP/nb/ls"
	NBLS=$TMP/nb/ls/loopscope
	cp "$FX/epoll-loop" "$TMP/nb/epoll-loop" && chmod 755 "$TMP/nb/epoll-loop"
	$NB "$TMP/nb/epoll-loop" on 200 450 60 >"$TMP/epoll-loop.out" 2>&1 &
	FXPID=$!
	sleep 0.3
	rm "$TMP/nb/epoll-loop"
	$NB "$NBLS" attach --duration 2 --format json --folded /dev/null "$FXPID" >"$TMP/nb.json" 2>"$TMP/nb.err" \
		|| { fail "nb: attach as nobody failed"; cat "$TMP/nb.err"; }
	expect_untraced "$FXPID" nb
	check_stalls "$TMP/nb.json" "epoll-loop on" on_timerfd on-cpu none cpu-bound-callback 200
	expect_eq "nb: nothing unreadable" "$(jq -c .summary.unreadable "$TMP/nb.json")" "[]"
	expect_alive_and_exit "$FXPID" epoll-loop
	# a deleted library has no such second way in: the footer says why
	cp "$FX/spin-main" "$FX/libspin.so" "$TMP/nb/"
	$NB "$TMP/nb/spin-main" &
	spid=$!
	sleep 0.3
	rm "$TMP/nb/libspin.so"
	out=$TMP/nblib.out dump_spin $NB "$NBLS" dump "$spid"
	expect_grep "nb: the frame is named by its deleted file" "(libspin.so (deleted))" "$TMP/nblib.out"
	expect_grep "nb: the footer says why it cannot be read" "^cannot read $TMP/nb/libspin.so (deleted): .*map_files needs CAP_SYS_ADMIN" "$TMP/nblib.out"
	kill "$spid"; wait "$spid" 2>/dev/null
fi
done_testing
