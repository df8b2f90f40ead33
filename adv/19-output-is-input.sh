#!/bin/sh
# Attack: `redact -o r.xml r.xml` (and `template --from r.xml -o r.xml`): the output named the
# input, so the only full record was replaced by its redacted copy (or a Word form). Exits 1
# while the record is replaced.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cp samples/ks2-initial.xml "$T/r.xml" && cp samples/ks2-initial.xml "$T/orig.xml"
"$PEPKIT" redact --audience school -o "$T/r.xml" "$T/r.xml" > /dev/null 2>&1
cmp -s "$T/r.xml" "$T/orig.xml" || { echo "DEFECT: redact replaced the full record with its redacted copy"; exit 1; }
"$PEPKIT" template --doc pep1 --from "$T/r.xml" --term 2025-autumn -o "$T/r.xml" > /dev/null 2>&1
cmp -s "$T/r.xml" "$T/orig.xml" || { echo "DEFECT: template replaced the record with a form"; exit 1; }

# merge --report naming a school's export: the export was replaced by the report
"$PEPKIT" sample --children 1 --seed 5 --attainment "$T/att" -o "$T/c2" > /dev/null 2>&1
E=$(ls "$T"/att/sims-long/*.csv | head -1); cp "$E" "$T/e0.csv"
"$PEPKIT" merge --map templates/mapping-sims-long.xml --report "$E" -o "$T/m" "$T/c2" "$E" > /dev/null 2>&1
cmp -s "$E" "$T/e0.csv" || { echo "DEFECT: merge --report replaced the export it read"; exit 1; }
exit 0
