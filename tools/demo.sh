#!/bin/sh
# demo.sh — what `make demo` shows: loopscope check on the bundled kvserver
# example (a blocking snapshot three calls below a libuv read callback),
# then loopscope attach on a bundled program that stalls its loop.
set -u
cd "$(dirname "$0")/.." || exit 2
ex=examples/kvserver
# A compile database, as a build system would write it.
{
	printf '[\n'
	sep=''
	for f in main.c commands.c storage.c; do
		printf '%s  {"directory": "%s", "file": "%s", "command": "cc -std=gnu17 -Wall -c %s"}' \
			"$sep" "$PWD/$ex" "$f" "$f"
		sep=',
'
	done
	printf '\n]\n'
} >"$ex/compile_commands.json"
echo "\$ loopscope check -p $ex"
./loopscope check -p "$ex"
echo "(exit status $?: findings)"
echo
if [ -x tools/demo-attach.sh ]; then
	sh tools/demo-attach.sh
fi
