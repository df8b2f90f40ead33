#!/bin/sh
# t0706: exports as schools' systems, Excel and careless hands really write them, and what the
# merge must make of them: a control character in a used cell is a rejected row (never a record
# that is not well-formed XML); a line break inside a quoted cell is a space; a UPN that two
# records share gives its rows to neither; as-of dates in the future or before the term are
# refused, and a date range in a title row is not the export's date; CR-only line ends (Excel
# "CSV (Macintosh)") keep their line numbers; a no-break space in a header cell still matches;
# a column the profile reads twice in the header, or an Excel workbook renamed .csv, rejects the
# file with its reason, counting only its data rows.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
UPN=$(x "$REC" /pep-record/child/upn)
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
mkdir -p "$T/c" && cp "$REC" "$T/c/a.xml"
merge() {   # merge NAME CSV [COHORT]: merge into $T/o-NAME; stdout/stderr in $T/out, $T/err
	"$PEPKIT" merge -o "$T/o-$1" "${3:-$T/c}" "$2" >"$T/out" 2>"$T/err"
}

printf '%s\r\n%s,Yilmaz,Ayse,Maths\033[31m,,EXS,Autumn 2025,05/12/2025\r\n%s,Yilmaz,Ayse,Science,,GD\007S,Autumn 2025,05/12/2025\r\n' "$H" "$UPN" "$UPN" > "$T/ctrl.csv"
merge ctrl "$T/ctrl.csv"; rc=$?
[ $rc = 1 ] && ok "control characters: exit 1" || notok "control characters: exit $rc"
check_grep "ESC in the subject is a rejected row" "line 2: rejected: field 4: a control character \(U\+001B\)" "$T/err"
check_grep "BEL in the result is a rejected row" "line 3: rejected: field 6: a control character \(U\+0007\)" "$T/err"
check "the record written is still valid" "$PEPKIT" validate "$T/o-ctrl/a.xml"

printf '%s\r\n%s,Yilmaz,Ayse,"Maths\r\n",,EXS,Autumn 2025,05/12/2025\r\n' "$H" "$UPN" > "$T/nl.csv"
merge nl "$T/nl.csv"
is "a line break inside a quoted cell is a space (the record's Maths is updated)" "$T/o-nl/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" EXS

mkdir -p "$T/two" && cp "$REC" "$T/two/a.xml"
sed 's/LA-512093/LA-999001/; s/<given>Ayşe</<given>Robin</; s/<family>Yılmaz</<family>Okafor</' "$REC" > "$T/two/b.xml"
printf '%s\r\n%s,Yilmaz,Ayse,Maths,,EXS,Autumn 2025,05/12/2025\r\n' "$H" "$UPN" > "$T/one.csv"
merge two "$T/one.csv" "$T/two"; rc=$?
[ $rc = 1 ] && ok "a UPN in two records: exit 1" || notok "a UPN in two records: exit $rc"
check_grep "... the row is rejected, naming both records" "the UPN $UPN is in two records, 'a.xml' and 'b.xml'" "$T/err"
check_nogrep "... and neither record gets it" "one.csv" "$T/o-two/a.xml"
check_nogrep "... (the other either)" "one.csv" "$T/o-two/b.xml"
check_exit 1 "pack --attainment with a UPN in two records" "$PEPKIT" pack -q --attainment "$T/one.csv" --records-out "$T/two-next" -o "$T/pk-two" "$T/two"
check_grep "... rejects the row in merge-report.csv" "is in two records, '.\.xml' and '.\.xml'" "$T/pk-two/merge-report.csv"
check_nogrep "... and neither record written out gets it" "one.csv" "$T/two-next/a.xml"
check_nogrep "... (nor the other)" "one.csv" "$T/two-next/b.xml"

printf '%s\r\n%s,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2069\r\n%s,Yilmaz,Ayse,History,,GDS,Autumn 2025,12/5/2025\r\n' "$H" "$UPN" "$UPN" > "$T/dates.csv"
merge dates "$T/dates.csv"
check_grep "a date in the future is refused" "line 2: rejected: the date 2069-12-05 is in the future" "$T/err"
check_grep "a date before the term is refused" "line 3: rejected: the date 2025-05-12 is before the 2025-autumn term" "$T/err"
printf 'Year 4: pupils born 01/09/2016 - 31/08/2017,,,,,,,\r\n%s\r\n%s,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,\r\n' "$H" "$UPN" > "$T/range.csv"
merge range "$T/range.csv"
check_nogrep "a date range in a title row is not the export's date" "declared in line 1" "$T/o-range/merge-report.csv"
check_grep "... the row is merged" '^"merged","[^"]*range.csv","3"' "$T/o-range/merge-report.csv"

printf '%s\r%s,Yilmaz,Ayse,Maths,,EXS,Autumn 2025,05/12/2025\r%s,Yilmaz,Ayse,Science,,ZZZ,Autumn 2025,05/12/2025\r' "$H" "$UPN" "$UPN" > "$T/cr.csv"
merge cr "$T/cr.csv"
check_grep "CR-only line ends: the bad row is line 3" "'.*cr.csv' line 3: rejected: .*'ZZZ'" "$T/err"
check_grep "... and the merged value's source is line 2" 'source="cr.csv:2"' "$T/o-cr/a.xml"

printf '\357\273\277UPN\302\240,Surname,Forename,Subject,Aspect,Result,Term,Date\r\n%s,Yilmaz,Ayse,Maths,,EXS,Autumn 2025,05/12/2025\r\n' "$UPN" > "$T/nbsp.csv"
merge nbsp "$T/nbsp.csv"
check_grep "a no-break space in a header cell still matches" "1 merged" "$T/err"

printf 'UPN,Surname,Forename,Subject,Aspect,Result,Result,Term,Date\r\n%s,Yilmaz,Ayse,Maths,,EXS,GDS,Autumn 2025,05/12/2025\r\n' "$UPN" > "$T/dup.csv"
merge dup "$T/dup.csv"
check_grep "two Result columns reject the file" "fields 6 and 7 are both the 'Result' column" "$T/err"
check_grep "... counting its one data row, not the header" "merge: 1 rows" "$T/err"
/usr/bin/python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('xl/workbook.xml','<workbook/>'); z.close()" "$T/book.csv"
merge book "$T/book.csv"
check_grep "an Excel workbook renamed .csv is named as such" "is an Excel workbook \(.xlsx or .xls\), not CSV text" "$T/err"
done_testing
