#!/bin/sh
# t0756: a UPN cell with Excel's text prefix ("'X803211421047") or typed in groups, in lower
# case ("x803 2114 2104 7") is the UPN. Before, both rows were rejected as "not 13
# characters". A UPN that is still wrong after that (a check letter that does not agree) is
# still rejected, and an apostrophe inside a UPN is not dropped.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
R="$T/o/merge-report.csv"
printf "UPN,Legal Surname,Legal Forename,Maths,Reading,Term,Date\r\n'X803211421047,Yilmaz,Ayse,GDS,,Autumn 2025,05/12/2025\r\nx803 2114 2104 7,Yilmaz,Ayse,,GDS,Autumn 2025,05/12/2025\r\n" > "$T/f.csv"
check_exit 0 "both rows read (exit 0)" "$PEPKIT" merge --map sims-marksheet-wide -o "$T/o" "$T/c" "$T/f.csv"
check_grep "line 2 ('X8032...): Maths merged" '"merged","[^"]*f.csv","2","X803211421047","2025-autumn","Maths","","GDS"' "$R"
check_grep "line 3 (x803 2114 2104 7): Reading merged" '"merged","[^"]*f.csv","3","X803211421047","2025-autumn","English","Reading","GDS"' "$R"
rm -rf "$T/o"
printf "UPN,Legal Surname,Legal Forename,Maths,Term,Date\r\n'Y803211421047,Yilmaz,Ayse,GDS,Autumn 2025,05/12/2025\r\nX80321142'1047,Yilmaz,Ayse,GDS,Autumn 2025,05/12/2025\r\n" > "$T/g.csv"
check_exit 1 "a wrong UPN is still rejected (exit 1)" "$PEPKIT" merge --map sims-marksheet-wide -o "$T/o" "$T/c" "$T/g.csv"
check_grep "line 2: bad check letter, rejected" '"rejected","[^"]*g.csv","2","Y803211421047",.*bad upn' "$R"
check_grep "line 3: an apostrophe inside is not dropped" "\"rejected\",\"[^\"]*g.csv\",\"3\",\"X80321142'1047\",.*bad upn" "$R"
done_testing
