#!/bin/sh
# t0707: cells written as Excel's text formula ="TEXT" (exports use it to keep a UPN, a grade
# such as "5-" or a date from turning into a number) are read as TEXT, bare or inside a quoted
# cell ("=""GDS"""), with "" inside read as one quote; a formula that is anything more
# (="EX"&"S") is not a value and its row is rejected with the field, never merged as typed.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
UPN=$(x "$REC" /pep-record/child/upn)
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
mkdir -p "$T/c" && cp "$REC" "$T/c/a.xml"

printf '%s\r\n="%s",Yilmaz,Ayse,="Maths",,="GDS",Autumn 2025,="05/12/2025"\r\n"=""%s""",Yilmaz,Ayse,"=""Science""",,"=""GDS""",Autumn 2025,05/12/2025\r\n' \
	"$H" "$UPN" "$UPN" > "$T/f.csv"
check_exit 0 "merge of =\"...\" cells" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
is "bare =\"X...\" UPN, subject, result and date are read as text" "$T/o/a.xml" \
	"//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" GDS
is "... its date too" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@date" 2025-12-05
is "quoted \"=\"\"...\"\"\" cells too" "$T/o/a.xml" \
	"//term[@id='2025-autumn']/attainment/result[@subject='Science']/@current" GDS
n=$(grep -c "^\"merged\",\"[^\"]*f.csv\",\"[23]\",\"$UPN\"" "$T/o/merge-report.csv")
[ "$n" = 2 ] && ok "the report has both rows merged under the UPN itself" || notok "merged rows with the UPN: $n"
check "the record written is valid" "$PEPKIT" validate "$T/o/a.xml"

printf '%s\r\n%s,Yilmaz,Ayse,Maths,,="EX"&"S",Autumn 2025,05/12/2025\r\n' "$H" "$UPN" > "$T/g.csv"
check_exit 1 "a formula that is more than one text" "$PEPKIT" merge -o "$T/o2" "$T/c" "$T/g.csv"
check_grep "... is a rejected row naming what it holds" "g.csv' line 2: rejected: .*=\"EX\"&\"S\"" "$T/err"
check_nogrep "... never merged" "g.csv" "$T/o2/a.xml"
done_testing
