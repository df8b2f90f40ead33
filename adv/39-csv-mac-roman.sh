#!/bin/sh
# Attack: Excel for Mac's "CSV (Macintosh)": lines ended by CR alone, text in Mac Roman. It was
# decoded as Windows-1252, so "Español" (ñ is 0x96 in Mac Roman, an en dash in Windows-1252)
# was written into the record as a new subject "Espa–ol", exit 0. Exits 1 while it is.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\rX803211421047,Yilmaz,Ayse,Español,,GDS,Autumn 2025,05/12/2025\r' | iconv -f UTF-8 -t MACINTOSH > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
grep -q 'subject="Español"' "$t/o/a.xml" && exit 0
echo "DEFECT: a Mac Roman export is garbled:"; grep -o '<result subject="Espa[^"]*"' "$t/o/a.xml"; exit 1
