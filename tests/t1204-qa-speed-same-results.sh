#!/bin/sh
# t1204: the qa speed work (issue 14: mimalloc as the allocator, dates read without sscanf,
# libxml2's XPath object cache for the framework) changes no result. Over a generated cohort
# with records made to break in different ways (malformed, a schema-invalid date, one child in
# two records, a target owner nobody is, and a QA failure: targets whose measure is one word),
# qa-report.csv, pp-plus.csv and dashboard.html are byte-identical with one worker, with two,
# with pep.xsd alone (PEPKIT_XSD_FULL=1), and on the re-run that skips known-valid records;
# python3's csv reader finds each broken record where it should be. And the build links
# mimalloc ahead of the C library when the package is there (readelf's NEEDED order), so the
# allocator is not lost silently.
. tests/lib.sh

export PEPKIT_DATADIR="$SRCDIR"
C="$T/cohort"
"$PEPKIT" sample --children 40 --seed 11 -o "$C" >/dev/null 2>&1
n=$(ls "$C"/*.xml 2>/dev/null | wc -l)
[ "$n" -eq 40 ] && ok "a cohort of 40 generated records" || notok "a cohort of 40 generated records ($n)"

python3 - "$C" >"$T/broken" <<'PY'
import os, re, sys
d = sys.argv[1]
files = sorted(f for f in os.listdir(d) if f.endswith('.xml'))
def rd(f): return open(os.path.join(d, f), encoding='utf-8').read()
def wr(f, s): open(os.path.join(d, f), 'w', encoding='utf-8').write(s)
# malformed: cut in the middle
s = rd(files[0]); wr(files[0], s[:len(s) // 2]); print('malformed', files[0])
# schema-invalid: month 13 in the date of birth
s = rd(files[1]); wr(files[1], re.sub(r'<date-of-birth>(\d{4})-\d\d-', r'<date-of-birth>\1-13-', s, count=1))
print('baddate', files[1])
# one child in two records: files[3] takes files[2]'s child id
cid = re.search(r'<la-child-id>([^<]*)</la-child-id>', rd(files[2])).group(1)
s = rd(files[3]); wr(files[3], re.sub(r'<la-child-id>[^<]*</la-child-id>', '<la-child-id>%s</la-child-id>' % cid, s, count=1))
print('dup', files[2]); print('dup', files[3])
# a QA failure in a valid record: every target's measure cut to one word
s = rd(files[4]); wr(files[4], re.sub(r'<measure>[^<]*</measure>', '<measure>x</measure>', s)); print('qa', files[4])
# an owner nobody in the record is: pep.xsd's keyref refuses it
s = rd(files[5]); wr(files[5], re.sub(r'owner="[^"]*"', 'owner="nobody-here"', s, count=1)); print('keyref', files[5])
PY
[ "$(grep -c . "$T/broken")" -eq 6 ] && ok "six records broken on purpose" || notok "six records broken on purpose"

"$PEPKIT" qa -q -j 1 --on 2025-12-10 -o "$T/j1" "$C" >/dev/null 2>&1
"$PEPKIT" qa -q -j 2 --on 2025-12-10 -o "$T/j2" "$C" >/dev/null 2>&1
PEPKIT_XSD_FULL=1 "$PEPKIT" qa -q -j 2 --on 2025-12-10 -o "$T/full" "$C" >/dev/null 2>&1
cp -r "$T/j2" "$T/again"
"$PEPKIT" qa -q -j 2 --on 2025-12-10 -o "$T/again" "$C" >/dev/null 2>&1
for o in qa-report.csv pp-plus.csv dashboard.html; do
	[ -s "$T/j1/$o" ] && ok "$o written" || notok "$o written"
	for r in j2 full again; do
		if cmp -s "$T/j1/$o" "$T/$r/$o"; then ok "$o: one worker and $r byte-identical"
		else notok "$o: one worker and $r byte-identical"; fi
	done
done

got=$(python3 - "$T/j1/qa-report.csv" "$T/broken" <<'PY'
import csv, sys
rows = {r['file']: r for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))}
out = []
for line in open(sys.argv[2]):
    kind, f = line.split()
    r = rows.get(f)
    if r is None:
        out.append('missing:' + f); continue
    if kind in ('malformed', 'baddate', 'dup', 'keyref'):
        out.append('%s:%s' % (kind, r['status']))
    else:
        out.append('%s:%s:%s' % (kind, r['status'], 'Target' in r['reasons']))
print(len(rows), ' '.join(out))
PY
)
want="40 malformed:invalid baddate:invalid dup:invalid dup:invalid qa:rated:True keyref:invalid"
[ "$got" = "$want" ] && ok "each broken record is where it should be in qa-report.csv" ||
	notok "each broken record is where it should be in qa-report.csv (got '$got')"

case "$PEPKIT" in
*build-san*|*build-fuzz*) ok "mimalloc check skipped in the sanitizer build (it brings its own allocator)" ;;
*)
	if [ -e "$(cc -print-file-name=libmimalloc.so)" ] && command -v readelf >/dev/null 2>&1; then
		order=$(readelf -d "$PEPKIT" | awk '/NEEDED/ {gsub(/[][]/, "", $5); print $5}' | grep -n -e '^libmimalloc' -e '^libc\.so' | cut -d: -f1 | tr '\n' ' ')
		case "$order" in
		[0-9]*" "[0-9]*" ") set -- $order; [ "$1" -lt "$2" ] && ok "mimalloc is NEEDED before the C library" ||
			notok "mimalloc is NEEDED before the C library (lines $order)" ;;
		*) notok "mimalloc is NEEDED before the C library (got '$order')" ;;
		esac
	else
		ok "mimalloc check skipped: libmimalloc-dev or readelf not installed"
	fi ;;
esac
done_testing
