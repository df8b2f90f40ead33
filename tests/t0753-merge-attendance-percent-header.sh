#!/bin/sh
# t0753: an attendance column headed with its unit ("Attendance %", as Arbor writes it, or
# "Attendance (%)") is the profile's "Attendance" column. Before, the shipped arbor-long profile
# ignored it: the figure was lost and the report said every row merged. A header that only
# starts with the column's name ("Attendance % YTD") is still not read as it.
. tests/lib.sh
for h in 'Attendance %%' 'Attendance (%%)' 'attendance%%'; do
	rm -rf "$T/o"
	printf "UPN,Subject,Assessment,Grade,Term,Assessment Date,$h\r\nQ801200005002,Maths,,EXS,2026-spring,2026-03-20,95.5\r\n" > "$T/f.csv"
	check_exit 0 "header '$h': exit 0" "$PEPKIT" merge --map arbor-long -o "$T/o" tests/data/csv/cohort "$T/f.csv"
	check_grep "header '$h': attendance merged (report)" '"merged","[^"]*f.csv","2","Q801200005002","2026-spring","attendance","","95.5"' "$T/o/merge-report.csv"
	check_grep "header '$h': attendance in the record" '<percent>95.5</percent>' "$T/o/ks2-amara.xml"
done
rm -rf "$T/o"
printf 'UPN,Subject,Assessment,Grade,Term,Assessment Date,Attendance %% YTD\r\nQ801200005002,Maths,,EXS,2026-spring,2026-03-20,95.5\r\n' > "$T/f.csv"
"$PEPKIT" merge --map arbor-long -o "$T/o" tests/data/csv/cohort "$T/f.csv" 2>"$T/err"
check_nogrep "'Attendance % YTD' is not the attendance column" '"attendance"' "$T/o/merge-report.csv"
done_testing
