#!/bin/sh
# t-sampler-busy.sh — a saturated loop (testdata/sampler/busy-loop.c: a
# short handler back to back, never found idle) with one real 150 ms stall
# among thousands of short iterations. On both paths, without --thread, the
# loop thread is found and the target left untraced, and exactly one stall
# is reported, blamed on on_request, of the right kind, sized within 10% of
# what the program measured itself; the ptrace path within 10% or within
# the precision its
# report states (its edges are where its samples fell, which a loaded
# machine delays). The stall is CPU work (CPU time), so a loaded machine
# stretches it without making it the machine's: it stays on-cpu. Run it
# also with a CPU hog on every core (nice 0) to see it under load.
. tests/lib.sh
. testdata/sampler/lib.sh

busy_case() { saturated_case busy-loop "$@"; }

on_both_paths busy_case
done_testing
