#!/bin/sh
# t-framework.sh — a finding's framework (which picks its rule's fix text)
# is the one of the loop its chain starts from: testdata/check/framework-roots
# has a hand-written poll loop (posix, in a file whose <signal.h> pulls in
# <sys/ucontext.h>), a libevent timer callback (libevent) and a ucontext
# coroutine (ucontext), each with a sleep. testdata/check/framework-headers:
# a finding no model's root reaches takes the framework of its file's
# headers, and a header named like a framework's counts only where it is
# that framework's (found in a system include directory, or defining a name
# of the model's `declares`): the program's own src/event.h and src/async.h
# are not libevent's or protothreads', the system <event.h> and a copied
# async.h with async_begin are.
. tests/lib.sh
command -v jq >/dev/null || { echo "FAIL: jq is needed to read the JSON (tools/install-deps.sh installs it)"; exit 1; }
d=testdata/check/framework-roots
"$LOOPSCOPE" check --format json --show-notes --each-site -j 2 "$d"/*.c -- -I"$d" -Itestdata/check/include \
	>"$TMP/out.json" 2>"$TMP/err"
rc=$?
[ "$rc" -lt 2 ] || { fail "check exited $rc"; cat "$TMP/err"; }
# framework and fix of the blocking-sleep finding in FILE
fw() { jq -r --arg f "$d/$1" '.findings[] | select(.rule == "blocking-sleep" and .file == $f) | .framework' "$TMP/out.json"; }
fix() { jq -r --arg f "$d/$1" '.findings[] | select(.rule == "blocking-sleep" and .file == $f) | .fix' "$TMP/out.json"; }
expect_eq "poll loop: framework" "$(fw pollloop.c)" posix
expect_eq "libevent callback: framework" "$(fw evtimer.c)" libevent
expect_eq "ucontext coroutine: framework" "$(fw task.c)" ucontext
fix pollloop.c >"$TMP/fix"
expect_grep "poll loop: the posix fix" 'timerfd_create' "$TMP/fix"
expect_nogrep "poll loop: no coroutine fix" 'swapcontext' "$TMP/fix"
fix evtimer.c >"$TMP/fix"
expect_grep "libevent callback: the libevent fix" 'evtimer_new' "$TMP/fix"
fix task.c >"$TMP/fix"
expect_grep "ucontext coroutine: the ucontext fix" 'swapcontext' "$TMP/fix"
# The text report prints the same fix.
"$LOOPSCOPE" check --color never -j 2 "$d"/pollloop.c "$d"/evtimer.c "$d"/task.c -- -I"$d" -Itestdata/check/include \
	>"$TMP/out.txt" 2>&1
expect_grep "text report: posix fix" '^  fix: Add a timerfd_create' "$TMP/out.txt"
# Framework of a file by its headers.
h=testdata/check/framework-headers
"$LOOPSCOPE" check --format json --each-site -j 2 "$h"/*.c -- -I"$h" -Itestdata/check/include \
	>"$TMP/hdr.json" 2>"$TMP/err"
rc=$?
[ "$rc" -lt 2 ] || { fail "check exited $rc"; cat "$TMP/err"; }
hfw() { jq -r --arg f "$h/$1" --argjson l "$2" '.findings[] | select(.rule == "blocking-sleep" and .file == $f and .line == $l) | .framework' "$TMP/hdr.json"; }
hfix() { jq -r --arg f "$h/$1" --argjson l "$2" '.findings[] | select(.rule == "blocking-sleep" and .file == $f and .line == $l) | .fix' "$TMP/hdr.json"; }
expect_eq "own src/event.h: not libevent" "$(hfw ownevent.c 21)" posix
expect_eq "own event_* function followed" "$(hfw ownevent.c 14)" posix
hfix ownevent.c 21 >"$TMP/fix"
expect_nogrep "own src/event.h: no libevent fix" 'evtimer_new' "$TMP/fix"
expect_eq "own src/async.h: not protothreads" "$(hfw ownasync.c 14)" posix
expect_eq "system <event.h>: libevent" "$(hfw realevent.c 13)" libevent
hfix realevent.c 13 >"$TMP/fix"
expect_grep "system <event.h>: the libevent fix" 'evtimer_new' "$TMP/fix"
expect_eq "copied async.h defining async_begin: protothreads" "$(hfw copiedasync.c 14)" protothreads
done_testing
