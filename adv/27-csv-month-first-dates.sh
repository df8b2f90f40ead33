#!/bin/sh
# Attack: an export from Excel for Mac (US locale) writes dates month first. "11/25/2025" cannot
# be day first and was rejected, but "11/10/2025" (10 November) in the same file was silently
# read as 11 October and merged with that date: a wrong as-of date decides which value wins.
# Exits 1 while a file whose dates show month-first order has its ambiguous dates read day first.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,11/10/2025\r\nX803211421047,Yilmaz,Ayse,Science,,GDS,Autumn 2025,11/25/2025\r\n' "$H" > "$t/us.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/us.csv" >/dev/null 2>"$t/err"
if grep -q 'date="2025-10-11"' "$t/o/a.xml" 2>/dev/null; then
	echo "DEFECT: '11/10/2025' in a month-first file was merged as 2025-10-11:"; grep 'Maths' "$t/o/a.xml" | head -1; exit 1
fi
exit 0
