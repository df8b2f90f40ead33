#!/bin/sh
# Attack: terms written with the academic year hyphenated, as MIS exports and people write them
# ("Autumn term 2025-26", "2025-26 Autumn 1", "2025/26 Autumn 1") were "not recognised" and the
# rows rejected; and "Autumn 2025/24" (no academic year) was taken as autumn 2025 without a word.
# Exits 1 while either happens.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
bad=0
for term in 'Autumn term 2025-26' '2025-26 Autumn 1' '2025/26 Autumn 1'; do
	printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,%s,05/12/2025\r\n' "$term" > "$t/f.csv"
	rm -rf "$t/o"
	./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 || { echo "DEFECT: term '$term' rejected"; bad=1; }
done
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025/24,05/12/2025\r\n' > "$t/f.csv"
rm -rf "$t/o"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 && { echo "DEFECT: term 'Autumn 2025/24' taken as autumn 2025"; bad=1; }
exit $bad
