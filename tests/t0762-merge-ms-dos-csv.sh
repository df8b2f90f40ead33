#!/bin/sh
# t0762: Excel's "CSV (MS-DOS)" writes the OEM code page (CP850 on a UK Windows, CP437 in the
# US), not Windows-1252. Read as Windows-1252, "Français" became "Fran‡ais" and "Géographie"
# "G‚ographie" (new subjects written into the record, exit 0), and "Renée Müller" was not the
# child. Such a file is now read as CP850 and the report says so; a Windows-1252 file of the
# same text is read as before; a file showing both readings is rejected naming a line of each.
. tests/lib.sh
mkdir -p "$T/c"
sed -e 's|<given>Ayşe</given><family>Yılmaz</family>|<given>Renée</given><family>Müller</family>|' \
    -e 's|<name>Ayşe Yılmaz</name>|<name>Renée Müller</name>|' "$SAMPLES/ks2-initial.xml" > "$T/c/a.xml"
check "the record is valid" "$PEPKIT" validate "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
printf '%s\r\n' "$H" 'X803211421047,Müller,Renée,Français,,EXS,Autumn 2025,05/12/2025' \
	'X803211421047,Müller,Renée,Géographie,,GDS,Autumn 2025,05/12/2025' > "$T/utf8.csv"
iconv -f UTF-8 -t CP850 "$T/utf8.csv" > "$T/dos.csv"
check_grep "the export is CP850 ('ç' is byte 0x87)" "$(printf 'Fran\207ais')" "$T/dos.csv"
check "a CP850 export merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/dos.csv"
is "... 'Français' spelled right" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Français'])" 1
is "... 'Géographie' spelled right" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Géographie'])" 1
check_grep "... the report says how it was read" '"read as CP850, delimiter' "$T/o/merge-report.csv"
check "... and the record is valid" "$PEPKIT" validate "$T/o/a.xml"
iconv -f UTF-8 -t CP437 "$T/utf8.csv" > "$T/us.csv"
rm -rf "$T/o"
check "a CP437 export of these letters merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/us.csv"
is "... 'Français' spelled right" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Français'])" 1
iconv -f UTF-8 -t WINDOWS-1252 "$T/utf8.csv" > "$T/win.csv"
rm -rf "$T/o"
check "a Windows-1252 export merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/win.csv"
is "... the subject spelled right" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Géographie'])" 1
check_grep "... read as Windows-1252" '"read as windows-1252, delimiter' "$T/o/merge-report.csv"
# one line from each: an export pasted together from two machines
{ head -n 2 "$T/dos.csv"; tail -n 1 "$T/win.csv"; } > "$T/mixed.csv"
rm -rf "$T/o"
check_exit 1 "an export in both code pages: exit 1" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/mixed.csv"
check_grep "... rejected (its 2 data rows) naming a line of each" '^"rejected",".*mixed.csv",.*,"2",".*line 2 reads as .CSV \(MS-DOS\). \(CP850\) and line 3 as Windows-1252' "$T/o/merge-report.csv"
is "... nothing of it written" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Géographie' or @subject='Français'])" 0
# a profile naming the code page is taken at its word
sed 's|encoding="windows-1252"|encoding="CP437"|' "$SRCDIR/templates/mapping-sims-long.xml" > "$T/p437.xml"
rm -rf "$T/o"
check "a profile's encoding=\"CP437\" is used" "$PEPKIT" merge --map "$T/p437.xml" -o "$T/o" "$T/c" "$T/us.csv"
check_grep "... and said" '"read as CP437, delimiter' "$T/o/merge-report.csv"
done_testing
