#!/bin/sh
# t-sampler-libev.sh — attach to testdata/sampler/libev-timer.c, a libev program whose
# on_ev_timer stalls on purpose two calls down (off-CPU in nanosleep, then
# on-CPU in a spin), and check the JSON report: stalls, callback, kind,
# syscall, rule, duration within 10%, blamed chain with file:line; the
# target is untraced, still answers, and exits with its own status.
. tests/lib.sh
. testdata/sampler/lib.sh
attach_fixture libev-timer on_ev_timer libev-timer.c off
attach_fixture libev-timer on_ev_timer libev-timer.c on
done_testing
