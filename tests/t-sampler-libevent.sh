#!/bin/sh
# t-sampler-libevent.sh — attach to testdata/sampler/libevent-timer.c, a libevent program whose
# on_event_timer stalls on purpose two calls down (off-CPU in nanosleep, then
# on-CPU in a spin), and check the JSON report: stalls, callback, kind,
# syscall, rule, duration within 10%, blamed chain with file:line; the
# target is untraced, still answers, and exits with its own status.
. tests/lib.sh
. testdata/sampler/lib.sh
attach_fixture libevent-timer on_event_timer libevent-timer.c off
attach_fixture libevent-timer on_event_timer libevent-timer.c on
done_testing
