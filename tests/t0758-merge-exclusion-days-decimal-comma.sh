#!/bin/sh
# t0758: exclusion days with a decimal comma ("1,5", from an export saved where the comma is
# the decimal sign, ';' as delimiter) are 1.5 days, as attendance's "95,2" is 95.2. Before, the
# row was rejected. Commas that are not a decimal sign ("1,5,0", "1,") are still rejected.
. tests/lib.sh
R="$T/o/merge-report.csv"
printf 'UPN;Term;Type;Start;Days;Reason\r\nQ801200005002;Spring 2026;Suspension;05/02/2026;1,5;\r\n' > "$T/ex.csv"
check_exit 0 "'1,5' days read (exit 0)" "$PEPKIT" merge --map tests/data/csv/exclusions.xml -o "$T/o" tests/data/csv/cohort "$T/ex.csv"
check_grep "the record has 1.5 days" '<exclusion type="suspension" start="2026-02-05" days="1.5"' "$T/o/ks2-amara.xml"
check_grep "the report says 1.5" '"merged","[^"]*ex.csv","2","Q801200005002","2026-spring","exclusion","2026-02-05","suspension\|1.5"' "$R"
rm -rf "$T/o"
printf 'UPN;Term;Type;Start;Days;Reason\r\nQ801200005002;Spring 2026;Suspension;05/02/2026;1,5,0;\r\nQ801200005002;Spring 2026;Suspension;06/02/2026;1,;\r\n' > "$T/bad.csv"
check_exit 1 "other commas: rejected (exit 1)" "$PEPKIT" merge --map tests/data/csv/exclusions.xml -o "$T/o" tests/data/csv/cohort "$T/bad.csv"
check_grep "'1,5,0' rejected" "\"rejected\",\"[^\"]*bad.csv\",\"2\",.*exclusion days '1,5,0' is not a number" "$R"
check_grep "'1,' rejected" "\"rejected\",\"[^\"]*bad.csv\",\"3\",.*exclusion days '1,' is not a number" "$R"
done_testing
