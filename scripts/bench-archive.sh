#!/bin/sh
# scripts/bench-archive.sh (called by `make bench`): `pepkit archive deposit` of 10,000
# documents (5,000 generated children, PEP1 and PEP2 record copies as PDF/A-2b) into a fresh
# store, then `archive verify` of that store, then the same deposit again (every document
# already held). Prints documents/s, the split between rendering (CPU) and storing (wall), the
# file system's fsync latency (what bounds storing: one fsync per object, one per new folder,
# one catalogue commit per 64 documents), and verify's MB/s and documents/s. Figures only.
# BENCH_ARCHIVE_CHILDREN (default 5000) sets the cohort size.
set -eu
cd "$(dirname "$0")/.."
PEPKIT="$(pwd)/pepkit"
OUT=bench-out
export PEPKIT_DATADIR="$(pwd)"
n=${BENCH_ARCHIVE_CHILDREN:-5000}
mkdir -p "$OUT"
cohort="$OUT/archive-cohort-$n"
if [ ! -f "$cohort/.complete" ]; then
	rm -rf "$cohort"
	$PEPKIT sample --children "$n" --seed 13 -o "$cohort" >/dev/null
	touch "$cohort/.complete"
fi
store="$OUT/archive-store"
rm -rf "$store"; sync
fs=$(/usr/bin/python3 - "$OUT" <<'PY'
import os, sys, time
p = os.path.join(sys.argv[1], 'fsync-probe')
fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
t = time.time()
for i in range(30):
    os.write(fd, b'x' * 150000); os.fsync(fd)
print('%.1f' % ((time.time() - t) / 30 * 1000))
os.close(fd); os.unlink(p)
PY
)
echo "archive: fsync of a 150 KB write on this file system: $fs ms"
for run in deposit re-deposit; do
	start=$(date +%s.%N)
	$PEPKIT archive deposit --store "$store" "$cohort" 2> "$OUT/archive-$run.err" || true
	end=$(date +%s.%N)
	rep=$(ls -t "$store"/reports/deposit-*.csv | head -n 1)
	set -- $(/usr/bin/python3 -c "
import csv, sys, collections
c = collections.Counter(r['outcome'] for r in csv.DictReader(open(sys.argv[1])))
print(c['deposited'], c['already-held'], c['failed'])" "$rep")
	awk -v r="$run" -v d="$1" -v h="$2" -v f="$3" -v s="$start" -v e="$end" 'BEGIN {
		t = e - s; n = d + h + f
		printf "archive %-10s %6d documents (%d deposited, %d already held, %d failed) in %7.1f s: %6.1f documents/s, %.1f ms/document\n",
			r, n, d, h, f, t, (t > 0 ? n / t : 0), (n > 0 ? 1000 * t / n : 0) }'
	grep 'rendering' "$OUT/archive-$run.err" | sed 's/^pepkit: archive deposit: /  wall /; s/; report.*//' || true
done
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
$PEPKIT archive verify --store "$store" | sed 's/^/archive verify: /'
$PEPKIT archive verify --store "$store" | tail -n 1 | sed 's/^/archive verify (cached): /'
echo "archive store size: $(du -sh "$store" | cut -f1)"
