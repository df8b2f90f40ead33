#!/bin/sh
# t0512: a pack that runs out of memory (ulimit -v, stepped from too little to enough) says so:
# every record it could not make fails with a reason in words ("out of memory ..."), on stderr
# and in pack-report.csv, never "unknown error" (before: a failed record whose reason could not
# be copied was reported as "unknown error"); it never crashes once pepkit's own code runs (an
# abort inside a library's start-up, before main, is outside pepkit and not counted), and with
# enough memory the same command completes. Skipped for sanitizer builds (ASan reserves
# terabytes of address space, so ulimit -v cannot apply).
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
case "${PEPKIT_BUILD:-build}" in *san*) ok "# SKIP sanitizer build: ulimit -v does not apply"; done_testing; exit 0 ;; esac
mkdir -p "$T/c" && cp "$SAMPLES"/ks2-initial.xml "$SAMPLES"/post16-college.xml "$SAMPLES"/eyfs-nursery.xml "$T/c/"
bad=0; oom=0; runs=0
for v in 60000 80000 100000 110000 120000 130000 140000 150000 175000 200000 250000; do
	rm -rf "$T/p"
	(ulimit -v $v; exec "$PEPKIT" pack --term 2025-autumn -o "$T/p" "$T/c") > /dev/null 2> "$T/e.$v"
	st=$?
	runs=$((runs + 1))
	if grep -q 'GLib\|before main' "$T/e.$v" && [ "$st" -ge 128 ]; then
		continue   # a library's constructor aborted: pepkit's code never ran
	fi
	if [ "$st" -ge 128 ]; then
		bad=$((bad + 1)); echo "# ulimit -v $v: crashed (exit $st)"; head -n 3 "$T/e.$v" | sed 's/^/#   /'
	fi
	if grep -q -i 'unknown error' "$T/e.$v" "$T/p/pack-report.csv" "$T/p/pack-summary.txt" 2>/dev/null; then
		bad=$((bad + 1)); echo "# ulimit -v $v: 'unknown error'"; grep -i 'unknown error' "$T/e.$v" | head -n 2 | sed 's/^/#   /'
	fi
	if [ -f "$T/p/pack-report.csv" ] && ! python3 - "$T/p/pack-report.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
sys.exit(0 if all(r["reason"].strip() for r in rows if r["status"] == "failed") else 1)
PY
	then
		bad=$((bad + 1)); echo "# ulimit -v $v: a failed record without a reason"
	fi
	grep -q 'out of memory' "$T/e.$v" && oom=$((oom + 1))
done
[ "$bad" -eq 0 ] && ok "$runs runs short of memory: every failure has its reason, no crash" || notok "$bad problems"
[ "$oom" -gt 0 ] && ok "$oom of them said 'out of memory'" || ok "# no run was short of memory on this machine"
check "with enough memory the pack completes" "$PEPKIT" pack --term 2025-autumn -o "$T/p" "$T/c"
done_testing
