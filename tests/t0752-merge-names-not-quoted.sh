#!/bin/sh
# t0752: a cell holding the pupil's name where a value goes (a column shifted, a name typed into
# a result or the attendance column) is rejected without quoting the name: the report's value
# and reason columns and the messages say "[pupil's name]" wherever a word of the names the row
# gives appears, compared as names are (case, accents: "Ayşe" for a row naming "Ayse"). Before,
# "'Ayse Yilmaz' is not on the ks2-scaled scale" went to merge-report.csv and stderr. Other bad
# values are still quoted, and values that merge are untouched.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date,Attendance %%\r\n%s\r\n%s\r\n%s\r\n%s\r\n%s\r\n%s\r\n' \
	'X803211421047,Yilmaz,Ayse,Maths,Test,Ayse Yilmaz,Autumn 2025,05/12/2025,' \
	'X803211421047,Yilmaz,Ayse,Writing,,yilmaz,Autumn 2025,05/12/2025,' \
	'X803211421047,Yilmaz,Ayse,Reading,,EXS,Autumn 2025,05/12/2025,Ayse' \
	'X803211421047,Yilmaz,Ayse,Science,,Ayşe,Autumn 2025,05/12/2025,' \
	'X803211421047,Yilmaz,Ayse,Art,,Fantastic,Autumn 2025,05/12/2025,' \
	'X803211421047,Yilmaz,Ayse,Music,,EXS,Autumn 2025,05/12/2025,' > "$T/nm.csv"
"$PEPKIT" merge -o "$T/o" "$T/c" "$T/nm.csv" 2>"$T/err"
[ $? -eq 1 ] && ok "rows holding the pupil's name are rejected (exit 1)" || notok "exit 1"
check_nogrep "no name in merge-report.csv" "[Aa]y[sş]e|[Yy][iı]lmaz|YILMAZ" "$T/o/merge-report.csv"
check_nogrep "no name on stderr" "[Aa]y[sş]e|[Yy][iı]lmaz|YILMAZ" "$T/err"
for l in 2 3 4 5; do
	check_grep "line $l: rejected, the name shown as [pupil's name]" "\"rejected\",\"[^\"]*nm.csv\",\"$l\",.*\\[pupil's name\\]" "$T/o/merge-report.csv"
done
check_grep "another bad value is still quoted" "'Fantastic' is not on the ks-ta scale" "$T/o/merge-report.csv"
check_grep "a good row merges, untouched" '"merged","[^"]*nm.csv","7",.*"Music","","EXS"' "$T/o/merge-report.csv"
done_testing
