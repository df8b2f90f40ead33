#!/bin/sh
# t0761: a long export naming subjects by MIS codes ("MA", "Sc") that the profile does not map.
# Each became a new subject beside the record's "Maths" and "Science", reported merged, exit 0.
# Now such a row (two or three letters, not a subject the record has, not PE/RE/ICT/Art...) is
# rejected, saying the profile should map it; a profile that maps it merges it into the record's
# subject; "PE", whose name is that short, is still a new subject.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
printf '%s\r\n' "$H" \
	'X803211421047,Yilmaz,Ayse,MA,,GDS,Autumn 2025,05/12/2025' \
	'X803211421047,Yilmaz,Ayse,Sc,,GDS,Autumn 2025,05/12/2025' \
	'X803211421047,Yilmaz,Ayse,PE,,EXS,Autumn 2025,05/12/2025' > "$T/f.csv"
check_exit 1 "unmapped subject codes: exit 1" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
check_grep "... 'MA' line 2 rejected, saying it is a code to map" '^"rejected",".*f.csv","2",.*"MA",.*looks like a subject code.*<subject name=""MA""' "$T/o/merge-report.csv"
check_grep "... 'Sc' line 3 rejected too" '^"rejected",".*f.csv","3",.*"Sc",.*looks like a subject code' "$T/o/merge-report.csv"
check_grep "... and said on stderr with file and line" "f.csv' line 2: rejected: .*subject 'MA' looks like a subject code" "$T/err"
check_grep "... 'PE' merged as a subject" '^"merged",".*f.csv","4",.*"PE"' "$T/o/merge-report.csv"
is "... no subject 'MA' in the record" "$T/o/a.xml" "count(//result[@subject='MA' or @subject='Sc'])" 0
is "... the record's Maths unchanged" "$T/o/a.xml" "string(//term[@id='2025-autumn']//result[@subject='Maths']/@current)" WTS
check "... the record is valid" "$PEPKIT" validate "$T/o/a.xml"
sed 's|<subjects>|<subjects>\n    <subject name="MA" as="Maths"/>\n    <subject name="Sc" as="Science"/>|' \
	"$SRCDIR/templates/mapping-sims-long.xml" > "$T/codes.xml"
rm -rf "$T/o"
check "with a profile mapping the codes, merge exits 0" "$PEPKIT" merge --map "$T/codes.xml" -o "$T/o" "$T/c" "$T/f.csv"
is "... MA is the record's Maths" "$T/o/a.xml" "string(//term[@id='2025-autumn']//result[@subject='Maths']/@current)" GDS
is "... Sc is the record's Science" "$T/o/a.xml" "string(//term[@id='2025-autumn']//result[@subject='Science']/@current)" GDS
done_testing
