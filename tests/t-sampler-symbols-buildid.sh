#!/bin/sh
# t-sampler-symbols-buildid.sh — a stripped program whose debug file sits
# where distributions install it, /usr/lib/debug/.build-id/xx/yyyy.debug,
# as the target sees it: the target runs in a mount namespace of its own
# whose /usr/lib/debug is a test folder, so this also checks that debug
# files are looked up through /proc/PID/root, not in loopscope's own root.
. tests/lib.sh
. testdata/sampler/lib.sh
. testdata/sampler/symbols.sh
FXSRC=epoll-loop.c
command -v unshare >/dev/null || { echo "unshare (util-linux) is not installed"; exit 77; }
[ -d /usr/lib/debug ] || { echo "no /usr/lib/debug to mount over"; exit 77; }
if ! unshare -m sh -c "mount --bind '$TMP' /usr/lib/debug" 2>"$TMP/unshare.err"; then
	echo "cannot mount in a new mount namespace here: $(head -n 1 "$TMP/unshare.err")"; exit 77
fi

sym_strip "$FX/epoll-loop" "$TMP/bin/epoll-loop"
id=$(sym_build_id "$TMP/bin/epoll-loop")
[ -n "$id" ] || { fail "the fixture has no build-id"; exit 1; }
dir=$(echo "$id" | cut -c1-2) rest=$(echo "$id" | cut -c3-)
sym_debug "$FX/epoll-loop" "$TMP/debugroot/.build-id/$dir/$rest.debug"
expect_eq "no such file in loopscope's own root" \
	"$(test -e "/usr/lib/debug/.build-id/$dir/$rest.debug" && echo yes || echo no)" no

unshare -m sh -c "mount --bind '$TMP/debugroot' /usr/lib/debug && exec '$TMP/bin/epoll-loop' on 200 450 60" \
	>"$TMP/epoll-loop.out" 2>&1 &
FXPID=$!
sleep 0.5
"$LOOPSCOPE" attach --duration 2 --format json "$FXPID" >"$TMP/b.json" 2>"$TMP/b.err" \
	|| { fail "attach failed"; cat "$TMP/b.err"; }
expect_untraced "$FXPID" build-id
check_stalls "$TMP/b.json" "epoll-loop on" on_timerfd on-cpu none cpu-bound-callback 200
expect_alive_and_exit "$FXPID" epoll-loop
done_testing
