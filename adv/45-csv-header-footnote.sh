#!/bin/sh
# Attack: a header cell with a footnote mark after it, as a spreadsheet's author writes one
# ("Subject*", "Result†", "Term¹"): the whole file was rejected, "no header row in the first 20
# lines". Exits 1 while that happens.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN ,Subject*,Result\342\200\240,Term\302\271\r\nX803211421047,Maths,GDS,Autumn 2025\r\n' > "$t/f.csv"
"$P" merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 || { echo "DEFECT: a header with footnote marks rejects the file"; exit 1; }
exit 0
