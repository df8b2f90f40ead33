#!/bin/sh
# Workflow: the autumn pack is run with the schools' exports and --records-out next-term/, the
# README's "complete cohort for next term". One child's exports conflict (the pack fails that
# child, rightly), another record is invalid (a typo), another has no autumn term yet. The
# failed records were not written to next-term/: in spring that cohort silently lacked them,
# so pack, send, qa and archive never saw those children again and no report said so.
# `merge` copies such records unchanged; the pack must too. Exits 1 while a record is missing.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
export PEPKIT_DATADIR="$PWD"
./pepkit sample --children 12 --seed 5 --attainment "$t/exp" -o "$t/coh" >/dev/null 2>&1 || exit 2
cp samples/ks2-initial.xml "$t/coh/zz-invalid.xml"
sed -i 's|<date-of-birth>|<date-of-birth>x|' "$t/coh/zz-invalid.xml"
cp samples/ks2-initial.xml "$t/coh/zz-noterm.xml"
sed -i 's|<la-child-id>[^<]*</la-child-id>|<la-child-id>LA-9900001</la-child-id>|' "$t/coh/zz-noterm.xml"
sed -i 's|id="2025-autumn"|id="2025-summer"|' "$t/coh/zz-noterm.xml"
./pepkit pack --term 2025-autumn --attainment "$t/exp" --records-out "$t/next" -o "$t/pack" "$t/coh" >/dev/null 2>&1
missing=0
for f in "$t"/coh/*.xml; do
	[ -f "$t/next/$(basename "$f")" ] || { echo "DEFECT: $(basename "$f") is not in --records-out"; missing=1; }
done
exit $missing
