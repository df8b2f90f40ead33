#!/bin/sh
# Attack: half terms and terms as school systems write them: "Aut 2 25/26" (a two-digit
# academic year), "T1 2025-26" (Bromcom/Arbor six-term names), "HT1 2025/26", "Autumn 1
# (2025/26)" were "not recognised" and the rows rejected; "Autumn Spring 2025" was read as
# autumn without a word, and "T2 2025-26" (spring in a year of three terms, autumn in a year of
# six) must be refused as ambiguous, not guessed. Exits 1 while any of these happens.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
bad=0
for term in 'Aut 2 25/26' 'T1 2025-26' 'HT1 2025/26' 'Autumn 1 (2025/26)'; do
	printf 'UPN,Subject,Result,Term\r\nX803211421047,Maths,GDS,%s\r\n' "$term" > "$t/f.csv"
	rm -rf "$t/o"
	"$P" merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 || { echo "DEFECT: term '$term' rejected"; bad=1; }
done
for term in 'Autumn Spring 2025' 'T2 2025-26'; do
	printf 'UPN,Subject,Result,Term\r\nX803211421047,Maths,GDS,%s\r\n' "$term" > "$t/f.csv"
	rm -rf "$t/o"
	"$P" merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 && { echo "DEFECT: term '$term' taken as one term"; bad=1; }
done
exit $bad
