#!/bin/sh
# `make bench`: documents per second, milliseconds per document (wall, and CPU: user + system
# over both cores) and peak memory for the termly
# pack on generated cohorts of 1,000 and 10,000 children (PDF, then DOCX), then the CSV merge
# benchmark if present. Figures only: nothing here passes or fails on speed.
# First, one `pepkit render` of a sample PEP1 as a user runs it (issue 15 asks at most 10 ms CPU,
# process start included): CPU ms (user + system of the pepkit process, from wait4), the median
# of BENCH_RUNS runs (default 50), the same for process start alone (`pepkit --version`), and
# the instructions of one render counted by callgrind when valgrind is installed (steadier
# than time on a shared machine).
# BENCH_SIZES="1000 10000" overrides the cohort sizes.
set -eu
cd "$(dirname "$0")/.."
PEPKIT="$(pwd)/pepkit"
OUT=bench-out
export PEPKIT_DATADIR="$(pwd)"
mkdir -p "$OUT"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); pepkit $($PEPKIT --version | cut -d' ' -f2)"

# CPU ms of one run of "$@": user + system of that process alone (wait4), over $runs runs:
# "median (mean M, least L)". The median is the figure to read on a shared machine.
runs=${BENCH_RUNS:-50}
cpu_ms() {
	set -- $(python3 scripts/cpu-runs.py "$runs" "$@")
	printf '%s (mean %s, least %s)' "$1" "$2" "$3"
}
one=samples/ks2-initial.xml
printf 'single render (%s, PDF): %s ms CPU per run, median of %d runs; process start alone (pepkit --version): %s ms' \
	"$one" "$(cpu_ms "$PEPKIT" render -o "$OUT/one.pdf" "$one")" "$runs" "$(cpu_ms "$PEPKIT" --version)"
if command -v valgrind >/dev/null 2>&1; then
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$PEPKIT" render -o "$OUT/one.pdf" "$one" \
		2>"$OUT/callgrind.txt" >/dev/null
	awk '/Collected :/ { printf "; %.1f M instructions", $NF / 1e6 }' "$OUT/callgrind.txt"
fi
echo
rm -f "$OUT/one.pdf" "$OUT/callgrind.txt"
printf '%-8s %-7s %8s %10s %9s %10s %11s %12s\n' children format docs seconds "docs/s" "ms/doc" "CPU ms/doc" "peak RSS MB"
for n in ${BENCH_SIZES:-1000 10000}; do
	cohort="$OUT/cohort-$n"
	if [ ! -f "$cohort/.complete" ]; then
		rm -rf "$cohort"
		$PEPKIT sample --children "$n" --seed 7 -o "$cohort" >/dev/null
		touch "$cohort/.complete"
	fi
	for fmt in pdf docx; do
		start=$(date +%s.%N)
		/usr/bin/time -f '%M %U %S' -o "$OUT/time.txt" \
			$PEPKIT pack -q --force --format "$fmt" -o "$OUT/pack-$n-$fmt" "$cohort" || true
		end=$(date +%s.%N)
		docs=$(find "$OUT/pack-$n-$fmt" -name "*.$fmt" | wc -l)
		set -- $(tail -n 1 "$OUT/time.txt")
		awk -v n="$n" -v f="$fmt" -v d="$docs" -v s="$start" -v e="$end" -v r="$1" -v u="$2" -v y="$3" 'BEGIN {
			t = e - s; printf "%-8s %-7s %8d %10.2f %9.0f %10.3f %11.3f %12.1f\n", n, f, d, t, (t > 0 ? d / t : 0), (d > 0 ? 1000 * t / d : 0), (d > 0 ? 1000 * (u + y) / d : 0), r / 1024 }'
		# PDF size: bytes per page over every PDF of the pack (page objects counted in the files)
		[ "$fmt" = pdf ] && find "$OUT/pack-$n-$fmt" -name '*.pdf' -exec sh -c \
			'for f; do printf "%s %s\n" "$(stat -c %s "$f")" "$(grep -a -c -E "/Type /Page([^s]|$)" "$f")"; done' sh {} + |
			awk '{ b += $1; p += $2 } END { if (p) printf "         pdf size: %.1f KB per page (%d pages, %.1f MB)\n", b / p / 1024, p, b / 1048576 }'
	done
done
# Output is removed only now: on ext4 without a journal, creating files right after deleting
# thousands makes the kernel scan for recently deleted inodes, which would be measured too.
# (--force above: a run interrupted before this point leaves outputs that must not be skipped.)
rm -rf "$OUT"/pack-*; sync
if [ -x scripts/bench-merge.sh ]; then
	echo
	scripts/bench-merge.sh
fi
if [ -x scripts/bench-qa.sh ]; then
	scripts/bench-qa.sh
fi
if [ -x scripts/bench-archive.sh ]; then
	echo
	scripts/bench-archive.sh
fi
# secure delivery (issue 12): 1,000 messages to a loopback SMTP server over STARTTLS
if [ -x scripts/bench-send.sh ]; then
	echo
	scripts/bench-send.sh
fi
