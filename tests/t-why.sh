#!/bin/sh
# t-why.sh — `check --why FUNCTION` on the driver fixtures: each verdict
# (loop, driver, child, worker, startup, unreached) with the chain that
# shows it, JSON output, -p with a compile database, `link --why`, and an
# unknown name (exit 2, one-line error).
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

D=testdata/check
why() { $LOOPSCOPE check --no-cache --no-config --color never --why "$@" >"$TMP/out" 2>"$TMP/err"; echo $? >"$TMP/rc"; }

why read_exact $D/drivers-posix/*.c -- -I$D/drivers-posix
expect_eq "loop: exit 0" "$(cat "$TMP/rc")" 0
expect_grep "loop: verdict" "'read_exact' runs on a loop thread" "$TMP/out"
expect_grep "loop: the chain starts at the driver" "note: 'main' runs the event loop (waits in epoll_wait through backend_poll) and calls 'process_events'" "$TMP/out"
expect_grep "loop: through the field" "'process_events' calls 'on_listener' through the conn field 'on_event'" "$TMP/out"

why load_config $D/noise-gates/signals.c -- -I$D/include
expect_grep "loop behind a gate: the reason" "'load_config' runs on a loop thread, but it runs only after an operator's signal: 'reload_requested' is set only by the signal handler 'on_sighup'" "$TMP/out"

why reopen_log $D/noise-sigcases/libevent.c -- -I$D/include
expect_grep "loop behind a signal case: the reason" "'reopen_log' runs on a loop thread, but it runs only when the operator sends SIGUSR2: 'server_signal' dispatches on the signal number, and this is its case for that signal" "$TMP/out"
expect_grep "loop behind a signal case: through the function pointer" "'on_signal' calls 'server_signal' through the proc field 'signalcb'" "$TMP/out"
why reap_children $D/noise-sigcases/libevent.c -- -I$D/include
expect_grep "a case SIGCHLD reaches: no gate" "'reap_children' runs on a loop thread\$" "$TMP/out"

why reload_config $D/noise-selfpipe/selfpipe.c
expect_grep "loop behind a self-pipe code: the reason" "'reload_config' runs on a loop thread, but it runs only when the operator sends SIGHUP: 'async_event' dispatches on 'event', whose values for this case come from the signal handler 'sig_handler' for that signal" "$TMP/out"
why write_leases $D/noise-selfpipe/selfpipe.c
expect_grep "a code SIGALRM sends: no gate" "'write_leases' runs on a loop thread\$" "$TMP/out"

why main $D/drivers-posix/*.c -- -I$D/drivers-posix
expect_grep "driver: verdict" "'main' runs an event loop" "$TMP/out"
expect_grep "driver: the loop's line" "server.c:90:2: note: 'main' runs the event loop" "$TMP/out"

why load_config $D/drivers-posix/*.c -- -I$D/drivers-posix
expect_grep "startup: verdict" "'load_config' does not run on a loop thread: it is reached only from startup or shutdown" "$TMP/out"
expect_grep "startup: from main" "note: 'main' calls 'load_config'" "$TMP/out"

why save_state $D/drivers-posix/*.c -- -I$D/drivers-posix
expect_grep "shutdown: verdict" "'save_state' does not run on a loop thread: it is reached only from startup or shutdown" "$TMP/out"

why write_snapshot $D/drivers-fork/fork.c
expect_grep "child: verdict" "'write_snapshot' does not run on a loop thread: only in a forked child" "$TMP/out"
expect_grep "child: where fork returned 0" "note: 'write_snapshot' runs in a forked child: 'start_save' calls it where fork returned 0" "$TMP/out"

why compress_file $D/drivers-threads/threads.c
expect_grep "worker: verdict" "only on a worker thread that runs no loop of its own" "$TMP/out"
expect_grep "worker: the thread" "'background_main' runs on a worker thread: main passes it to pthread_create" "$TMP/out"

why child_exit $D/drivers-fork/fork.c
expect_grep "child_exit is in the child too" "only in a forked child" "$TMP/out"

# Indirect calls count addresses only in the programs that store them:
# the file library is opened only by the tool, whose main runs no loop.
why file_sync $D/valueflow-reach/*.c -- -I$D/valueflow-reach
expect_grep "program: verdict" "'file_sync' does not run on a loop thread: it is reached only from startup" "$TMP/out"
expect_grep "program: from the tool's main" "tool.c:10:9: note: 'main' calls 'interp_call'" "$TMP/out"
why slow_handle $D/valueflow-reach/*.c -- -I$D/valueflow-reach
expect_grep "dead table: unreached" "'slow_handle' does not run on a loop thread: no event loop, callback, thread or main reaches it" "$TMP/out"

# A function nothing calls.
cat >"$TMP/lone.c" <<'C'
#include <unistd.h>
static void unused_helper(void) { sleep(1); }
int main(void) { return 0; }
C
why unused_helper "$TMP/lone.c"
expect_grep "unreached: verdict" "'unused_helper' does not run on a loop thread: no event loop, callback, thread or main reaches it" "$TMP/out"

why no_such_function $D/drivers-fork/fork.c
expect_eq "unknown function: exit 2" "$(cat "$TMP/rc")" 2
expect_grep "unknown function: one-line error" "no function named 'no_such_function'" "$TMP/err"

# JSON, and -p with a compile database.
mkdir -p "$TMP/p"
cp $D/drivers-posix/*.c $D/drivers-posix/*.h "$TMP/p/"
printf '[' >"$TMP/p/compile_commands.json"
sep=""
for f in server.c backend.c; do
	printf '%s{"directory": "%s", "file": "%s", "command": "cc -c %s"}' "$sep" "$TMP/p" "$f" "$f" >>"$TMP/p/compile_commands.json"
	sep=","
done
printf ']\n' >>"$TMP/p/compile_commands.json"
(cd "$TMP" && $LOOPSCOPE check --no-cache --no-config --format json -p p --why before_sleep >"$TMP/out" 2>"$TMP/err")
expect_eq "-p --format json: verdict" "$(jq -r '.why[0].verdict' "$TMP/out")" loop
expect_eq "-p --format json: chain starts in main" "$(jq -r '.why[0].chain[0].function' "$TMP/out")" main

# loopscope link --why on summaries written by a sharded run.
(cd "$TMP/p" && $LOOPSCOPE check --no-cache --no-config --summaries-out "$TMP/s" >/dev/null 2>&1)
(cd "$TMP/p" && $LOOPSCOPE link --no-config --color never --why run_timers "$TMP/s" >"$TMP/out" 2>"$TMP/err")
expect_grep "link --why" "'run_timers' runs on a loop thread" "$TMP/out"

# The calls of the function held at note, each with its reason.
why log_raw $D/noise-logs/logs.c -- -I$D/include
expect_grep "held: the append-only log's fflush" "held at note: $D/noise-logs/logs.c:57:2: 'fflush' does blocking file I/O" "$TMP/out"
expect_grep "held: why" "because: an append-only log (opened in append mode" "$TMP/out"
why journal_append $D/noise-logs/logs.c -- -I$D/include
expect_eq "an fsync'ed journal: nothing held" "$(grep -c 'held at note' "$TMP/out")" 0
why edit_free $D/noise-tempfiles/editor.c --format json -- -I$D/include
expect_eq "held (JSON): only the private path's unlink" "$(jq -r '[.why[0].held[] | "\(.line):\(.rule)"] | join(" ")' "$TMP/out")" "75:blocking-file-io"
expect_grep "held (JSON): the reason" "I/O on a private temporary file" "$TMP/out"
done_testing

# A poll of one fd makes no driver; a model listing poll by name alone does.
why serve_client $D/drivers-singlefd/crawler.c
expect_grep "one-fd poll: a worker, not a loop" "'serve_client' does not run on a loop thread: only on a worker thread that runs no loop of its own" "$TMP/out"
printf 'model: onefd\nloop_waits: [poll]\n' >"$TMP/onefd.yml"
why serve_client $D/drivers-singlefd/crawler.c --model "$TMP/onefd.yml"
expect_grep "one-fd poll, named by a model: a driver" "note: 'iterative_server' runs the event loop (waits in poll) and calls 'serve_client'" "$TMP/out"
why on_log $D/drivers-singlefd/crawler.c
expect_grep "a poll over an array of fds: a driver" "note: 'run_loop' runs the event loop (waits in poll) and calls 'on_log'" "$TMP/out"
