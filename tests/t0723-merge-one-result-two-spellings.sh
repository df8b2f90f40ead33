#!/bin/sh
# t0723: two exports of the same date that give one child's result in two spellings of the same
# value ("GDS" and the profile's grade word "Greater depth"; a scaled score "110" and "110.0";
# GCSE "5" and the fine grade "5-") agree: the value is merged once and the other row is a
# duplicate, in either order of the files. Before, they were a conflict and the child's record
# was not updated at all. Two different results of the same date are still a conflict.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
sed '106,108s/ current="[^"]*"/ current="4" date="2025-10-01"/' "$SAMPLES/ks4-ehcp-exclusions.xml" > "$T/c/b.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
row() { printf '%s\r\n%s,Autumn 2025,05/12/2025\r\n' "$H" "$2" > "$T/$1.csv"; }
row a1 'X803211421047,Yilmaz,Ayse,Maths,,GDS'
row a2 'X803211421047,Yilmaz,Ayse,Maths,,Greater depth'
row s1 'X803211421047,Yilmaz,Ayse,Maths,Test,110'
row s2 'X803211421047,Yilmaz,Ayse,Maths,Test,110.0'
row g1 'B801200005001,Wisniewski,Lukasz,Maths,,5'
row g2 'B801200005001,Wisniewski,Lukasz,Maths,,5-'
for order in "a1 a2 s1 s2 g1 g2" "a2 a1 s2 s1 g2 g1"; do
	set -- $order
	rm -rf "$T/o"
	check_exit 0 "files $order: one result, two spellings, no conflict" \
		"$PEPKIT" merge -o "$T/o" "$T/c" "$T/$1.csv" "$T/$2.csv" "$T/$3.csv" "$T/$4.csv" "$T/$5.csv" "$T/$6.csv"
	is "... Maths is GDS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths'][not(@aspect)]/@current" GDS
	is "... the scaled score is 110" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@aspect='Test']/@current" 110
	is "... GCSE Maths is 5" "$T/o/b.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" 5
	n=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); print(sum(1 for x in r if x[0]=="merged"), sum(1 for x in r if x[0]=="duplicate"), sum(1 for x in r if x[0]=="conflict"))' "$T/o/merge-report.csv")
	[ "$n" = "3 3 0" ] && ok "... report: 3 merged, 3 duplicate, 0 conflict" || notok "... report (merged duplicate conflict): $n"
done
row a3 'X803211421047,Yilmaz,Ayse,Maths,,Expected'
rm -rf "$T/o"
check_exit 1 "GDS and Expected of the same date are a conflict" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/a1.csv" "$T/a3.csv"
check_grep "... reported with both values" "'GDS' here, 'Expected' in" "$T/o/merge-report.csv"
is "... the record keeps WTS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths'][not(@aspect)]/@current" WTS
done_testing
