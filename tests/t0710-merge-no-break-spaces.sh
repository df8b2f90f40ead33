#!/bin/sh
# t0710: cells with no-break spaces, as text copied from a web page or a report into a
# spreadsheet has them: a UPN ending in one (Windows-1252 0xA0, and UTF-8 U+00A0), a result with
# one (U+202F), a term "Autumn 2025" with one inside (U+00A0) are read as if typed with spaces:
# the row merges. Before, the UPN was "not 13 characters" and the term "not recognised".
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
UPN=$(x "$REC" /pep-record/child/upn)
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
mkdir -p "$T/c" && cp "$REC" "$T/c/a.xml"
printf '%s\r\n%s\240,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\n' "$H" "$UPN" > "$T/w.csv"
printf '%s\r\n\302\240%s\302\240,Yilmaz,Ayse,Maths,,GDS\342\200\257,Autumn\302\2402025,05/12/2025\r\n' "$H" "$UPN" > "$T/u.csv"
printf '%s\r\n"%s\302\240",Yilmaz,Ayse,"Maths",,"GDS\302\240","Autumn\302\2402025",05/12/2025\r\n' "$H" "$UPN" > "$T/q.csv"
for f in w u q; do
	check_exit 0 "$f.csv merges" "$PEPKIT" merge -o "$T/o-$f" "$T/c" "$T/$f.csv"
	is "... the Maths result is written" "$T/o-$f/a.xml" \
		"//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" GDS
	check_nogrep "... with no no-break space in the record" "$(printf '\302\240')|$(printf '\342\200\257')" "$T/o-$f/a.xml"
done
done_testing
