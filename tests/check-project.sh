# check-project.sh — a small libuv program with a compile database, for
# the tests of check's configuration, suppressions, baseline, cache and
# sharding. Source it after tests/lib.sh; `make_project DIR` writes:
#   main.c    timer callback on_tick: usleep (line 9), calls slow_path()
#             and slow_io(); main registers it; my_handler (not registered,
#             sleeps); bg_job (not a thread, calls uv_timer_stop)
#   helpers.c slow_path: sleep (line 5); includes common.h
#   io.c      slow_io: fopen (line 6), fclose of the written file (line 8); includes io.h and common.h
#   common.h, io.h, compile_commands.json (absolute paths, cc -c)
make_project() {
	d=$1
	mkdir -p "$d"
	cat >"$d/common.h" <<'EOC'
#ifndef COMMON_H
#define COMMON_H
void slow_path(void);
void slow_io(const char *path);
#endif
EOC
	cat >"$d/io.h" <<'EOC'
#ifndef IO_H
#define IO_H
#include <stdio.h>
#endif
EOC
	cat >"$d/main.c" <<'EOC'
#include <unistd.h>
#include <uv.h>
#include "common.h"

static uv_timer_t timer;

static void on_tick(uv_timer_t *t)
{
	usleep(200000);
	(void)t;
	slow_path();
	slow_io("/etc/hosts");
}

void my_handler(void)
{
	sleep(2);
}

void bg_job(void)
{
	uv_timer_stop(&timer);
}

int main(void)
{
	uv_loop_t *loop = uv_default_loop();
	uv_timer_init(loop, &timer);
	uv_timer_start(&timer, on_tick, 10, 10);
	return uv_run(loop, UV_RUN_DEFAULT);
}
EOC
	cat >"$d/helpers.c" <<'EOC'
#include <unistd.h>
#include "common.h"
void slow_path(void)
{
	sleep(1);
}
EOC
	cat >"$d/io.c" <<'EOC'
#include "io.h"
#include "common.h"

void slow_io(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
}
EOC
	write_compdb "$d" main.c helpers.c io.c
}

# write_compdb DIR FILE... [-- EXTRA-FLAGS]: compile_commands.json for FILEs.
write_compdb() {
	d=$1
	shift
	files="" extra=""
	while [ $# -gt 0 ]; do
		if [ "$1" = "--" ]; then shift; extra="$*"; break; fi
		files="$files $1"
		shift
	done
	{
		echo "["
		sep=""
		for f in $files; do
			printf '%s  {"directory": "%s", "file": "%s", "command": "cc %s -I%s -c %s -o %s.o"}\n' \
				"$sep" "$d" "$d/$f" "$extra" "$d" "$f" "${f%.c}"
			sep=","
		done
		echo "]"
	} >"$d/compile_commands.json"
}

# stat_of JSON-REPORT KEY: an integer of "stats".
stat_of() { sed -n "s/^    \"$2\": \([0-9]*\),*\$/\1/p" "$1"; }
# found REPORT: the sites of a text report's findings as file:line:rule,
# sorted: each finding's own line and those its "also:" lines list.
found() { found_sites "$1" | tr ' ' '\n' | sort; }
# found_sites REPORT: the same in report order, the sites of one finding
# on one line, separated by spaces.
found_sites() {
	awk '
	/^[^ :]+:[0-9]+:[0-9]+: [a-z]+: .* \[[a-z0-9-]+\]$/ {
		if (cur != "") print cur
		split($0, p, ":"); rule = $NF; gsub(/[][]/, "", rule)
		cur = p[1] ":" p[2] ":" rule; also = 0; next
	}
	/^  also: / { also = 1 }
	also && /^(  also: |       [^ ])/ {
		for (i = 1; i <= NF; i++) if ($i ~ /^[^ ,'"'"']+:[0-9]+$/) cur = cur " " $i ":" rule
		next
	}
	{ also = 0 }
	END { if (cur != "") print cur }' "$1"
}
