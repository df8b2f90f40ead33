#!/bin/sh
# t0627: half terms and terms written as school systems write them are read: "Aut 2 25/26",
# "Spr1 2026", "T1 2025-26", "HT3 2025/26", "Autumn 1 (2025/26)", "Year 5 Autumn 1 2025/26"
# (all were "not recognised", the rows rejected). A term number that means different terms in
# a year of three and a year of six ("T2", "Term 3") is refused as ambiguous, naming the file,
# line and field; so is a value naming two seasons ("Autumn Spring 2025" was read as autumn
# without a word), and "Aut 25" (a two-digit year alone) stays unrecognised. A Word form's
# term box is read the same way ("Autumn 2025" was refused: "not a term (e.g. 2026-spring)").
# A profile's term name matches without case or blanks ("T 1" is its "T1"). A Bromcom
# header's term with no year ("Aut1") is the --term given when it names the same season (the
# file was rejected), and is refused otherwise.
. tests/lib.sh
mkdir "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml" && cp "$SAMPLES/uasc-cyrillic.xml" "$T/c/b.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
n=0
while IFS='|' read -r upn subj res term want; do
	n=$((n + 1))
	printf 'UPN,Subject,Aspect,Result,Term,Date\r\n%s,%s,,%s,%s,\r\n' "$upn" "$subj" "$res" "$term" > "$T/e$n.csv"
	rm -rf "$T/o"
	check "'$term' is read" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/e$n.csv"
	is "... as $want" "$T/o/$( [ "$upn" = X803211421047 ] && echo a || echo b).xml" "count(//term[@id='$want']/attainment/result[@subject='$subj'][@current='$res'])" 1
done <<'EOT'
X803211421047|Maths|GDS|Aut 2 25/26|2025-autumn
X803211421047|Maths|GDS|T1 2025-26|2025-autumn
X803211421047|Maths|GDS|Autumn 1 (2025/26)|2025-autumn
X803211421047|Maths|GDS|Year 5 Autumn 1 2025/26|2025-autumn
F802733525062|Maths|7|Spr1 2025|2025-spring
F802733525062|Maths|7|HT3 2024/25|2025-spring
F802733525062|Maths|7|T5 2024-25|2025-summer
EOT
for term in 'T2 2025-26' 'Term 3 2025/26'; do
	printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,%s,\r\n' "$H" "$term" > "$T/amb.csv"
	rm -rf "$T/o"
	check_exit 1 "'$term' is refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/amb.csv"
	check_grep "... as ambiguous, naming file, line and field" "'$T/amb.csv' line 2: rejected: .*field 7: term '$term' is ambiguous: term 2 or 3 is spring or summer in a year of three terms, autumn or spring in a year of six" "$T/err"
	check_grep "... in the report too" "^\"rejected\",\"$T/amb.csv\",\"2\",.*is ambiguous" "$T/o/merge-report.csv"
	is "... nothing merged" "$T/o/a.xml" "count(//result[@current='GDS'])" 0
done
printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn Spring 2025,\r\nX803211421047,Yilmaz,Ayse,English,Reading,GDS,Aut 25,\r\n' "$H" > "$T/two.csv"
rm -rf "$T/o"
check_exit 1 "a term naming two seasons is refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/two.csv"
check_grep "... saying so" "line 2: rejected: .*field 7: term 'Autumn Spring 2025' cannot be read: it names two terms" "$T/err"
check_grep "... and a two-digit year alone is not recognised" "line 3: rejected: .*field 7: term 'Aut 25' is not recognised" "$T/err"
printf 'Child ID,Subject,Step,Term,Assessed\r\nLA-204817,Computing,B1,T 1,2025-12-05\r\n' > "$T/t1.csv"
cp "$SAMPLES/ks4-ehcp-exclusions.xml" "$T/c/k.xml"
rm -rf "$T/o"
check "a profile's term name written with a space ('T 1' for 'T1') is read" "$PEPKIT" merge --map "$SRCDIR/tests/data/csv/council-steps.xml" -o "$T/o" "$T/c" "$T/t1.csv"
is "... as the profile's term" "$T/o/k.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Computing']/@current" B1
printf 'UPN,Surname,Forename,Working At$Aut1$Year 6$Maths\r\nX803211421047,Yilmaz,Ayse,GDS\r\n' > "$T/bw.csv"
rm -rf "$T/o"
check "a Bromcom header 'Aut1' with --term 2025-autumn" "$PEPKIT" merge --map templates/mapping-bromcom-wide.xml --term 2025-autumn -o "$T/o" "$T/c" "$T/bw.csv"
is "... is read as that term" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" GDS
rm -rf "$T/o"
check_exit 1 "... with --term 2026-spring it is refused" "$PEPKIT" merge --map templates/mapping-bromcom-wide.xml --term 2026-spring -o "$T/o" "$T/c" "$T/bw.csv"
check_grep "... saying so" "line 1 field 4: term 'Aut1' in the header names no year, and is not the term given \(2026-spring\)" "$T/err"
rm -rf "$T/o"
check_exit 1 "... and with no --term it is not recognised" "$PEPKIT" merge --map templates/mapping-bromcom-wide.xml -o "$T/o" "$T/c" "$T/bw.csv"
PY=/usr/bin/python3
check "a form without a term" "$PEPKIT" template --doc pep1 --from "$SAMPLES/ks2-initial.xml" -o "$T/f.docx"
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/g.docx" set term.id 'Aut 2 25/26' set term.dt-summary 'Settled well.'
check "a form whose term box says 'Aut 2 25/26' imports" "$PEPKIT" import --into "$SAMPLES/ks2-initial.xml" -o "$T/g.xml" "$T/g.docx"
is "... into 2025-autumn" "$T/g.xml" "count(//term[@id='2025-autumn']/designated-teacher-summary/summary[contains(., 'Settled well')])" 1
check_exit 1 "... and agrees with --term" "$PEPKIT" import --into "$SAMPLES/ks2-initial.xml" --term 2026-spring -o "$T/g2.xml" "$T/g.docx"
check_grep "... or says it does not" "the form is for term '2025-autumn' but --term is '2026-spring'" "$T/err"
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/h.docx" set term.id 'T2 2025-26'
check_exit 1 "a form whose term box says 'T2 2025-26' is refused" "$PEPKIT" import --into "$SAMPLES/ks2-initial.xml" -o "$T/h.xml" "$T/h.docx"
check_grep "... as ambiguous" "'T2 2025-26' cannot be read as one term: ambiguous" "$T/err"
done_testing
