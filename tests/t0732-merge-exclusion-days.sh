#!/bin/sh
# t0732: an exclusion's days as a behaviour export may write them: "0.25" (a quarter day) and
# "500" were merged, and the record failed validation (pep.xsd holds days above 0, at most 366,
# with one decimal place) though merge exited 0. They are rejected rows saying what days may
# be; "1.50" is 1.5 and "366" merges. A reason over the 20,000 characters a record's paragraph
# holds was written too (an invalid record): it is a rejected row.
. tests/lib.sh
D=tests/data/csv
for dd in 0.25 1.25 500 367 366.5; do
	printf 'UPN,Term,Type,Start,Days,Reason\r\nQ801200005002,Autumn 2025,Suspension,05/11/2025,%s,\r\n' "$dd" > "$T/ex.csv"
	rm -rf "$T/o"
	check_exit 1 "days '$dd' are refused" "$PEPKIT" merge --map "$D/exclusions.xml" -o "$T/o" "$D/cohort" "$T/ex.csv"
	check_grep "... saying what days may be" "exclusion days '$dd' is not a number of days \(more than 0, at most 366, with at most one decimal place\)" "$T/err"
	is "... nothing written" "$T/o/ks2-amara.xml" "count(//exclusion[@start='2025-11-05'])" 0
	check "... the record is valid" "$PEPKIT" validate "$T/o/ks2-amara.xml"
done
for dd in 1.50:1.5 366:366; do
	printf 'UPN,Term,Type,Start,Days,Reason\r\nQ801200005002,Autumn 2025,Suspension,05/11/2025,%s,\r\n' "${dd%%:*}" > "$T/ex.csv"
	rm -rf "$T/o"
	check "days '${dd%%:*}' merge" "$PEPKIT" merge --map "$D/exclusions.xml" -o "$T/o" "$D/cohort" "$T/ex.csv"
	is "... as ${dd#*:}" "$T/o/ks2-amara.xml" "//exclusion[@start='2025-11-05']/@days" "${dd#*:}"
	check "... the record is valid" "$PEPKIT" validate "$T/o/ks2-amara.xml"
done
R=$(/usr/bin/python3 -c "print('Reason word ' * 2200)")
printf 'UPN,Term,Type,Start,Days,Reason\r\nQ801200005002,Autumn 2025,Suspension,05/11/2025,1,"%s"\r\n' "$R" > "$T/ex.csv"
rm -rf "$T/o"
check_exit 1 "a reason of 26,400 characters is refused" "$PEPKIT" merge --map "$D/exclusions.xml" -o "$T/o" "$D/cohort" "$T/ex.csv"
check_grep "... saying why" "the exclusion's reason is longer than the 20000 characters a record holds" "$T/err"
check "... the record is valid" "$PEPKIT" validate "$T/o/ks2-amara.xml"
done_testing
