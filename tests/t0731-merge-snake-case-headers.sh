#!/bin/sh
# t0731: an export made from a database or an API names its columns in snake case ("upn",
# "last_name", "first_name", "date_assessed", "Unique_Pupil_Number"). Such a file was rejected
# as a whole ("no header row ... has the key and required columns of any profile"). Underscores
# now separate words as spaces do, so the shipped profiles read it, names checked as before.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
printf 'upn,last_name,first_name,subject,aspect,result,term,date_assessed\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\n' > "$T/api.csv"
check "a snake-case export merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/api.csv"
is "... Maths is GDS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" GDS
is "... dated from date_assessed" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@date" 2025-12-05
check_grep "... by a shipped profile" "profile 'SIMS marksheet \(long\)' \(matched by its columns\)" "$T/o/merge-report.csv"
printf 'Unique_Pupil_Number,Legal_Surname,Legal_Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Nowak,Emma,Maths,,GDS,Autumn 2025,05/12/2025\r\n' > "$T/other.csv"
rm -rf "$T/o"
check_exit 1 "... its name columns are read: another pupil's names are refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/other.csv"
check_grep "... as another pupil's" "not the names in 'a.xml'" "$T/err"
is "... the record keeps WTS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" WTS
done_testing
