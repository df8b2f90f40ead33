#!/bin/sh
# t0727: an export's attendance percentage replaces a record's older one (as-of earlier) whose
# session counts gave the old figure (88 of 96, 91.7%). The counts were kept beside the new
# 95.5%, so the merged record failed validation ("95.5% does not match 88 of 96 sessions") while
# merge said all was well; `pack --attainment` then refused the child. Now the counts of the
# older figure are removed and the report says so; so are counts that still agree (91.5%): they
# were counted at the older date, and the record's as-of date now says they are current (t0750).
. tests/lib.sh
mkdir -p "$T/c"
sed 's|<attendance>|<attendance as-of="2025-11-07">|' "$SAMPLES/ks2-initial.xml" > "$T/c/a.xml"
check "the record is valid" "$PEPKIT" validate "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date,Attendance %'
printf '%s\r\nX803211421047,Yilmaz,Ayse,,,,Autumn 2025,05/12/2025,95.5\r\n' "$H" > "$T/att.csv"
check "a newer attendance figure merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/att.csv"
A="//term[@id='2025-autumn']/attendance"
is "... the new percentage" "$T/o/a.xml" "$A/percent" 95.5
is "... as of its date" "$T/o/a.xml" "$A/@as-of" 2025-12-05
is "... the old session counts are gone" "$T/o/a.xml" "count($A/sessions-possible | $A/sessions-attended)" 0
is "... the notes stay" "$T/o/a.xml" "count($A/notes)" 1
check "... and the merged record is valid" "$PEPKIT" validate "$T/o/a.xml"
/usr/bin/python3 - "$T/o/merge-report.csv" > "$T/reason" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):
    if r['outcome'] == 'merged':
        print(r['reason'])
PY
check_grep "... the report says the counts were removed" "drops its session counts, which were as of that date" "$T/reason"
printf '%s\r\nX803211421047,Yilmaz,Ayse,,,,Autumn 2025,05/12/2025,91.5\r\n' "$H" > "$T/near.csv"
rm -rf "$T/o"
check "a figure the counts still give merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/near.csv"
is "... dropping the counts of the older date all the same" "$T/o/a.xml" "count($A/sessions-possible | $A/sessions-attended)" 0
check "... and is valid" "$PEPKIT" validate "$T/o/a.xml"
check_exit 0 "pack --attainment with the newer figure renders the child" \
	"$PEPKIT" pack -q --doc pep1 --attainment "$T/att.csv" -o "$T/p" "$T/c"
check_nogrep "... and refuses nothing" "does not match" "$T/err"
done_testing
