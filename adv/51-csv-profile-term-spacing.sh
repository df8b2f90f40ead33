#!/bin/sh
# Attack: a council profile names its terms ("T1" -> 2025-autumn) and a school types "T 1":
# header names match without case or blanks, the profile's term names only exactly, so the
# row was rejected, "term 'T 1' is not recognised". Exits 1 while rejected.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks4-ehcp-exclusions.xml "$t/c/k.xml"
printf 'Child ID,Subject,Step,Term,Assessed\r\nLA-204817,Computing,B1,T 1,2025-12-05\r\n' > "$t/f.csv"
"$P" merge --map tests/data/csv/council-steps.xml -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 || { echo "DEFECT: 'T 1' is not the profile's 'T1'"; exit 1; }
exit 0
