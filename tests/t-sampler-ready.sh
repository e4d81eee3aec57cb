#!/bin/sh
# t-sampler-ready.sh — a loop that never blocks (testdata/sampler/ready-loop.c:
# its own eventfd always ready, one ~0.7 ms handler an iteration, no
# voluntary context switch, never seen in its wait) with one real 150 ms
# stall. On both paths exactly one stall of the code, blamed on on_request,
# of the right kind, sized within 10% (or the stated precision). The ptrace
# path sees no iteration boundary by sampling here: it finds them by
# stopping the loop thread at its syscalls once a busy stretch is long
# (and the target is left untraced after it).
. tests/lib.sh
. testdata/sampler/lib.sh

ready_case() { saturated_case ready-loop "$@"; }

on_both_paths ready_case
done_testing
