#!/bin/sh
# t0729: exports that would give a term more results (60) or exclusions (50) than pep.xsd lets a
# record hold: merge wrote them all and the record failed validation ("element not expected
# here") though merge exited 0. The values that fit are merged, in the order of the rows; the
# rest are rejected rows saying why, and the record stays valid.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
{ printf '%s\r\n' "$H"; i=1; while [ $i -le 70 ]; do printf 'X803211421047,Yilmaz,Ayse,Subject %d,,GDS,Autumn 2025,05/12/2025\r\n' $i; i=$((i + 1)); done; } > "$T/many.csv"
check_exit 1 "70 new results for a term of 4 are not all merged" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/many.csv"
check_grep "... 56 merged, 14 rejected" "70 rows \(70 values\) from 1 files: 56 merged, 0 duplicate, 0 conflict, 0 held, 0 unmatched, 14 rejected" "$T/err"
check_grep "... saying why" "line 71: rejected: .*term 2025-autumn already has 60 results, as many as a record may hold" "$T/err"
is "... the term has 60" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result)" 60
is "... the first rows'" "$T/o/a.xml" "count(//result[@subject='Subject 56'])" 1
is "... not the later ones" "$T/o/a.xml" "count(//result[@subject='Subject 57'])" 0
check "... and the record is valid" "$PEPKIT" validate "$T/o/a.xml"
# a value for a result the record has still merges in a full term
{ printf '%s\r\n' "$H"; printf 'X803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,06/12/2025\r\n'; } > "$T/maths.csv"
rm -rf "$T/o2"
check_exit 0 "a full term still takes a new value of a result it has" "$PEPKIT" merge -o "$T/o2" "$T/o" "$T/maths.csv"
is "... Maths is GDS" "$T/o2/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" GDS
# exclusions: 55 rows of a term
D=tests/data/csv
{ printf 'UPN,Term,Type,Start,Days,Reason\r\n'; d=1; while [ $d -le 55 ]; do printf 'Q801200005002,Autumn 2025,Internal,%s,0.5,\r\n' "$(date -u -d "2025-09-03 +$d days" +%d/%m/%Y)"; d=$((d + 1)); done; } > "$T/ex.csv"
check_exit 1 "55 new exclusions are not all merged" "$PEPKIT" merge --map "$D/exclusions.xml" -o "$T/e" "$D/cohort" "$T/ex.csv"
check_grep "... saying why" "already has 50 exclusions, as many as a record may hold" "$T/err"
is "... the term has 50" "$T/e/ks2-amara.xml" "count(//term[@id='2025-autumn']/exclusions/exclusion)" 50
check "... and the record is valid" "$PEPKIT" validate "$T/e/ks2-amara.xml"
done_testing
