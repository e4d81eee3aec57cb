#!/bin/sh
# t-noise.sh — what the noise fixtures (testdata/check/noise-*) cannot say
# with expect marks: the fix line of a finding belongs to the model of the
# resource, and --format json carries notes with their level and reason.
. tests/lib.sh
$LOOPSCOPE check --no-config --no-cache --format json testdata/check/noise-libevent/*.c -- \
	>"$TMP/out.json" 2>"$TMP/err"
fix=$(jq -r '.findings[] | select(.rule == "handle-leak") | .fix' "$TMP/out.json")
expect_grep "FILE * leak in a libevent TU: the posix fix" 'fclose' "$TMP/out.json"
case $fix in
*event_free*) fail "FILE * leak told to call event_free: $fix" ;;
*fclose*) ok "FILE * leak: fix names fclose" ;;
*) fail "FILE * leak: unexpected fix: $fix" ;;
esac
notes=$(jq '[.findings[] | select(.severity == "note" and .rule == "ignored-error" and .demoted != null)] | length' "$TMP/out.json")
expect_eq "json keeps the OOM-only ignored-error notes, with the reason" "$notes" 5

# the leak's path: one that needs fstat to fail on the fd it holds is the last choice
$LOOPSCOPE check --no-config --no-cache --format json testdata/check/noise-resources/oomonly.c -- \
	>"$TMP/o.json" 2>"$TMP/err"
expect_eq "a leak is shown on a path that needs no out-of-memory failure, where there is one" \
	"$(jq -r '[.findings[] | "\(.function): \(.message | sub(".* is not closed "; ""))"] | join("\n")' "$TMP/o.json")" \
	"read_old: on the path that returns on line 24
file_size: when fstat fails
other_size: when fstat fails"

# the program's belief: the deviant call of a usually checked callee says so
$LOOPSCOPE check --no-config --no-cache --format json testdata/check/noise-belief/*.c -- \
	-Itestdata/check/noise-belief >"$TMP/b.json" 2>"$TMP/err"
expect_eq "usually checked: the warning gives the count" \
	"$(jq -r '.findings[] | select(.severity == "warning") | .message | sub(".*; "; "")' "$TMP/b.json")" \
	"bufferevent_socket_connect() is checked at 4 of 4 other sites in this program"
expect_eq "never checked: each note gives the count" \
	"$(jq -r '[.findings[] | select(.severity == "note") | .demoted] | unique | .[]' "$TMP/b.json")" \
	"this program does not check event_add() at 12 of its 13 call sites (checked at 1): it does not treat that failure as one to handle"

# programs: a finding only in a program the configuration does not name is a note
d=testdata/check/noise-programs
$LOOPSCOPE check --no-config --no-cache --format json $d/*.c -- -I$d >"$TMP/p.json" 2>"$TMP/err"
expect_eq "each finding lists its program" \
	"$(jq -r '[.findings[] | .programs as $p | .sites[] | "\(.line):\($p | join(","))"] | join(" ")' "$TMP/p.json")" \
	"8:$d/bench.c 10:$d/bench.c 11:$d/server.c 13:$d/server.c"
printf 'programs: [%s/server.c]\n' "$PWD/$d" >"$TMP/cfg.yml"
$LOOPSCOPE check --config "$TMP/cfg.yml" --no-cache --format json $d/*.c -- -I$d >"$TMP/q.json" 2>"$TMP/err"
expect_eq "programs: [server.c] — the benchmark's findings are notes, the server's warnings" \
	"$(jq -r '[.findings[] | .severity as $s | .sites[] | "\(.file | sub(".*/"; "")):\(.line):\($s)"] | join(" ")' "$TMP/q.json")" \
	"bench.c:8:note bench.c:10:note shared.c:11:warning shared.c:13:warning"
# programs of a finding: those where its whole chain exists, not every
# program that links the shared loop driver at its root
d=testdata/check/programs-split
$LOOPSCOPE check --no-config --no-cache --format json $d/*.c -- -I$d >"$TMP/s.json" 2>"$TMP/err"
expect_eq "shared driver: each callback's finding lists only the program registering it" \
	"$(jq -r '[.findings[] | "\(.function):\(.programs | map(sub(".*/"; "")) | join(","))"] | sort | join(" ")' "$TMP/s.json")" \
	"log_event:server.c on_client:server.c on_reply:bench.c"
printf 'programs: [%s/bench.c]\n' "$PWD/$d" >"$TMP/cfg.yml"
$LOOPSCOPE check --config "$TMP/cfg.yml" --no-cache --format json $d/*.c -- -I$d >"$TMP/t.json" 2>"$TMP/err"
expect_eq "programs: [bench.c] — the server's findings through the shared driver are notes" \
	"$(jq -r '[.findings[] | "\(.function):\(.severity)"] | sort | join(" ")' "$TMP/t.json")" \
	"log_event:note on_client:note on_reply:warning"
# by default, when a program serves, one that serves nothing is held back
d=testdata/check/programs-serving
$LOOPSCOPE check --no-config --no-cache --format json $d/*.c -- -I$d >"$TMP/v.json" 2>"$TMP/err"
expect_eq "serving: the load generator's finding is a note, the server's and the shared ones warnings" \
	"$(jq -r '[.findings[] | "\(.function):\(.severity):\(.programs | map(sub(".*/"; "")) | join(","))"] | sort | join(" ")' "$TMP/v.json")" \
	"on_client:warning:server.c on_reply:note:bench.c stats_flush:warning:bench.c,server.c"
expect_eq "serving: the shared function's chain is the serving program's" \
	"$(jq -r '.findings[] | select(.function == "stats_flush") | [.chain[].function] | join(" ")' "$TMP/v.json")" \
	"loop_run loop_once on_client stats_flush"
expect_eq "serving: the note's reason names both programs and how to choose" \
	"$(jq -r '.findings[] | select(.function == "on_reply") | .demoted' "$TMP/v.json")" \
	"it runs only in the program whose main is in $d/bench.c, which accepts no connections, while the program whose main is in $d/server.c serves: a program that serves nothing is held back when another serves (choose with programs: in .loopscope.yml)"
expect_eq "serving: JSON stats name the programs held back and the serving ones" \
	"$(jq -c '[.stats.programs_held, .stats.programs_serving]' "$TMP/v.json")" \
	"[[\"$d/bench.c\"],[\"$d/server.c\"]]"
$LOOPSCOPE check --no-config --no-cache $d/*.c -- -I$d >"$TMP/v.txt" 2>"$TMP/err"
expect_grep "serving: the text report says which programs are held back" \
	"findings only in programs that accept no connections are notes: $d/bench.c ($d/server.c serves); choose the programs that matter with 'programs:' in .loopscope.yml" "$TMP/v.txt"
$LOOPSCOPE check --no-config --no-cache --why on_reply $d/*.c -- -I$d >"$TMP/w.txt" 2>"$TMP/err"
expect_grep "serving: --why says the callback is held back and why" \
	"'on_reply' runs on a loop thread, but it runs only in the program whose main is in $d/bench.c, which accepts no connections" "$TMP/w.txt"
printf 'programs: [%s/bench.c]\n' "$PWD/$d" >"$TMP/cfg.yml"
$LOOPSCOPE check --config "$TMP/cfg.yml" --no-cache --format json $d/*.c -- -I$d >"$TMP/x.json" 2>"$TMP/err"
expect_eq "serving: programs: in the configuration replaces the default" \
	"$(jq -r '[.findings[] | "\(.function):\(.severity)"] | sort | join(" ")' "$TMP/x.json") $(jq -c '.stats.programs_held' "$TMP/x.json")" \
	"on_client:note on_reply:warning stats_flush:warning null"
# roles: a client that forks its server is two processes of one program
# (client.c, and retry.c whose fork in a loop splits nothing)
d=testdata/check/programs-roles
$LOOPSCOPE check --no-config --no-cache --format json $d/client.c $d/retry.c -- $(pkg-config --cflags libevent) \
	>"$TMP/r.json" 2>"$TMP/err"
expect_eq "roles: the client process's callback is a note, the server's and the shared one warnings" \
	"$(jq -r '[.findings[] | "\(.file | sub(".*/"; "")):\(.function):\(.severity)"] | sort | join(" ")' "$TMP/r.json")" \
	"client.c:on_conn_read:warning client.c:on_server_read:note client.c:on_tick:warning retry.c:on_server_read:warning"
expect_eq "roles: the note names the two processes of the main" \
	"$(jq -r '.findings[] | select(.severity == "note") | .demoted' "$TMP/r.json")" \
	"it runs only in the process of $d/client.c's main where start_server returns, which accepts no connections, while the program whose main is in $d/retry.c and the process of $d/client.c's main past start_server's last return ($d/client.c:61) serve: a process that serves nothing is held back when another serves (choose with programs: in .loopscope.yml)"
expect_eq "roles: JSON stats name the roles; a finding's programs are main files" \
	"$(jq -c '[.stats.programs_held, .stats.programs_serving, ([.findings[].programs[]] | unique)]' "$TMP/r.json")" \
	"[[\"$d/client.c where start_server returns\"],[\"$d/retry.c\",\"$d/client.c past start_server's last return ($d/client.c:61)\"],[\"$d/client.c\",\"$d/retry.c\"]]"
printf 'programs: [%s/client.c]\n' "$PWD/$d" >"$TMP/cfg.yml"
$LOOPSCOPE check --config "$TMP/cfg.yml" --no-cache --format json $d/client.c $d/retry.c -- $(pkg-config --cflags libevent) \
	>"$TMP/r2.json" 2>"$TMP/err"
expect_eq "roles: programs: naming the main file takes both of its processes" \
	"$(jq -r '[.findings[] | "\(.file | sub(".*/"; "")):\(.function):\(.severity)"] | sort | join(" ")' "$TMP/r2.json")" \
	"client.c:on_conn_read:warning client.c:on_server_read:warning client.c:on_tick:warning retry.c:on_server_read:note"
# gates: each note says why, naming the flag and its handler, the guard, the exit
d=testdata/check/noise-gates
$LOOPSCOPE check --no-config --no-cache --format json $d/*.c -- -Itestdata/check/include \
	>"$TMP/g.json" 2>"$TMP/err"
expect_eq "gates: the reasons of the notes, by function" \
	"$(jq -r '[.findings[] | select(.severity == "note") | "\(.function): \(.demoted)"] | unique | join("\n")' "$TMP/g.json")" \
	"flush_all: it runs on the way out: the process exits when 'prepare_shutdown' succeeds ('on_command' tests it)
load_config: it runs only after an operator's signal: 'reload_requested' is set only by the signal handler 'on_sighup'
load_history: it runs at most once per process: 'first_client' tests and sets 'history_loaded', which nothing clears
prepare_shutdown: it runs on the way out: the process exits when 'prepare_shutdown' succeeds ('on_command' tests it)
rotate_log: it runs only when the operator sends SIGUSR2: 'on_sigusr2_event' is the callback of that signal
save_state: it runs only after an operator's signal: 'sig_term' is set only by the signal handler 'on_sigterm'
seed: it runs at most once per process: 'seed' tests and sets 'seeded', which nothing clears"
# signal cases: a callback shared by several signals, and what it calls
# with the number, hold at note only the branches of operator's signals
d=testdata/check/noise-sigcases
$LOOPSCOPE check --no-config --no-cache --format json $d/*.c -- -Itestdata/check/include \
	>"$TMP/s.json" 2>"$TMP/err"
expect_eq "signal cases: the reasons of the notes, by function" \
	"$(jq -r '[.findings[] | select(.severity == "note") | "\(.function): \(.demoted)"] | unique | join("\n")' "$TMP/s.json")" \
	"admin_dump: it runs only when the operator sends SIGUSR1 or SIGUSR2: 'on_admin_signal' dispatches on the signal number, and only those signals reach its default case
count_requested: it runs only when the operator sends SIGHUP, SIGUSR1, SIGUSR2 or SIGTERM: 'handle_signal' tests the signal number, and this is its branch for those signals
dump_journal: it runs only when the operator sends SIGUSR1: 'on_uv_signal' dispatches on the signal number, and only that signal reaches its default case
dump_stats: it runs only when the operator sends SIGHUP or SIGUSR1: 'server_signal' dispatches on the signal number, and this is its case for those signals
flush_logs: it runs only when the operator sends SIGUSR1 or SIGTERM: 'handle_signal' tests the signal number, and this is its branch for those signals
note_rotation: it runs only when the operator sends SIGUSR2: 'after_reap' tests the signal number, and this is its branch for that signal
reload_config: it runs only when the operator sends SIGHUP: 'handle_signal' tests the signal number, and this is its branch for that signal
reload_journal: it runs only when the operator sends SIGHUP: 'on_uv_signal' dispatches on the signal number, and this is its case for that signal
reopen_log: it runs only when the operator sends SIGUSR2: 'server_signal' dispatches on the signal number, and this is its case for that signal
toggle_debug: it runs only when the operator sends SIGUSR2: 'handle_signal' tests the signal number, and this is its branch for that signal"
# self-pipe: codes a signal handler writes into a pipe gate the loop's
# cases for them; the notes name the handler, the field and the signal
d=testdata/check/noise-selfpipe
$LOOPSCOPE check --no-config --no-cache --format json $d/*.c >"$TMP/p.json" 2>"$TMP/err"
expect_eq "self-pipe: the reasons of the notes, by function" \
	"$(jq -r '[.findings[] | select(.severity == "note") | "\(.function): \(.demoted)"] | unique | join("\n")' "$TMP/p.json")" \
	"dump_cache: it runs only when the operator sends SIGUSR1: 'async_event' dispatches on 'event', whose values for this case come from the signal handler 'sig_handler' for that signal
load_hosts: it runs only when the operator sends SIGHUP: 'async_event' dispatches on 'event', whose values for this case come from the signal handler 'sig_handler' for that signal, and from 'main' once before its loop
open_output: it runs only when the operator sends SIGUSR2: 'async_event' dispatches on 'event', whose values for this case come from the signal handler 'sig_handler' for that signal
reload_config: it runs only when the operator sends SIGHUP: 'async_event' dispatches on 'event', whose values for this case come from the signal handler 'sig_handler' for that signal
reread_rules: it runs only when the operator sends SIGHUP: 'on_note' dispatches on 'what', whose values for this case come from the signal handler 'on_hup' for that signal"
done_testing
