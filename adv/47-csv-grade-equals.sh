#!/bin/sh
# Attack: GCSE working-at grades written "6=" (secure at 6, beside "6+" and "6-"), as many
# secondary schools' trackers write them: "6+" and "6-" were read as 6 under the profile's
# fine-grade rule, "6=" was rejected as not on the gcse scale. Exits 1 while it is rejected.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks4-ehcp-exclusions.xml "$t/c/b.xml"
printf 'UPN,Subject,Result,Term,Date\r\nB801200005001,Computing,6=,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
"$P" merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
grep -q '"merged",.*"6","1","'"'"'6=' "$t/o/merge-report.csv" || { echo "DEFECT: '6=' is not read as 6"; exit 1; }
exit 0
