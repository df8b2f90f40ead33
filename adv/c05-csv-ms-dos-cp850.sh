#!/bin/sh
# Attack: Excel's "CSV (MS-DOS)" writes the OEM code page (CP850 on a UK Windows), not
# Windows-1252. Read as Windows-1252, "Français" (ç is 0x87) became "Fran‡ais", written into the
# record as a new subject, exit 0. Exits 1 while a wrong letter is written or nothing is said.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Français,,EXS,Autumn 2025,05/12/2025\r\nX803211421047,Yilmaz,Ayse,Géographie,,GDS,Autumn 2025,05/12/2025\r\n' | iconv -f UTF-8 -t CP850 > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
grep -q 'subject="Français"' "$t/o/a.xml" && grep -q 'subject="Géographie"' "$t/o/a.xml" && exit 0
echo "DEFECT: a CP850 export is garbled:"; grep -o '<result subject="[FG][^"]*"' "$t/o/a.xml"; exit 1
