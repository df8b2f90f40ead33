#!/bin/sh
# t0628: what spreadsheets leave in exports. Header cells with footnote marks ("Subject*",
# "Result†", "Term¹") are the columns they name (the file was rejected: "no header row").
# Excel error values ("#N/A", "#VALUE!") and long ids shown in scientific notation
# ("1.00E+13", "1.23457E+12": digits lost) are rejected or unmatched saying what the
# spreadsheet did. A GCSE grade "6=" (secure at 6) is read as 6 with the profile's fine-grade
# rule, as "6+" and "6-" are. A date column Excel saved as a long date ("Friday, 5 December
# 2025", "Fri 05/12/2025") is read; a weekday that is not the date's is refused, saying so.
. tests/lib.sh
mkdir "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml" && cp "$SAMPLES/ks4-ehcp-exclusions.xml" "$T/c/b.xml"
printf 'UPN ,Subject*,Result\342\200\240,Term\302\271 \r\nX803211421047,Maths,GDS,Autumn 2025\r\n' > "$T/fn.csv"
check "a header with footnote marks is read" "$PEPKIT" merge -o "$T/o1" "$T/c" "$T/fn.csv"
is "... its value merged" "$T/o1/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Maths'][@current='GDS'])" 1
printf 'UPN,Subject*,Subject,Result,Term\r\nX803211421047,Maths,Maths,GDS,Autumn 2025\r\n' > "$T/twice.csv"
check_exit 1 "... but a column named twice, once with a mark, is still refused" "$PEPKIT" merge -o "$T/o2" "$T/c" "$T/twice.csv"
printf 'UPN,Subject,Result,Term,Date,Attendance\r\nX803211421047,Maths,#N/A,Autumn 2025,05/12/2025,\r\nX803211421047,English,GDS,Autumn 2025,#VALUE!,\r\nX803211421047,,,Autumn 2025,05/12/2025,#DIV/0!\r\n1.00E+13,Maths,GDS,Autumn 2025,05/12/2025,\r\n' > "$T/xl.csv"
check_exit 1 "Excel's error values and shortened ids are rejected" "$PEPKIT" merge -o "$T/o3" "$T/c" "$T/xl.csv"
R=$T/o3/merge-report.csv
check_grep "... '#N/A' named as an Excel error" '"rejected",.*,"2",.*is not on the ks-ta scale .*\(an Excel error value: the spreadsheet.s formula failed' "$R"
check_grep "... in a date too" '"rejected",.*,"3",.*date .#VALUE!. is not .*\(an Excel error value' "$R"
check_grep "... and in attendance" '"rejected",.*,"4",.*attendance .#DIV/0!. is not .*\(an Excel error value' "$R"
check_grep "... a UPN in scientific notation named as such" '"rejected",.*,"5",.*bad upn .1.00E\+13.: not 13 characters \(a number in scientific notation' "$R"
printf 'Child ID,Subject,Step,Term,Assessed\r\n1.23457E+12,Maths,B1,T1,2025-12-05\r\n' > "$T/la.csv"
check_exit 1 "an LA child id in scientific notation is unmatched" "$PEPKIT" merge --map "$SRCDIR/tests/data/csv/council-steps.xml" -o "$T/o4" "$T/c" "$T/la.csv"
check_grep "... saying its digits are lost" '"unmatched",.*"1.23457E\+12",.*no record has this key \(a number in scientific notation, as Excel shows a long id typed into a number cell: its digits are lost' "$T/o4/merge-report.csv"
printf 'UPN,Subject,Result,Term,Date\r\nB801200005001,Computing,6=,Autumn 2025,05/12/2025\r\nB801200005001,Music,7+,Autumn 2025,05/12/2025\r\n' > "$T/eq.csv"
check "'6=' is read" "$PEPKIT" merge -o "$T/o5" "$T/c" "$T/eq.csv"
is "... as 6" "$T/o5/b.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Computing']/@current" 6
check_grep "... and the report says so" "'6=' read as '6'" "$T/o5/merge-report.csv"
printf 'UPN,Subject,Result,Term,Date\r\nB801200005001,Computing,5,Autumn 2025,"Friday, 5 December 2025"\r\nB801200005001,Music,5,Autumn 2025,Fri 05/12/2025\r\nB801200005001,Art,5,Autumn 2025,"Monday, 5 December 2025"\r\n' > "$T/wd.csv"
check_exit 1 "dates with a weekday" "$PEPKIT" merge -o "$T/o6" "$T/c" "$T/wd.csv"
is "... are read" "$T/o6/b.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Computing' or @subject='Music'][@date='2025-12-05'])" 2
check_grep "... and another day's name is refused, saying so" "line 4: rejected: .*date 'Monday, 5 December 2025': 2025-12-05 is a Friday, not a Monday" "$T/err"
done_testing
