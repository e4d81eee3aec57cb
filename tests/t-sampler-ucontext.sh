#!/bin/sh
# t-sampler-ucontext.sh — attach to testdata/sampler/ucontext-sched.c, a ucontext program whose
# request_coroutine stalls on purpose two calls down (off-CPU in nanosleep, then
# on-CPU in a spin), and check the JSON report: stalls, callback, kind,
# syscall, rule, duration within 10%, blamed chain with file:line; the
# target is untraced, still answers, and exits with its own status.
. tests/lib.sh
. testdata/sampler/lib.sh
attach_fixture ucontext-sched request_coroutine ucontext-sched.c off
attach_fixture ucontext-sched request_coroutine ucontext-sched.c on
done_testing
