#!/bin/sh
# Attack: an export whose date column Excel formatted as a long date and saved as displayed
# ("Friday, 5 December 2025", "Fri 05/12/2025"): merge rejected the rows, "date ... is not
# dd/mm/yyyy ...". Exits 1 while they are rejected.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks4-ehcp-exclusions.xml "$t/c/b.xml"
printf 'UPN,Subject,Result,Term,Date\r\nB801200005001,Computing,5,Autumn 2025,"Friday, 5 December 2025"\r\nB801200005001,Music,5,Autumn 2025,Fri 05/12/2025\r\n' > "$t/f.csv"
"$P" merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 || { echo "DEFECT: dates with a weekday are rejected"; exit 1; }
exit 0
