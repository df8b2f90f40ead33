#!/bin/sh
# t0750: attendance as school systems and Excel write it with more decimals than the record
# keeps: "95.24" (a report rounded to two places), "95.2380952380952" (Excel's "Save as CSV"
# of a computed cell in General format), "95,25" in a ';' export. Each is rounded half up to
# one decimal (95.2, 95.2, 95.3) and the report says how it was read; before, each row was
# rejected and the value lost. When the newer percentage replaces the record's, the record's
# session counts (which gave the older percentage) are dropped and the report says so: before,
# the merged record kept 88 of 96 sessions beside 95.2% and failed `pepkit validate`.
. tests/lib.sh
mkdir -p "$T/c"
sed 's|<attendance>|<attendance as-of="2025-11-07">|' "$SAMPLES/ks2-initial.xml" > "$T/c/a.xml"
check "the record is valid" "$PEPKIT" validate "$T/c/a.xml"
is "... with session counts" "$T/c/a.xml" "count(//term[@id='2025-autumn']/attendance/sessions-possible)" 1
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date,Attendance %'
n=0
for pair in '95.24:95.2' '95.2380952380952:95.2' '95.25:95.3' '99.96:100' '89.95%:90' '100.04:100'; do
	v=${pair%%:*} expect_pct=${pair#*:}
	n=$((n + 1))
	printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,Test,110,Autumn 2025,05/12/2025,%s\r\n' "$H" "$v" > "$T/f$n.csv"
	rm -rf "$T/o"
	check_exit 0 "attendance '$v' merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f$n.csv"
	is "... as $expect_pct" "$T/o/a.xml" "string(//term[@id='2025-autumn']/attendance/percent)" "$expect_pct"
	check "... and the merged record is valid" "$PEPKIT" validate "$T/o/a.xml"
	is "... without the older figure's session counts" "$T/o/a.xml" \
		"count(//term[@id='2025-autumn']/attendance/*[starts-with(name(), 'sessions-')])" 0
	check_grep "... and the report says it dropped them" "drops its session counts" "$T/o/merge-report.csv"
done
# a ';' export with a decimal comma and two decimals
printf 'UPN;Surname;Forename;Subject;Aspect;Result;Term;Date;Attendance %%\r\nX803211421047;Yilmaz;Ayse;Maths;Test;110;Autumn 2025;05/12/2025;95,25\r\n' > "$T/s.csv"
rm -rf "$T/o"
check_exit 0 "attendance '95,25' in a ';' export merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/s.csv"
is "... as 95.3" "$T/o/a.xml" "string(//term[@id='2025-autumn']/attendance/percent)" 95.3
# the same value again (rounded the same) is a duplicate, not a conflict
rm -rf "$T/o" "$T/o2"
check_exit 0 "95.24 merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f1.csv"
check_exit 0 "95.24 against a record holding 95.2 of the same date" "$PEPKIT" merge -o "$T/o2" "$T/o" "$T/f1.csv"
check_grep "... is not a conflict" '"duplicate",.*"attendance","","95.2","1","already in the record"' "$T/o2/merge-report.csv"
# two exports rounding to the same figure agree; two that do not are a conflict
printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,Test,110,Autumn 2025,05/12/2025,95.21\r\n' "$H" > "$T/g.csv"
rm -rf "$T/o"
check_exit 0 "95.24 and 95.21 in two exports of the same date agree" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f1.csv" "$T/g.csv"
is "... as 95.2" "$T/o/a.xml" "string(//term[@id='2025-autumn']/attendance/percent)" 95.2
rm -rf "$T/o"
check_exit 1 "95.24 and 95.25 of the same date are a conflict" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f1.csv" "$T/f3.csv"
is "... and the record keeps 91.7" "$T/o/a.xml" "string(//term[@id='2025-autumn']/attendance/percent)" 91.7
# still refused
for v in '100.05' '95.2.4' '95.x' '101' '-1'; do
	printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,Test,110,Autumn 2025,05/12/2025,%s\r\n' "$H" "$v" > "$T/r.csv"
	rm -rf "$T/o"
	check_exit 1 "attendance '$v' is refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/r.csv"
	check_grep "... saying why" "attendance '$v' is not a per cent figure 0-100" "$T/o/merge-report.csv"
done
done_testing
