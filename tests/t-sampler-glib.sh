#!/bin/sh
# t-sampler-glib.sh — attach to testdata/sampler/glib-timeout.c, a glib program whose
# on_glib_timeout stalls on purpose two calls down (off-CPU in nanosleep, then
# on-CPU in a spin), and check the JSON report: stalls, callback, kind,
# syscall, rule, duration within 10%, blamed chain with file:line; the
# target is untraced, still answers, and exits with its own status.
. tests/lib.sh
. testdata/sampler/lib.sh
attach_fixture glib-timeout on_glib_timeout glib-timeout.c off
attach_fixture glib-timeout on_glib_timeout glib-timeout.c on
done_testing
