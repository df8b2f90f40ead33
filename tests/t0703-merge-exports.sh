# t0703: exports byte for byte as MIS and Excel write them (issue 9, "Exports as they come"):
# Windows-1252 (0xEB for ë, an undefined byte in an unused column), UTF-16LE with BOM and
# tabs, semicolons with title rows and a declared date, "Unique Pupil Number", comma-only rows,
# blank trailing columns, grade words, GCSE fine grades, d/m/yy dates, a newer value for the
# same term, Bromcom heads with "Autumn 2 2025/26" and "Aut 2025", a file no profile matches.
# For each: the merged values in the record (xmllint --xpath) and merge-report.csv accounting
# for every data row exactly once (python3 csv).
. tests/lib.sh

COHORT="$SRCDIR/tests/data/csv/cohort"
AMARA=Q801200005002     # KS2, terms 2025-autumn and 2026-spring
LUKASZ=B801200005001    # KS4, terms 2025-summer and 2025-autumn
E="$T/exports"
mkdir -p "$E"

# x OUT FILE XPATH: the string value of XPATH in OUT/FILE
x() { xmllint --xpath "string($3)" "$1/$2" 2>/dev/null; }
# check_x DESC OUT FILE XPATH WANT
check_x() {
	got=$(x "$2" "$3" "$4")
	[ "$got" = "$5" ] && ok "$1 ($got)" || notok "$1: got '$got', want '$5'"
}
# accounts DESC REPORT FILE ROWS: the report's rows for FILE sum to ROWS, and the file has one
# "file" line saying how it was read
accounts() {
	got=$(/usr/bin/python3 - "$2" "$3" <<'PY'
import csv, sys
rows = files = 0
for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):
    if r['file'] == sys.argv[2]:
        rows += int(r['rows'])
        files += r['outcome'] == 'file'
print(rows, files)
PY
)
	[ "$got" = "$4 1" ] && ok "$1: report accounts for $4 rows of $(basename "$3")" || notok "$1: report gives '$got' for $(basename "$3"), want '$4 1'"
}
# outcome REPORT FILE LINE: the outcomes of FILE's line LINE
outcome() {
	/usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
print(' '.join(sorted(r['outcome'] for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))
                      if r['file'] == sys.argv[2] and r['line'] == sys.argv[3] and r['outcome'] != 'file')))
PY
}
SIMS="$SRCDIR/templates/mapping-sims-long.xml"

# 1. Windows-1252 (Excel "CSV (Comma delimited)"): Zoë as 0xEB, an undefined byte (0x81) in an
#    unused column, grade words, CRLF
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\n' > "$E/w1252.csv"
printf '%s,Nwosu-Jim\351nez,Zo\353,Writing,,Expected,Autumn 2025,14/11/2025\r\n' $AMARA >> "$E/w1252.csv"
printf '%s,Nwosu\201,Amara,Maths,,wt,Autumn 2025,14/11/2025\r\n' $AMARA >> "$E/w1252.csv"
printf '%s,Nwosu,Amara,Science,, Greater Depth ,Autumn 2025,14/11/2025\r\n' $AMARA >> "$E/w1252.csv"
printf '%s,Nwosu,Amara,Maths,Test,104,Autumn 2025,14/11/2025\r\n' $AMARA >> "$E/w1252.csv"
check_exit 0 "windows-1252: merges (exit 0)" "$PEPKIT" merge --map "$SIMS" -o "$T/w" "$COHORT" "$E/w1252.csv"
check_x "windows-1252: 'Expected' is EXS" "$T/w" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Writing']/@current" EXS
check_x "windows-1252: 'wt' is WTS, an undefined byte in Surname rejects nothing" "$T/w" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Maths'][not(@aspect)]/@current" WTS
check_x "windows-1252: ' Greater Depth ' trimmed and case-folded is GDS" "$T/w" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Science']/@current" GDS
check_x "windows-1252: d/m/yyyy date written" "$T/w" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Writing']/@date" 2025-11-14
check_grep "windows-1252: the report says how the file was read" '"file",".*w1252.csv","1",.*read as windows-1252, delimiter .,., header on line 1' "$T/w/merge-report.csv"
check_grep "windows-1252: the grade word is said in the report" "'Expected' read as 'EXS'" "$T/w/merge-report.csv"
accounts "windows-1252" "$T/w/merge-report.csv" "$E/w1252.csv" 4

# 2. UTF-16LE with BOM and tabs (Excel "Unicode Text"), "Unique Pupil Number", GCSE fine grades,
#    "English Language" against the record's "English"
/usr/bin/python3 - "$E/utf16.txt" "$LUKASZ" <<'PY'
import sys
rows = ['Unique Pupil Number\tSurname\tForename\tSubject\tAspect\tResult\tTerm\tDate',
        sys.argv[2] + '\tWiśniewski\tŁukasz\tHistory\t\t5+\tAutumn 2025\t01/12/2025',
        sys.argv[2] + '\tWiśniewski\tŁukasz\tGeography\t\t4/5\tAutumn 2025\t01/12/2025',
        sys.argv[2] + '\tWiśniewski\tŁukasz\tFrench\t\t6-\tAutumn 2025\t01/12/2025',
        sys.argv[2] + '\tWiśniewski\tŁukasz\tEnglish Language\t\t4\tAutumn 2025\t']
open(sys.argv[1], 'wb').write(b'\xff\xfe' + '\r\n'.join(rows).encode('utf-16-le') + '\r\n'.encode('utf-16-le'))
PY
check_exit 0 "UTF-16LE: merges (exit 0)" "$PEPKIT" merge --map "$SIMS" -o "$T/u" "$COHORT" "$E/utf16.txt"
check_x "UTF-16LE: '5+' is 5" "$T/u" ks4-lukasz.xml "//term[@id='2025-autumn']//result[@subject='History']/@current" 5
check_x "UTF-16LE: '4/5' is 4 (the profile's rule: lower)" "$T/u" ks4-lukasz.xml "//term[@id='2025-autumn']//result[@subject='Geography']/@current" 4
check_x "UTF-16LE: '6-' is 6" "$T/u" ks4-lukasz.xml "//term[@id='2025-autumn']//result[@subject='French']/@current" 6
check_x "UTF-16LE: 'English Language' is the record's English (one row)" "$T/u" ks4-lukasz.xml "count(//term[@id='2025-autumn']//result[starts-with(@subject,'English')])" 1
check_grep "UTF-16LE: the report says UTF-16LE and tab" 'read as UTF-16LE \(BOM\), delimiter tab' "$T/u/merge-report.csv"
check_grep "UTF-16LE: English Language reported as English, a duplicate" '"duplicate",.*"5","B801200005001","2025-autumn","English"' "$T/u/merge-report.csv"
accounts "UTF-16LE" "$T/u/merge-report.csv" "$E/utf16.txt" 4

# 3. semicolons, title rows with a declared date, a blank line, comma-only (here
#    semicolon-only) rows, blank trailing columns
printf 'Marksheet: Year 5 attainment;;;;;\r\nExported on 05/12/2025 16:04;;;;;\r\n\r\nUPN;Subject;Result;Term;;\r\n' > "$E/semi.csv"
printf '%s;Reading;EXS;Autumn 2025;;\r\n;;;;;\r\n%s;Phonics;36;Autumn 2025;;\r\n\r\n;;;;;\r\n' $AMARA $AMARA >> "$E/semi.csv"
check_exit 0 "semicolons: merges (exit 0)" "$PEPKIT" merge --map "$SIMS" -o "$T/s" "$COHORT" "$E/semi.csv"
check_x "semicolons: Reading merged" "$T/s" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Reading']/@current" EXS
check_x "semicolons: undated rows take the file's declared date" "$T/s" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Reading']/@date" 2025-12-05
check_x "semicolons: phonics score" "$T/s" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Phonics']/@current" 36
check_grep "semicolons: header found on line 4, declared date named" "delimiter ';', header on line 4,.*as of 2025-12-05 \(declared in line 2\)" "$T/s/merge-report.csv"
check_grep "semicolons: blank and delimiter-only rows counted as blank" '"blank",".*semi.csv","0","","","","","","3","blank rows' "$T/s/merge-report.csv"
accounts "semicolons" "$T/s/merge-report.csv" "$E/semi.csv" 5

# 4. d/m/yy dates, "5 Dec 2025", no-result marks (X, -, N/A), percentages "84.9%" and "84.9"
printf 'UPN,Subject,Aspect,Result,Term,Date,Attendance %%\r\n' > "$E/dmy.csv"
printf '%s,Writing,,WTS,Spring 2026,5/1/26,84.9%%\r\n' $AMARA >> "$E/dmy.csv"
printf '%s,Maths,,X,Spring 2026,5/1/26,84.9\r\n' $AMARA >> "$E/dmy.csv"
printf '%s,Science,,-,Spring 2026,5/1/26,\r\n' $AMARA >> "$E/dmy.csv"
printf '%s,Science,,N/A,Spring 2026,,\r\n' $AMARA >> "$E/dmy.csv"
printf '%s,Phonics,,31,Spring 2026,6 Jan 2026,\r\n' $AMARA >> "$E/dmy.csv"
check_exit 0 "d/m/yy: merges (exit 0)" "$PEPKIT" merge --map "$SIMS" -o "$T/d" "$COHORT" "$E/dmy.csv"
check_x "d/m/yy: 5/1/26 is 2026-01-05" "$T/d" ks2-amara.xml "//term[@id='2026-spring']//result[@subject='Writing']/@date" 2026-01-05
check_x "d/m/yy: '6 Jan 2026' read" "$T/d" ks2-amara.xml "//term[@id='2026-spring']//result[@subject='Phonics']/@date" 2026-01-06
check_x "percent: 84.9% and 84.9 are one attendance" "$T/d" ks2-amara.xml "//term[@id='2026-spring']/attendance/percent" 84.9
check_x "no result: X, - and N/A add no result" "$T/d" ks2-amara.xml "count(//term[@id='2026-spring']//result[@subject='Maths' or @subject='Science'])" 0
check_grep "no result: counted as blank" '"blank",".*dmy.csv","0",.*"2","no result' "$T/d/merge-report.csv"
# five data rows; rows 2 and 3 carry an attendance besides their result: one report row per
# value, so 2 + 1 (row 3: X is no result, its attendance a value) + 1 + 1 + 1
accounts "d/m/yy" "$T/d/merge-report.csv" "$E/dmy.csv" 6
printf 'UPN,Subject,Result,Term,Date\n%s,Art,5,Autumn 2025,2025/12/01\n' $LUKASZ > "$E/baddate.csv"
check_exit 1 "a date in no accepted form is rejected (exit 1)" "$PEPKIT" merge --map "$SIMS" -o "$T/bd" "$COHORT" "$E/baddate.csv"
check_grep "the message lists the accepted forms" "date '2025/12/01' is not dd/mm/yyyy, d/m/yyyy, dd/mm/yy, d/m/yy, YYYY-MM-DD or 5 Dec 2025" "$T/err"

# 5. a newer value for the same term wins (rows' dates), across files and within one; only the
#    same as-of date is a conflict; a record value dated earlier is replaced
printf 'UPN,Subject,Result,Term,Date\n%s,Writing,WTS,Autumn 2025,01/10/2025\n%s,Maths,WTS,Autumn 2025,01/10/2025\n%s,Maths,EXS,Autumn 2025,02/10/2025\n' $AMARA $AMARA $AMARA > "$E/oct.csv"
printf 'UPN,Subject,Result,Term,Date\n%s,Writing,EXS,Autumn 2025,03/12/2025\n' $AMARA > "$E/dec.csv"
check_exit 0 "newer: merges (exit 0)" "$PEPKIT" merge --map "$SIMS" -o "$T/n" "$COHORT" "$E/oct.csv" "$E/dec.csv"
check_x "newer: the December value wins" "$T/n" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Writing']/@current" EXS
check_x "newer: it keeps its source" "$T/n" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Writing']/@source" dec.csv:2
check_x "newer: within one file, the later row wins" "$T/n" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Maths']/@current" EXS
[ "$(outcome "$T/n/merge-report.csv" "$E/oct.csv" 2)" = superseded ] && ok "newer: the October value is superseded" || notok "newer: October's outcome '$(outcome "$T/n/merge-report.csv" "$E/oct.csv" 2)'"
accounts "newer (oct)" "$T/n/merge-report.csv" "$E/oct.csv" 3
accounts "newer (dec)" "$T/n/merge-report.csv" "$E/dec.csv" 1
printf 'UPN,Subject,Result,Term,Date\n%s,Writing,GDS,Autumn 2025,10/12/2025\n' $AMARA > "$E/later.csv"
check_exit 0 "newer than the record: merges into the merged cohort" "$PEPKIT" merge --map "$SIMS" -o "$T/n2" "$T/n" "$E/later.csv"
check_x "newer than the record: replaces the older dated value" "$T/n2" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Writing']/@current" GDS
check_grep "newer than the record: the report says what it replaced" "replaces the record's older 'EXS' \(2025-12-03\)" "$T/n2/merge-report.csv"
check_exit 0 "older than the record: not a conflict" "$PEPKIT" merge --map "$SIMS" -o "$T/n3" "$T/n2" "$E/oct.csv"
check_x "older than the record: the record's newer value stays" "$T/n3" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Writing']/@current" GDS
printf 'UPN,Subject,Result,Term,Date\n%s,History,6,Autumn 2025,01/12/2025\n' $LUKASZ > "$E/same1.csv"
printf 'UPN,Subject,Result,Term,Date\n%s,History,7,Autumn 2025,01/12/2025\n' $LUKASZ > "$E/same2.csv"
check_exit 1 "same as-of date, different values: a conflict (exit 1)" "$PEPKIT" merge --map "$SIMS" -o "$T/c" "$COHORT" "$E/same1.csv" "$E/same2.csv"
check_grep "the conflict names both values and the date" "conflict: B801200005001 2025-autumn History '7': '7' here, '6' in '[^']*same1.csv' line 2 \(both as of 2025-12-01\)" "$T/err"

# 6. Bromcom heads "Autumn 2 2025/26" and "Aut 2025", a skipped target column, no profile given
printf 'UPN,Name,Working At$Autumn 2 2025/26$Year 10$History,Working At$Aut 2025$Year 10$Music,Target Grade$Autumn 2025$Year 10$History\r\n' > "$E/bromcom.csv"
printf '%s,Łukasz W,6,4,8\r\n' $LUKASZ >> "$E/bromcom.csv"
check_exit 0 "bromcom: merges with no --map (exit 0)" "$PEPKIT" merge --term 2025-autumn -o "$T/b" "$COHORT" "$E/bromcom.csv"
check_x "bromcom: 'Autumn 2 2025/26' is 2025-autumn" "$T/b" ks4-lukasz.xml "//term[@id='2025-autumn']//result[@subject='History']/@current" 6
check_x "bromcom: 'Aut 2025' is 2025-autumn" "$T/b" ks4-lukasz.xml "//term[@id='2025-autumn']//result[@subject='Music']/@current" 4
check_grep "bromcom: matched to the Bromcom profile by its columns" "profile 'Bromcom assessment export \(wide\)' \(matched by its columns\)" "$T/b/merge-report.csv"

# 6b. a SIMS marksheet saved from Excel (wide, one column per aspect) and a ScholarPack export
#     (judgements as words, "Reading" as English / Reading), both matched without --map
printf 'Marksheet: Y5 Autumn\r\nUPN,Legal Surname,Legal Forename,Reading,Writing,Maths,Term,,\r\n%s,Nwosu,Amara,Working towards,GD,Exp,Autumn 2025,,\r\n,,,,,,,,\r\n' $AMARA > "$E/marksheet.csv"
check_exit 0 "SIMS marksheet (wide): merges with no --map" "$PEPKIT" merge -o "$T/mw" "$COHORT" "$E/marksheet.csv"
check_grep "SIMS marksheet (wide): matched by its columns, header under a title row" "header on line 2, profile 'SIMS marksheet \\(wide\\)' \\(matched by its columns\\)" "$T/mw/merge-report.csv"
check_x "SIMS marksheet (wide): Reading column is English / Reading" "$T/mw" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='English' and @aspect='Reading']/@current" WTS
check_x "SIMS marksheet (wide): 'GD' is GDS" "$T/mw" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='English' and @aspect='Writing']/@current" GDS
check_x "SIMS marksheet (wide): 'Exp' is EXS" "$T/mw" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Maths']/@current" EXS
accounts "SIMS marksheet (wide): 3 values and a blank row" "$T/mw/merge-report.csv" "$E/marksheet.csv" 4
printf 'UPN,Pupil Name,Subject,Strand,Judgement,Term,Date Assessed\r\n%s,Amara N,Reading,,Greater depth,Autumn 2025,05/12/2025\r\n%s,Amara N,Writing,,Pre-Key Stage 6,Autumn 2025,05/12/2025\r\n%s,Amara N,Maths,,Absent,Autumn 2025,05/12/2025\r\n' $AMARA $AMARA $AMARA > "$E/scholarpack.csv"
check_exit 0 "ScholarPack: merges with no --map" "$PEPKIT" merge -o "$T/sp" "$COHORT" "$E/scholarpack.csv"
check_grep "ScholarPack: matched by its columns" "profile 'ScholarPack assessment export \\(long\\)' \\(matched by its columns\\)" "$T/sp/merge-report.csv"
check_x "ScholarPack: 'Greater depth' for Reading is English / Reading GDS" "$T/sp" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='English' and @aspect='Reading']/@current" GDS
check_x "ScholarPack: 'Pre-Key Stage 6' is PK6" "$T/sp" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='English' and @aspect='Writing']/@current" PK6
check_x "ScholarPack: 'Absent' (a profile's no-result word) adds nothing" "$T/sp" ks2-amara.xml "count(//term[@id='2025-autumn']//result[@subject='Maths'])" 0
accounts "ScholarPack" "$T/sp/merge-report.csv" "$E/scholarpack.csv" 3

# 7. a file no profile matches among good ones: rejected with the columns and delimiter found,
#    every row counted, the good files merged
printf 'Pupil;Score;Comment\r\nZoë;5;fine\r\nTom;4;\r\nAmy;3;ok\r\n' > "$E/nomatch.csv"
check_exit 1 "no profile matches: exit 1" "$PEPKIT" merge -o "$T/m" "$COHORT" "$E/w1252.csv" "$E/nomatch.csv" "$E/semi.csv"
check_grep "no profile matches: the reason names the columns and the delimiter" "nomatch.csv': no header row in the first 20 lines has the key and required columns of any profile: line 1 has 'Pupil', 'Score', 'Comment' \(delimiter ';'\)" "$T/err"
accounts "no profile matches" "$T/m/merge-report.csv" "$E/nomatch.csv" 3
[ "$(outcome "$T/m/merge-report.csv" "$E/nomatch.csv" 0)" = rejected ] && ok "no profile matches: its rows are rejected" || notok "no profile matches: outcome '$(outcome "$T/m/merge-report.csv" "$E/nomatch.csv" 0)'"
check_x "no profile matches: the good files are still merged" "$T/m" ks2-amara.xml "//term[@id='2025-autumn']//result[@subject='Phonics']/@current" 36
accounts "no profile matches (good file)" "$T/m/merge-report.csv" "$E/w1252.csv" 4
total=$(report_sums "$T/m/merge-report.csv" | cut -d' ' -f1)
rows=$(sed -n 's/.*merge: \([0-9]*\) rows.*/\1/p' "$T/err")
[ "$total" = 12 ] && [ "$rows" = 12 ] && ok "three files: 12 data rows read and reported" || notok "three files: rows '$rows', report '$total', want 12"

# 8. OUTDIR is a whole cohort: every record, usable as the next term's cohort
n=$(ls "$T/m"/*.xml | wc -l)
[ "$n" = 2 ] && ok "the output holds the whole cohort ($n records)" || notok "the output holds $n records"
for f in "$T/m"/*.xml "$T/w"/*.xml "$T/u"/*.xml "$T/n3"/*.xml; do
	check "$(basename "$(dirname "$f")")/$(basename "$f") valid against pep.xsd" xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$f"
done

# 9. shipped profiles agree with the samples' record vocabulary: exporting each sample's own
#    results and merging them back adds no result row and merges nothing new
/usr/bin/python3 - "$SAMPLES" "$E/samples" <<'PY'
import os, sys, xml.etree.ElementTree as ET
src, out = sys.argv[1], sys.argv[2]
os.mkdir(out)
sims = ['UPN,Subject,Aspect,Result,Term']
sp = ['UPN,Subject,Strand,Judgement,Term']
for f in sorted(os.listdir(src)):
    if not f.endswith('.xml'):
        continue
    r = ET.parse(os.path.join(src, f)).getroot()
    upn = r.findtext('child/upn')
    if not upn:
        continue
    for t in r.iter('term'):
        for res in t.iter('result'):
            if res.get('current'):
                row = ','.join('"%s"' % v for v in (upn, res.get('subject'), res.get('aspect', ''), res.get('current'), t.get('id')))
                sims.append(row)
                sp.append(row)
open(out + '/sims.csv', 'w').write('\n'.join(sims) + '\n')
open(out + '/scholarpack.csv', 'w').write('\n'.join(sp) + '\n')
print(len(sims) - 1)
PY
for p in sims-long:sims scholarpack-long:scholarpack; do
	rm -rf "$T/sv"
	"$PEPKIT" merge --map "${p%%:*}" -o "$T/sv" "$SAMPLES" "$E/samples/${p#*:}.csv" 2>"$T/sv.err"
	before=$(cat "$SAMPLES"/*.xml | grep -c '<result ')
	after=$(cat "$T/sv"/*.xml | grep -c '<result ')
	merged=$(grep -c '^"merged"' "$T/sv/merge-report.csv")
	[ "$before" = "$after" ] && [ "$merged" = 0 ] && ok "profile ${p%%:*} agrees with the samples' subjects ($after results, 0 new)" || notok "profile ${p%%:*}: results $before -> $after, $merged merged"
done

done_testing
