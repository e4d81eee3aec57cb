#!/bin/sh
# run.sh BINARY SECONDS — run one libFuzzer harness for SECONDS on its
# seed corpus (tests/fuzz/corpus/NAME, only read) and the inputs it found
# before (build/fuzz/corpus/NAME, or $FUZZ_WORK/NAME: where new ones go). Prints one summary
# line; on a crash, the input is kept as build/fuzz/crash-NAME-* and the
# script fails with the sanitizer's report.
# FUZZ_TIMEOUT (default 10 s) is the time one input may take.
set -u
bin=$1 secs=$2
name=${bin##*/fuzz_}
seeds=tests/fuzz/corpus/$name
work=${FUZZ_WORK:-build/fuzz/corpus}/$name
log=${FUZZ_WORK:-build/fuzz}/$name.log
mkdir -p "$work"
[ -d "$seeds" ] || seeds=
# -close_fd_mask=2: loopscope's one-line errors are the expected answer
# to most inputs; the sanitizers still report on libFuzzer's own stderr.
if "$bin" -max_total_time="$secs" -timeout=${FUZZ_TIMEOUT:-10} -rss_limit_mb=2048 -close_fd_mask=2 \
	-print_final_stats=1 -artifact_prefix="build/fuzz/crash-$name-" \
	"$work" $seeds >"$log" 2>&1; then
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	corp=$(ls "$work" | wc -l)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	echo "fuzz $name: ${secs}s, $execs runs, $rate exec/s, $cov, corpus $corp, no crash"
else
	echo "fuzz $name: FAILED after $(grep -c . "$log") log lines; input kept as:"
	ls build/fuzz/crash-"$name"-* 2>/dev/null
	grep -A40 'ERROR:\|==ERROR\|runtime error\|deadly signal\|out-of-memory\|timeout' "$log" | head -60
	exit 1
fi
