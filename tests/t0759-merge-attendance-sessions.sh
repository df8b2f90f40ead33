#!/bin/sh
# t0759: attendance given as sessions attended of possible ("152/160", "151 of 160") is read
# as the per cent, rounded half up to one decimal as other figures are (95, 94.4). Before, the
# row was rejected with its grades. More attended than possible ("161/160"), or nothing
# possible ("0/0"), is still rejected, saying what is read.
. tests/lib.sh
R="$T/o/merge-report.csv"
for c in '152/160:95' '151 of 160:94.4' '152 / 160:95'; do
	v=${c%%:*} pc=${c#*:}
	rm -rf "$T/o"
	printf 'UPN,Subject,Assessment,Grade,Term,Assessment Date,Attendance\r\nQ801200005002,Maths,,EXS,2026-spring,2026-03-20,%s\r\n' "$v" > "$T/f.csv"
	check_exit 0 "'$v': exit 0" "$PEPKIT" merge --map arbor-long -o "$T/o" tests/data/csv/cohort "$T/f.csv"
	check_grep "'$v': $pc%" "<percent>$pc</percent>" "$T/o/ks2-amara.xml"
	check_grep "'$v': the grade merged too" '"merged","[^"]*f.csv","2","Q801200005002","2026-spring","Maths","","EXS"' "$R"
done
rm -rf "$T/o"
printf 'UPN,Subject,Assessment,Grade,Term,Assessment Date,Attendance\r\nQ801200005002,Maths,,EXS,2026-spring,2026-03-20,161/160\r\nQ801200005002,Science,,EXS,2026-spring,2026-03-20,0/0\r\n' > "$T/g.csv"
check_exit 1 "impossible sessions: exit 1" "$PEPKIT" merge --map arbor-long -o "$T/o" tests/data/csv/cohort "$T/g.csv"
check_grep "'161/160' rejected, saying what is read" "\"rejected\",\"[^\"]*g.csv\",\"2\",.*attendance '161/160' is not a per cent figure 0-100 or sessions attended of possible" "$R"
check_grep "'0/0' rejected" "\"rejected\",\"[^\"]*g.csv\",\"3\",.*attendance '0/0' is not" "$R"
done_testing
