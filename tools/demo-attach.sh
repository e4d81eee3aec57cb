#!/bin/sh
# demo-attach.sh — the sampler half of `make demo`: build the bundled
# stalling libuv program (testdata/sampler/demo-server.c), start it,
# attach for a few seconds and print loopscope's real report.
set -u
cd "$(dirname "$0")/.." || exit 2
out=build/sampler-fixtures
make -s -C testdata/sampler OUT="$PWD/$out" "$PWD/$out/demo-server" || exit 1
"$out/demo-server" 8 &
pid=$!
sleep 0.5
echo "\$ loopscope attach --duration 4 $pid        # demo-server, a libuv program"
./loopscope attach --duration 4 "$pid"
rc=$?
echo "(exit status $rc; the program ran on, untraced: TracerPid $(awk '/^TracerPid/{print $2}' /proc/$pid/status 2>/dev/null || echo gone))"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exit $rc
