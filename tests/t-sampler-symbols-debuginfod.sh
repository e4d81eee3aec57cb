#!/bin/sh
# t-sampler-symbols-debuginfod.sh — a stripped program whose debug file
# only a debuginfod server has: a real `debuginfod` (elfutils), started
# here on a free port and serving a folder with the objcopy
# --only-keep-debug file. Without DEBUGINFOD_URLS the stall's frames have
# no names; with it they get names and file:line, and the file lands in
# the client's cache, so it came from the server. Skips (77) only when
# the server cannot start.
. tests/lib.sh
. testdata/sampler/lib.sh
. testdata/sampler/symbols.sh
FXSRC=epoll-loop.c
command -v debuginfod >/dev/null || { echo "debuginfod (the server) is not installed: tools/install-deps.sh installs it"; exit 77; }

sym_strip "$FX/epoll-loop" "$TMP/bin/epoll-loop"
sym_debug "$FX/epoll-loop" "$TMP/served/epoll-loop.debug"
id=$(sym_build_id "$TMP/bin/epoll-loop")

# A free port: the server fails at once when the port is taken; try a few.
srv=""
for try in 1 2 3 4 5 6; do
	port=$((20000 + ($$ * 7 + try * 7919) % 40000))
	debuginfod -F -p "$port" -d "$TMP/db.sqlite" "$TMP/served" >"$TMP/srv.log" 2>&1 &
	srv=$!
	sleep 1
	kill -0 "$srv" 2>/dev/null && break
	wait "$srv" 2>/dev/null
	srv=""
done
[ -n "$srv" ] || { echo "debuginfod did not start: $(tail -n 1 "$TMP/srv.log")"; exit 77; }
trap 'kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null; rm -rf "$TMP"' EXIT
URL=http://127.0.0.1:$port

# The server answers once its first scan has indexed the folder. Each
# probe has a cache of its own: the client remembers a miss for minutes.
i=0
until DEBUGINFOD_URLS=$URL DEBUGINFOD_CACHE_PATH=$TMP/probe-cache.$i debuginfod-find -v debuginfo "$id" >"$TMP/probe.log" 2>&1; do
	i=$((i + 1))
	[ $i -lt 60 ] || { fail "debuginfod on port $port never served build-id $id"; cat "$TMP/probe.log" "$TMP/srv.log"; exit 1; }
	sleep 0.5
done
ok "debuginfod serves the debug file on port $port"

sel='[.stalls[] | select(.ongoing == false and .start_s > 0.05)]'
sym_attach "$TMP/bin/epoll-loop" nodbg json "$TMP/none.json"
expect_eq "without DEBUGINFOD_URLS: no name for the callback" \
	"$(jq -r "$sel | map(.callback | test(\"^epoll-loop\\\\+0x\")) | unique | join(\",\")" "$TMP/none.json")" true
expect_alive_and_exit "$FXPID" nodbg

sym_attach "$TMP/bin/epoll-loop" epoll-loop json "$TMP/d.json" \
	DEBUGINFOD_URLS="$URL" DEBUGINFOD_CACHE_PATH="$TMP/cache"
check_stalls "$TMP/d.json" "epoll-loop on" on_timerfd on-cpu none cpu-bound-callback 200
expect_eq "the debug file came through the client's cache" \
	"$(test -s "$TMP/cache/$id/debuginfo" && echo yes || echo no)" yes
expect_alive_and_exit "$FXPID" epoll-loop
done_testing
