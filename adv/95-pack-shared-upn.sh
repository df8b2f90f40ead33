#!/bin/sh
# Attack: two records of two children (LA-512093 Ayşe Yılmaz, LA-777001 Lena Okafor) with one
# UPN: Lena's record was made from a copy of Ayşe's and kept her UPN. pack rendered both
# without a word, so Lena's PEP1 went to her school with Ayşe's UPN, by which a school files
# what it receives (one child's plan filed as another's). merge already gives such a UPN's
# rows to neither. Exits 1 while pack-report.csv says nothing of it.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c"
cp samples/ks2-initial.xml "$t/c/a.xml"
sed 's|<la-child-id>LA-512093</la-child-id>|<la-child-id>LA-777001</la-child-id>|; s|<given>Ayşe</given><family>Yılmaz</family>|<given>Lena</given><family>Okafor</family>|; s|Ayşe|Lena|g' samples/ks2-initial.xml > "$t/c/b.xml"
"$P" pack --term 2025-autumn -o "$t/pack" "$t/c" >/dev/null 2>&1
if ! grep -q 'UPN' "$t/pack/pack-report.csv"; then
	echo "DEFECT: two children with one UPN packed without a word:"; cat "$t/pack/pack-report.csv"; exit 1
fi
exit 0
