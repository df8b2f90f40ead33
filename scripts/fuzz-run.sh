#!/bin/sh
# Fuzz every target in build-fuzz/fuzz/ (built by `make fuzz`) for SECONDS each with libFuzzer,
# starting from a writable copy of tests/fuzz/corpus/TARGET (new inputs land in
# build-fuzz/corpus/TARGET, never in the repository), with the target's dictionary. Crashes go
# to build-fuzz/crashes/TARGET/ (slow-unit-* files there are inputs that took over 10 s, which
# on a loaded machine is usually the load, and are not counted as crashes). Prints one line per target: executions, exec/s, coverage
# (edges) and features, corpus size, crashes. Exit 1 if any target crashed.
# Usage: scripts/fuzz-run.sh [SECONDS] [TARGET...]
set -u
cd "$(dirname "$0")/.." || exit 2
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-$(cd build-fuzz/fuzz && ls fuzz_* | grep -v '\.d$')}
export PEPKIT_DATADIR="$(pwd)"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
status=0
printf '%-14s %12s %8s %8s %8s %8s %8s\n' target execs exec/s cov ft corpus crashes
for t in $targets; do
	name=${t#fuzz_}
	case "$name" in record | ir | profile) dict=tests/fuzz/xml.dict ;; csv) dict=tests/fuzz/csv.dict ;;
	form) dict=tests/fuzz/docx.dict ;; *) dict="" ;; esac
	mkdir -p "build-fuzz/corpus/$name" "build-fuzz/crashes/$name"
	log="build-fuzz/$t.log"
	"build-fuzz/fuzz/$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=262144 \
		${dict:+-dict=$dict} -artifact_prefix="build-fuzz/crashes/$name/" -print_final_stats=1 \
		"build-fuzz/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(ls "build-fuzz/corpus/$name" | wc -l)
	# crash-, leak-, timeout- and oom- files are failures; slow-unit- files only note an input
	# that took long (on a loaded machine, often just the load)
	crashes=$(ls "build-fuzz/crashes/$name" | grep -c -E '^(crash|leak|timeout|oom)-')
	printf '%-14s %12s %8s %8s %8s %8s %8s\n' "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$corp" "$crashes"
	[ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ] && { status=1; echo "  $t: see $log and build-fuzz/crashes/$name/"; }
done
exit $status
