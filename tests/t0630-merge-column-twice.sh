#!/bin/sh
# t0630: a header with two columns the profile reads as one is refused (which to read cannot
# be told), for value columns of a wide export too: "Maths" and "Mathematics" (aliases of the
# SIMS wide profile's Maths column) were read as one, the second column's grades dropped
# without a word; and for a column with and without a footnote mark ("Subject", "Subject*"),
# now that marks are not part of a header's name. The file is rejected with its rows counted.
. tests/lib.sh
mkdir "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
printf 'UPN,Maths,Mathematics,Term,Date\r\nX803211421047,GDS,WTS,Autumn 2025,05/12/2025\r\n' > "$T/w.csv"
check_exit 1 "a wide export with 'Maths' and 'Mathematics' is refused" "$PEPKIT" merge --map templates/mapping-sims-marksheet-wide.xml -o "$T/o" "$T/c" "$T/w.csv"
check_grep "... naming both fields and the profile's column" "rejected file: '$T/w.csv' line 1: fields 2 and 3 \('Maths' and 'Mathematics'\) are both the profile's 'Maths\|Mathematics\|Maths TA\|Maths Working At' column; which to read cannot be told \(1 row not read\)" "$T/err"
is "... the record unchanged" "$T/o/a.xml" "count(//result[@subject='Maths'][@current='GDS' or @date='2025-12-05'])" 0
printf 'UPN,Subject,Subject*,Result,Term\r\nX803211421047,Maths,English,GDS,Autumn 2025\r\n' > "$T/l.csv"
rm -rf "$T/o"
check_exit 1 "'Subject' and 'Subject*' in one header are refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/l.csv"
check_grep "... as one column twice" "fields 2 and 3 are both the 'Subject' column" "$T/err"
printf 'UPN,Maths,Science,Term,Date\r\nX803211421047,GDS,WTS,Autumn 2025,05/12/2025\r\n' > "$T/ok.csv"
rm -rf "$T/o"
check "a wide export with one column per subject merges" "$PEPKIT" merge --map templates/mapping-sims-marksheet-wide.xml -o "$T/o" "$T/c" "$T/ok.csv"
done_testing
