#!/bin/sh
# bench-merge.sh: time `pepkit merge` on a generated long-shape export of ROWS rows (default
# 1,000,000) for a generated cohort of CHILDREN records (default 2,000), and print rows per
# second and peak memory (/usr/bin/time -v "Maximum resident set size"). A second run with a
# quarter of the rows shows that memory follows the cohort, not the file. The same export in
# Windows-1252 (Excel's "CSV (Comma delimited)": a name with 0xEB for e-diaeresis, so it is not
# valid UTF-8 and is converted, through a table made with iconv) gives the rate for converted
# input.
# Usage: scripts/bench-merge.sh [ROWS] [CHILDREN]     (PEPKIT=path/to/pepkit to override)
#
# Measured 2026-11-30 (shared 2-core machine, load average 1-2; CPU rows/s is the figure, wall
# time is noise), records up to date, 1,000,000 rows: 1,120,000-1,490,000 rows/s UTF-8 and
# 1,110,000-1,140,000 rows/s Windows-1252; the build before this round gave 500,000 and 405,000
# in the same minutes (640,000-710,000 and 430,000-470,000 on a quieter machine earlier).
# callgrind, 1,000,000 rows against 250,000: about 2,000 instructions a row (was 3,430) and
# 1.12 G fixed (was 2.06 G): 2,000 records judged from SAX events, 400 K each, and the report's
# 60,000 lines, 4 K each. 3.1 G in all for UTF-8 (was 5.5 G), 3.8 G for Windows-1252 (was 8.8 G).
# Under a load of 4-6 (other builds and tests running) the UTF-8 figure was 1.0-1.5 million.
set -eu
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
CHILDREN=${2:-2000}
PEPKIT=${PEPKIT:-./build/pepkit}
export PEPKIT_DATADIR="$(pwd)"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

[ -x "$PEPKIT" ] || { echo "bench-merge: build first (make)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-merge: needs /usr/bin/time (GNU time)" >&2; exit 2; }

# Generated synthetic data: invented children (all named after the same invented pattern),
# KS4 records with three terms; the export cycles children x 10 subjects x 3 terms, so most
# rows after the first pass are duplicates, as in a year's worth of repeated termly exports.
/usr/bin/python3 - "$W" "$ROWS" "$CHILDREN" <<'PY'
import sys, os
w, rows, children = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
A = 'ABCDEFGHJKLMNPQRTUVWXYZ'
def upn(n):
    b = '8019999%05d' % n
    s = sum((i + 2) * int(c) for i, c in enumerate(b))
    return A[s % 23] + b
os.mkdir(w + '/cohort')
tmpl = '''<?xml version="1.0" encoding="UTF-8"?>
<pep-record version="1">
  <child>
    <la-child-id>BENCH-%(n)05d</la-child-id>
    <upn>%(upn)s</upn>
    <legal-name><given>Bench</given><family>Child %(n)d</family></legal-name>
    <date-of-birth>2010-01-01</date-of-birth>
    <legal-status>care-order</legal-status>
    <entered-care>2020-01-01</entered-care>
    <placement><type>foster-care</type><start-date>2020-01-01</start-date></placement>
    <year-group>10</year-group>
    <key-stage>KS4</key-stage>
    <send><status>none</status></send>
  </child>
  <people>
    <person id="sw1" role="social-worker"><name>Bench Worker</name></person>
  </people>
  <terms>
    <term id="2025-summer" kind="review" start="2025-04-22" end="2025-07-22"/>
    <term id="2025-autumn" kind="review" start="2025-09-03" end="2025-12-19"/>
    <term id="2026-spring" kind="review" start="2026-01-05" end="2026-03-27"/>
  </terms>
</pep-record>
'''
ups = [upn(n) for n in range(children)]
for n in range(children):
    open('%s/cohort/child-%05d.xml' % (w, n), 'w').write(tmpl % {'n': n, 'upn': ups[n]})
subjects = ['English', 'Mathematics', 'Science', 'History', 'Geography', 'French', 'Art',
            'Music', 'Computing', 'Religious Studies']
terms = ['Summer 2025', 'Autumn 2025', 'Spring 2026']
dates = ['14/07/2025', '14/11/2025', '13/03/2026']   # each term's assessment, within it
def write(path, count, enc='utf-8'):
    with open(path, 'w', newline='', encoding=enc) as f:
        f.write(('\ufeff' if enc == 'utf-8' else '') + 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\n')
        for i in range(count):
            c = i % children
            s = (i // children) % len(subjects)
            t = (i // (children * len(subjects))) % len(terms)
            grade = (c + s + t) % 9 + 1
            f.write('%s,Child %d,%s,%s,,%d,%s,%s\r\n' % (ups[c], c, 'Zo\u00eb' if i % 7 == 0 else 'Bench', subjects[s], grade, terms[t], dates[t]))
write(w + '/export.csv', rows)
write(w + '/quarter.csv', rows // 4)
write(w + '/export-1252.csv', rows, 'cp1252')
PY

# run CSV ROWS LABEL COHORT: one timed merge into $W/out.
run() {
	/usr/bin/time -v "$PEPKIT" merge --map templates/mapping-sims-long.xml -o "$W/out" \
		"$4" "$1" >/dev/null 2>"$W/time.txt" || true
	grep -q 'merge:' "$W/time.txt" || { cat "$W/time.txt" >&2; exit 1; }
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$W/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/time.txt")
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$W/time.txt")
	rows=$2
	awk -v r="$rows" -v s="$secs" -v c="$cpu" -v m="$rss" -v f="$(basename "$1")" -v b="$(wc -c <"$1")" 'BEGIN {
		if (s <= 0) s = 0.01
		if (c <= 0) c = 0.01
		printf "merge %-12s %9d rows (%5.1f MB), %s children, %s: %.2f s wall (%.0f rows/s), %.2f s CPU (%.0f rows/s), peak RSS %.1f MB\n",
		       f, r, b / 1e6, ENVIRON["CHILDREN"], ENVIRON["LABEL"], s, r / s, c, r / c, m / 1024 }'
}
export CHILDREN
# First run: every record changes and is written (2 fsyncs per record dominate the time).
LABEL="writing every record" run "$W/export.csv" "$ROWS" x "$W/cohort"
# Then the same exports against the merged cohort: all rows are duplicates, nothing written,
# so the time is reading, checking and applying.
LABEL="records up to date" run "$W/export.csv" "$ROWS" x "$W/out"
LABEL="records up to date" run "$W/quarter.csv" "$((ROWS / 4))" x "$W/out"
LABEL="records up to date, Windows-1252" run "$W/export-1252.csv" "$ROWS" x "$W/out"
