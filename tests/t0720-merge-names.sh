#!/bin/sh
# t0720-merge-names: an export row keyed by one pupil's UPN but naming another (an Excel sheet
# sorted on one column) is never merged. When the profile reads Surname/Forename, every pair of
# names a UPN's rows give is compared with the record's child (case, accents, titles, dotless
# i and letters with a stroke folded; one of surname and forename may differ: a new surname);
# a pair that is another pupil's rejects every row of that UPN, with a reason naming the line
# but not the names. Names read in the wrong code page are not another pupil.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"          # Ayşe Yılmaz, UPN X803211421047
cp "$SAMPLES/ks4-ehcp-exclusions.xml" "$T/c/b.xml"  # Łukasz Wiśniewski
A=X803211421047
B=$(xmllint --xpath 'string(//child/upn)' "$T/c/b.xml")
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
row() { printf '%s,%s,%s,%s,,%s,Autumn 2025,02/12/2025\r\n' "$@"; }

run() {   # run NAME FILE: merge into a fresh copy of the cohort
	rm -rf "$T/$1"
	$PEPKIT merge -o "$T/$1" "$T/c" "$2" >"$T/$1.out" 2>"$T/$1.err"
	echo $? >"$T/$1.rc"
}
outcome() {   # outcome NAME UPN SUBJECT: the report's outcome for that value
	/usr/bin/python3 - "$T/$1/merge-report.csv" "$2" "$3" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')):
    if r['key'] == sys.argv[2] and r['subject'] == sys.argv[3]:
        print(r['outcome']); break
PY
}

# 1. another pupil's names on A's UPN: every row of A rejected; B's rows merged
{ printf '\357\273\277%s\r\n' "$H"; row $A Yilmaz Ayse Science GDS; row $A Okafor Chidi History WTS; row $B Wisniewski Lukasz Music 5; } > "$T/slip.csv"
run slip "$T/slip.csv"
[ "$(cat "$T/slip.rc")" = 1 ] && ok "a rejected row makes exit status 1" || notok "exit $(cat "$T/slip.rc")"
[ "$(outcome slip $A Science)" = rejected ] && ok "A's row with A's names is rejected too (which rows are A's cannot be told)" || notok "A Science: $(outcome slip $A Science)"
[ "$(outcome slip $A History)" = rejected ] && ok "the row naming another pupil is rejected" || notok "A History: $(outcome slip $A History)"
check_grep "the reason names the line, not the names" 'line 3 of .slip.csv. gives a surname and forename for UPN X803211421047 that are not the names in .a.xml.' "$T/slip/merge-report.csv"
check_nogrep "no other pupil's name in the report" 'Okafor|Chidi' "$T/slip/merge-report.csv"
check_nogrep "... nor in the messages" 'Okafor|Chidi' "$T/slip.err"
[ "$(outcome slip $B Music)" = merged ] && ok "B's rows ('Wisniewski', 'Lukasz' in ASCII) merged" || notok "B Music: $(outcome slip $B Music)"
check_nogrep "nothing of A's rows in A's record" 'subject="History"[^>]*current="WTS"' "$T/slip/a.xml"

# 2. names as exports write them: capitals, no accents, a title, a new surname
{ printf '%s\r\n' "$H"; row $A YILMAZ "Miss Ayşe" Science GDS; row $A yılmaz ayse History WTS; row $A Brown Ayse Art EXS; } > "$T/forms.csv"
run forms "$T/forms.csv"
for s in Science History Art; do
	[ "$(outcome forms $A $s)" = merged ] && ok "names written differently still A's ($s)" || notok "$s: $(outcome forms $A $s)"
done

# 3. names the code page lost: '?' (SIMS in Windows-1252), and UTF-8 read as Windows-1252
{ printf '%s\r\n' "$H"; row $B 'Wi?niewski' '?ukasz' History 6; } > "$T/q.csv"
run q "$T/q.csv"
[ "$(outcome q $B History)" = merged ] && ok "'?' for a letter the code page lacks: not another pupil" || notok "q: $(outcome q $B History)"
{ printf '%s\r\n' "$H"; printf '%s,Wiśniewski,Łukasz,History,,6,Autumn 2025,02/12/2025\r\n' $B; printf '%s,X\377,Y,Art,,5,Autumn 2025,02/12/2025\r\n' 000; } > "$T/moji.csv"
run moji "$T/moji.csv"
[ "$(outcome moji $B History)" = merged ] && ok "UTF-8 names in a file read as Windows-1252: not another pupil" || notok "moji: $(outcome moji $B History)"

# 4. both names another pupil's, in a wide marksheet (Legal Surname / Legal Forename)
printf 'UPN,Legal Surname,Legal Forename,Reading,Writing,Maths,Term\r\n%s,Nowak,Piotr,EXS,EXS,EXS,Autumn 2025\r\n%s,Wisniewski,Lukasz,,,5,Autumn 2025\r\n' $A $B > "$T/wide.csv"
rm -rf "$T/wide"
$PEPKIT merge --map templates/mapping-sims-marksheet-wide.xml -o "$T/wide" "$T/c" "$T/wide.csv" >/dev/null 2>"$T/wide.err"
[ "$(outcome wide $A Maths)" = rejected ] && ok "wide marksheet: another pupil's names rejected" || notok "wide: $(outcome wide $A Maths)"

# 5. more distinct name pairs on one UPN than a pupil has (over 8): rejected
{ printf '%s\r\n' "$H"; i=0; for sp in Yilmaz YILMAZ yilmaz Yılmaz YILMAZ-X Yilmaz-Y Yilmaz-Z Yilmaz-W Yilmaz-V; do
	i=$((i + 1)); row $A $sp Ayse "Subject $i" EXS; done; } > "$T/many.csv"
run many "$T/many.csv"
[ "$(outcome many $A 'Subject 9')" = rejected ] && ok "nine spellings of a pupil's names on a UPN: rejected" || notok "many: $(outcome many $A 'Subject 9')"
{ printf '%s\r\n' "$H"; i=0; for sp in Yilmaz YILMAZ yilmaz Yılmaz; do
	i=$((i + 1)); row $A $sp Ayse "Subject $i" EXS; done; } > "$T/some.csv"
run some "$T/some.csv"
[ "$(outcome some $A 'Subject 4')" = merged ] && ok "four spellings of her names: merged" || notok "some: $(outcome some $A 'Subject 4')"

# 6. an export without name columns is merged as before
printf 'UPN,Subject,Aspect,Result,Term,Date\r\n%s,Science,,GDS,Autumn 2025,02/12/2025\r\n' $A > "$T/nonames.csv"
run nonames "$T/nonames.csv"
[ "$(outcome nonames $A Science)" = merged ] && ok "no name columns: merged" || notok "nonames: $(outcome nonames $A Science)"

# 7. the same slip through pack --attainment: nothing of A's rows in the pack's record copy
mkdir -p "$T/exp" && cp "$T/slip.csv" "$T/exp/"
$PEPKIT pack -q --attainment "$T/exp" -o "$T/pack" "$T/c" >/dev/null 2>&1
check_grep "pack --attainment: the report rejects A's rows" '"rejected",[^,]*,"3","X803211421047"' "$T/pack/merge-report.csv"
done_testing
