#!/bin/sh
# Attack: a folder per child, named after the child ("AyseYilmaz/"), packed into
# "packs/Ayşe Yılmaz". Before: pack-summary.txt, kept with the pack, said "cohort: .../AyseYilmaz"
# and "output: .../Ayşe Yılmaz" (pack-report.csv withheld the record path, the summary did not).
# Exits 1 while the summary holds the child's name.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
mkdir -p "$T/AyseYilmaz"
cp samples/ks2-initial.xml "$T/AyseYilmaz/pep.xml"
"$PEPKIT" pack -q --term 2025-autumn -o "$T/packs/Ayşe Yılmaz" "$T/AyseYilmaz" >/dev/null 2>&1
grep -Eq "[Aa]y[sş]e|[Yy][iı]lmaz" "$T/packs/Ayşe Yılmaz/pack-summary.txt" &&
	{ echo "DEFECT: pack-summary.txt names the child through a folder name"; exit 1; }
exit 0
