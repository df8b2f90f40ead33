#!/bin/sh
# bench-qa.sh: `pepkit qa` over a generated cohort of N records (default 10,000): records per
# second (wall), and records per CPU-second (one core's worth: two idle cores give up to twice
# that), first into an empty output folder (the term's first run: every record validated
# against pep.xsd), then the same again (the re-run a Virtual School does each day: records
# whose bytes were found valid last time are not validated again), and dashboard.html's size
# and timings in headless chromium for those children (first contentful paint, the table
# drawn, a filter or sort). The machine is shared: wall time moves with the load average
# printed; CPU time much less. Figures only: nothing here passes or fails on speed. Called by
# scripts/bench.sh.
# Usage: scripts/bench-qa.sh [N]      (PEPKIT=path/to/pepkit to override)
set -eu
cd "$(dirname "$0")/.."
N=${1:-10000}
PEPKIT=${PEPKIT:-$(pwd)/pepkit}
OUT=bench-out
export PEPKIT_DATADIR="$(pwd)"
mkdir -p "$OUT"
cohort="$OUT/cohort-$N"
if [ ! -f "$cohort/.complete" ]; then
	rm -rf "$cohort"
	$PEPKIT sample --children "$N" --seed 7 -o "$cohort" >/dev/null
	touch "$cohort/.complete"
fi
echo
echo "pepkit qa over $N records ($(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg))"
printf '%-8s %10s %10s %12s %16s %12s\n' run seconds "records/s" "CPU seconds" "records/CPU-s" "peak RSS MB"
rm -rf "$OUT/qa-$N"   # the first run starts with no known-valid list
for run in first again; do
	start=$(date +%s.%N)
	/usr/bin/time -f '%M %U %S' -o "$OUT/qa-time.txt" \
		$PEPKIT qa -q --on 2025-12-10 -o "$OUT/qa-$N" "$cohort" || true
	end=$(date +%s.%N)
	set -- $(tail -n 1 "$OUT/qa-time.txt")
	awk -v n="$N" -v s="$start" -v e="$end" -v r="$1" -v u="$2" -v y="$3" -v run="$run" 'BEGIN {
		t = e - s; c = u + y; printf "%-8s %10.2f %10.0f %12.2f %16.0f %12.1f\n", run, t, (t > 0 ? n / t : 0), c, (c > 0 ? n / c : 0), r / 1024 }'
done
if [ -d tests/node/node_modules/puppeteer-core ]; then
	timeout 300 node tests/node/dashboard-check.js --bench "$OUT/qa-$N/dashboard.html" || true
else
	echo "dashboard: tests/node/node_modules missing (scripts/install-deps.sh), no browser timing"
fi
