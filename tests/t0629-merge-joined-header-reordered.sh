#!/bin/sh
# t0629: a header row again in the middle of an export (files joined, or an MIS report's
# header on each page) is skipped only when it is the same header; one with its columns in
# another order (two marksheets joined, Maths where Reading was, or the key moved) is rejected,
# naming its line and the first column that differs, and so is every row under it (they were
# read under the first header's columns: Maths's grade written as Reading's, reported
# "merged"), until the first header comes again.
. tests/lib.sh
mkdir "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
W=templates/mapping-sims-marksheet-wide.xml
printf 'UPN,Reading,Writing,Maths,Term,Date\r\nX803211421047,EXS,WTS,WTS,Autumn 2025,05/12/2025\r\nUPN,Maths,Reading,Writing,Term,Date\r\nX803211421047,GDS,HNM,PK6,Autumn 2025,06/12/2025\r\nX803211421047,GDS,HNM,PK6,Autumn 2025,06/12/2025\r\nupn ,Reading,Writing,Maths*,Term,Date\r\nX803211421047,EXS,EXS,WTS,Autumn 2025,07/12/2025\r\n' > "$T/j.csv"
check_exit 1 "an export with a reordered header inside it" "$PEPKIT" merge --map "$W" -o "$T/o" "$T/c" "$T/j.csv"
R=$T/o/merge-report.csv
check_grep "... the header row is rejected, naming the first column that differs" "line 3: rejected: field 2: a header row again, with 'Maths' where the header on line 1 has 'Reading': the rows under it are not read" "$T/err"
check_grep "... and each row under it" '"rejected",.*,"4",.*under the header row on line 3, whose columns are in another order than line 1.s: not read' "$R"
check_grep "... (line 5 too)" '"rejected",.*,"5",.*under the header row on line 3' "$R"
is "... no grade landed on the wrong subject" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@current='GDS' or @current='HNM' or @current='PK6'])" 0
is "... rows under the first header again are read (case, blanks, marks aside)" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='English'][@aspect='Writing']/@current" EXS
check_grep "... the same header again is blank" '"blank",.*"1","blank rows' "$R"
printf 'UPN,Maths,Term\r\nX803211421047,GDS,Autumn 2025\r\nMaths,UPN,Term\r\nWTS,X803211421047,Autumn 2025\r\n' > "$T/k.csv"
rm -rf "$T/o"
check_exit 1 "a header again with the key moved" "$PEPKIT" merge --map "$W" -o "$T/o" "$T/c" "$T/k.csv"
check_grep "... is rejected as a header" "line 3: rejected: field 1: a header row again, with 'Maths' where the header on line 1 has 'UPN'" "$T/err"
check_grep "... with the row under it" "line 4: rejected: under the header row on line 3" "$T/err"
done_testing
