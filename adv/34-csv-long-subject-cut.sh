#!/bin/sh
# Attack: a subject written in Cyrillic, 104 letters (208 bytes, within the 200 characters a
# record holds). merge kept it in a 128-byte buffer, cut inside a letter, and wrote a record
# that is not well-formed UTF-8 (no XML reader opens it), exit 0. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
CY=$(python3 -c "print('Математика ' * 9 + 'конец')")
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,%s,,GDS,Autumn 2025,05/12/2025\r\n' "$CY" > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
if xmllint --noout "$t/o/a.xml" 2>/dev/null && ./pepkit validate "$t/o/a.xml" >/dev/null 2>&1; then exit 0; fi
echo "DEFECT: merge wrote a broken record:"; xmllint --noout "$t/o/a.xml" 2>&1 | head -2; exit 1
