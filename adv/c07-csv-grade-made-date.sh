#!/bin/sh
# Attack: GCSE fine grades typed into Excel ("4-5", "6/5") become dates ("04-May",
# "06/05/2026") and are saved so in the CSV. Each row was rejected as "not on the gcse scale",
# which does not say what happened or what to do. Exits 1 while the reason does not say that
# Excel made a date of the grade.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks4-ehcp-exclusions.xml "$t/c/b.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nB801200005001,Nowak,Lukasz,Maths,,04-May,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
grep -q '^"rejected",.*"04-May".*a date, as Excel shows a grade' "$t/o/merge-report.csv" && exit 0
echo "DEFECT: the reason does not say Excel made a date of the grade:"; grep '04-May' "$t/o/merge-report.csv"; exit 1
