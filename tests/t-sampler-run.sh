#!/bin/sh
# t-sampler-run.sh — `run -- PROGRAM`: samples from the start (a thread
# born during the run is picked up), forwards the program's exit status,
# writes folded stacks and an SVG, and --live prints stalls as they end.
. tests/lib.sh
. testdata/sampler/lib.sh
"$LOOPSCOPE" run --format json -o "$TMP/r.json" --folded "$TMP/r.folded" --svg "$TMP/r.svg" \
	--live -- "$FX/uv-thread" off 150 300 2 >"$TMP/uv-thread.out" 2>"$TMP/r.err"
rc=$?
expect_eq "run forwards the exit status" "$rc" 3
expect_eq "the worker thread (born after start) is the loop" \
	"$(jq -r '[.threads[] | select(.loop != null) | .name + ":" + .loop] | join(",")' "$TMP/r.json")" "uv-worker:libuv"
# A loop starved of a CPU on a loaded machine is reported as kind
# runqueue (the machine's: no callback, no rule), not among the code's.
expect_eq "runqueue stalls blame nothing" "$(jq '[.stalls[] | select(.kind == "runqueue" and (.callback != null or .rule != null))] | length' "$TMP/r.json")" 0
expect_eq "stalls blamed on the worker's callback" \
	"$(jq -r '[.stalls[] | select(.kind != "runqueue") | .callback] | unique | join(",")' "$TMP/r.json")" on_worker_timer
n=$(jq '[.stalls[] | select(.kind != "runqueue")] | length' "$TMP/r.json")
[ "$n" -ge 3 ] && ok "$n stalls" || fail "$n stalls, want >= 3"
expect_eq "ended by the program's exit" "$(jq -r .summary.end "$TMP/r.json")" exited
expect_eq "exit status in the summary" "$(jq -r .summary.exit_status "$TMP/r.json")" 3
expect_grep "--live line" "^stall [0-9]* ms tid [0-9]* at .* off-cpu in clock_nanosleep: on_worker_timer -> fx_tick -> handle_request -> load_template" "$TMP/r.err"
expect_grep "folded stack" "^uv-worker;.*start_thread;loop_thread;uv_run;.*on_worker_timer;fx_tick;handle_request;load_template;nanosleep;clock_nanosleep [0-9]*$" "$TMP/r.folded"
expect_grep "svg document" "^<svg " "$TMP/r.svg"
expect_grep "svg flame graph frame" "<title>load_template (" "$TMP/r.svg"
expect_grep "svg timeline stall" "<title>[0-9]* ms off-cpu in on_worker_timer</title>" "$TMP/r.svg"
expect_grep "svg ends" "^</svg>" "$TMP/r.svg"

# a program killed by a signal: 128 + signal, like a shell
"$LOOPSCOPE" run -o "$TMP/k.txt" -- sh -c 'kill -USR1 $$' 2>"$TMP/k.err"
expect_eq "killed program: 128+SIGUSR1" "$?" 138
# a program that cannot be run
"$LOOPSCOPE" run -o "$TMP/n.txt" -- /nonexistent/prog 2>"$TMP/n.err"
expect_eq "missing program: 127" "$?" 127
expect_grep "missing program named" "cannot run /nonexistent/prog" "$TMP/n.err"
done_testing
