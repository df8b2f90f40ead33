#!/bin/sh
# t0763: grades Excel turned into dates when they were typed ("4-5" shown as "04-May" or
# "May-04", "6/5" as "06/05/2026", "4-5-26" as "4-May-26") are rejected rows whose reason says
# so and what to do; before, only "not on the gcse scale". Fine grades that stayed text ("4-5",
# "5-") still merge, and an ordinary bad grade gets no such note.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks4-ehcp-exclusions.xml" "$T/c/b.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
K='B801200005001,Nowak,Lukasz'
printf '%s\r\n' "$H" "$K,Maths,,04-May,Autumn 2025,05/12/2025" "$K,English,,May-04,Autumn 2025,05/12/2025" \
	"$K,Science,,06/05/2026,Autumn 2025,05/12/2025" "$K,French,,4-May-26,Autumn 2025,05/12/2025" \
	"$K,History,,4-5,Autumn 2025,05/12/2025" "$K,Art,,5-,Autumn 2025,05/12/2025" \
	"$K,Music,,Q,Autumn 2025,05/12/2025" > "$T/f.csv"
check_exit 1 "grades made dates: exit 1" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
python3 - "$T/o/merge-report.csv" > "$T/rows" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):
    if r['outcome'] != 'file':
        print('%s|%s|%s|%s' % (r['line'], r['outcome'], r['subject'], 'DATE' if 'a date, as Excel shows a grade' in r['reason'] else '-'))
PY
for l in '2|rejected|Maths|DATE' '3|rejected|English|DATE' '4|rejected|Science|DATE' '5|rejected|French|DATE' \
	'6|merged|History|-' '7|merged|Art|-' '8|rejected|Music|-'; do
	check_grep "line ${l%%|*}: $l" "^$(printf '%s' "$l" | sed 's/|/\\|/g')\$" "$T/rows"
done
check_grep "... said on stderr with file and line" "f.csv' line 2: rejected: .*'04-May'.*format the column as text" "$T/err"
done_testing
