#!/bin/sh
# Attack: a GCSE fine grade typed in Excel or Word with a typographic dash or minus ("5–" en
# dash, "5−" minus sign, "4–5"), which the profile's fine rule reads as 5, 5, 4 when typed with
# a hyphen. The row was rejected ("not on the gcse scale"). Exits 1 while it is.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && sed '106,108s/ current="[^"]*"/ current="4" date="2025-10-01"/' samples/ks4-ehcp-exclusions.xml > "$t/c/b.xml"
bad=0
for g in '5–' '5−' '4–5'; do
	printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nB801200005001,Wisniewski,Lukasz,Maths,,%s,Autumn 2025,05/12/2025\r\n' "$g" > "$t/g.csv"
	rm -rf "$t/o"
	./pepkit merge -o "$t/o" "$t/c" "$t/g.csv" >/dev/null 2>"$t/err" || { echo "DEFECT: '$g' rejected"; bad=1; }
done
exit $bad
