#!/bin/sh
# t0733: Excel for Mac's "CSV (Macintosh)" ends lines in CR alone and writes Mac Roman, not
# Windows-1252. Read as Windows-1252, "Español" became "Espa–ol" (written into the record as a
# new subject) and "José Muñoz" became "JosŽ Mu–oz". A file not in UTF-8 whose lines end in CR
# alone is now read as Mac Roman, and the report says so; a Windows-1252 file with CR LF line
# ends is read as before.
. tests/lib.sh
mkdir -p "$T/c"
sed -e 's|<given>Ayşe</given><family>Yılmaz</family>|<given>José</given><family>Muñoz</family>|' \
    -e 's|<name>Ayşe Yılmaz</name>|<name>José Muñoz</name>|' "$SAMPLES/ks2-initial.xml" > "$T/c/a.xml"
check "the record is valid" "$PEPKIT" validate "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
printf '%s\rX803211421047,Muñoz,José,Español,,GDS,Autumn 2025,05/12/2025\r' "$H" | iconv -f UTF-8 -t MACINTOSH > "$T/mac.csv"
check_grep "the export is Mac Roman ('ñ' is byte 0x96)" "$(printf 'Mu\226oz')" "$T/mac.csv"
check "a Mac Roman export merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/mac.csv"
is "... the new subject spelled right" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Español'])" 1
check_grep "... the report says how it was read" '"read as MACINTOSH, delimiter' "$T/o/merge-report.csv"
check "... and the record is valid" "$PEPKIT" validate "$T/o/a.xml"
printf '%s\r\nX803211421047,Muñoz,José,Español,,GDS,Autumn 2025,05/12/2025\r\n' "$H" | iconv -f UTF-8 -t WINDOWS-1252 > "$T/win.csv"
rm -rf "$T/o"
check "a Windows-1252 export merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/win.csv"
is "... the subject spelled right" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Español'])" 1
check_grep "... read as Windows-1252" '"read as windows-1252, delimiter' "$T/o/merge-report.csv"
done_testing
