#!/bin/sh
# t-sampler-epoll.sh — attach to testdata/sampler/epoll-loop.c, a epoll program whose
# on_timerfd stalls on purpose two calls down (off-CPU in nanosleep, then
# on-CPU in a spin), and check the JSON report: stalls, callback, kind,
# syscall, rule, duration within 10%, blamed chain with file:line; the
# target is untraced, still answers, and exits with its own status.
. tests/lib.sh
. testdata/sampler/lib.sh
attach_fixture epoll-loop on_timerfd epoll-loop.c off
attach_fixture epoll-loop on_timerfd epoll-loop.c on
done_testing
