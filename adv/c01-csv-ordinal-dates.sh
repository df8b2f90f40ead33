#!/bin/sh
# Attack: a date column typed with ordinal days ("1st December 2025"), as Google Sheets and
# Numbers users write dates. Every such row was rejected ("date '1st December 2025' is not
# dd/mm/yyyy, ..."). Exits 1 while the row is refused.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Subject,Result,Term,Date\r\nX803211421047,Maths,GDS,Autumn 2025,1st December 2025\r\n' > "$t/f.csv"
"$P" merge --map sims-long -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 ||
	{ echo "DEFECT: a date '1st December 2025' is refused"; exit 1; }
exit 0
