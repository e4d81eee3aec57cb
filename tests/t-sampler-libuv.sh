#!/bin/sh
# t-sampler-libuv.sh — attach to testdata/sampler/uv-timer.c, a libuv program whose
# on_timer stalls on purpose two calls down (off-CPU in nanosleep, then
# on-CPU in a spin), and check the JSON report: stalls, callback, kind,
# syscall, rule, duration within 10%, blamed chain with file:line; the
# target is untraced, still answers, and exits with its own status.
. tests/lib.sh
. testdata/sampler/lib.sh
attach_fixture uv-timer on_timer uv-timer.c off
attach_fixture uv-timer on_timer uv-timer.c on
done_testing
