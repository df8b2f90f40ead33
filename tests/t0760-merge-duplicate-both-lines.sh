#!/bin/sh
# t0760: the same row twice in an export. merge-report.csv's duplicate row gave the merged row's
# line and "the same value in further rows", so the repeated line itself was never named. The
# duplicate row now gives a line of its own and names the line that was kept; a repeat in
# another file names that file and line. Read with python3's csv module.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
R='X803211421047,Yilmaz,Ayse,Science,,GDS,Autumn 2025,05/12/2025'
printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,,EXS,Autumn 2025,05/12/2025\r\n%s\r\n%s\r\n' "$H" "$R" "$R" > "$T/f.csv"
printf '%s\r\n%s\r\n' "$H" "$R" > "$T/g.csv"
check "merge exits 0 (duplicates are harmless)" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv" "$T/g.csv"
python3 - "$T/o/merge-report.csv" "$T/f.csv" > "$T/dups" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):
    if r['outcome'] in ('merged', 'duplicate') and r['subject'] == 'Science':
        print('%s %s %s %s | %s' % (r['outcome'], r['file'].rsplit('/', 1)[-1], r['line'], r['rows'], r['reason']))
PY
check_grep "the kept row is line 3" '^merged f.csv 3 1 ' "$T/dups"
check_grep "the repeat is reported on its own line 4, naming line 3" '^duplicate f.csv 4 1 \| the same value as line 3$' "$T/dups"
check_grep "the repeat in another file names the kept file and line" "^duplicate g.csv 2 1 \\| the same value as '.*/f.csv' line 3\$" "$T/dups"
check_grep "... every data row accounted for once" '^4 merged=2 duplicate=2 ' "$(report_sums "$T/o/merge-report.csv" > "$T/sums"; echo "$T/sums")"
done_testing
