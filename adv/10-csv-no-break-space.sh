#!/bin/sh
# Attack: a UPN cell ending in a no-break space (0xA0 in a Windows-1252 export: text copied from
# a web page), and a term "Autumn 2025" with one inside. The row was rejected ("bad upn: not 13
# characters", "term not recognised") and the child's results lost. Exits 1 while rejected.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047\240,Yilmaz,Ayse,Maths,,GDS,Autumn\2402025,05/12/2025\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: no-break spaces reject the row:"; head -1 "$t/err"; exit 1
