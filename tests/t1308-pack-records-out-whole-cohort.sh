#!/bin/sh
# t1308-pack-records-out-whole-cohort: `pack --attainment ... --records-out DIR` writes every
# record of the cohort to DIR, the next term's cohort: merged when the exports changed it, and
# as it was read (byte for byte, as `merge` copies it) when the record failed: exports in
# conflict, invalid, without the term, or one child id twice. Before, failed records were left
# out and the child silently vanished from next term's cohort. adv/e2e-02 is the reproducer.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
check "sample cohort with exports" "$PEPKIT" sample --children 12 --seed 5 --attainment "$T/exp" -o "$T/coh"
cp "$SAMPLES/ks2-initial.xml" "$T/coh/zz-invalid.xml"
sed -i 's|<date-of-birth>|<date-of-birth>x|' "$T/coh/zz-invalid.xml"
cp "$SAMPLES/ks2-initial.xml" "$T/coh/zz-noterm.xml"
sed -i -e 's|<la-child-id>[^<]*</la-child-id>|<la-child-id>LA-9900001</la-child-id>|' -e 's|id="2025-autumn"|id="2025-summer"|' "$T/coh/zz-noterm.xml"
cp "$SAMPLES/ks2-initial.xml" "$T/coh/zz-twice-a.xml"
sed -i 's|<la-child-id>[^<]*</la-child-id>|<la-child-id>LA-9900002</la-child-id>|' "$T/coh/zz-twice-a.xml"
cp "$T/coh/zz-twice-a.xml" "$T/coh/zz-twice-b.xml"
n=$(ls "$T/coh"/*.xml | wc -l)

check_exit 1 "pack: exit 1 (records failed)" "$PEPKIT" pack --term 2025-autumn --attainment "$T/exp" --records-out "$T/next" -o "$T/pack" "$T/coh"
/usr/bin/python3 - "$T/pack/pack-report.csv" > "$T/status" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    print(r["input"].split("/")[-1], r["status"], r["reason"].split(": ", 1)[-1][:60])
PY
sed 's/^/# /' "$T/status"
failed=$(grep -c ' failed ' "$T/status")
[ "$failed" -ge 5 ] && ok "the report fails the conflict, the invalid, the termless and both twins ($failed)" || notok "failed records in the report ($failed)"
check_grep "the conflict is one of them" 'failed .*attainment exports disagree' "$T/status"
m=$(ls "$T/next"/*.xml | wc -l)
[ "$m" -eq "$n" ] && ok "--records-out holds every record of the cohort ($m of $n)" || notok "--records-out holds every record ($m of $n)"
for f in $(awk '$2 == "failed" {print $1}' "$T/status"); do
	if cmp -s "$T/coh/$f" "$T/next/$f"; then ok "failed $f: copied as it was read"; else notok "failed $f: copied as it was read"; fi
done
changed=0
for f in $(awk '$2 == "done" {print $1}' "$T/status"); do
	cmp -s "$T/coh/$f" "$T/next/$f" || changed=$((changed + 1))
done
[ "$changed" -ge 1 ] && ok "records the exports changed are written merged ($changed)" || notok "merged records written"
[ "$(stat -c %a "$T/next/zz-invalid.xml")" = 600 ] && ok "the copy is mode 0600" || notok "the copy is mode 0600"

# next term: the failed children are still there, and fail visibly again
check_exit 1 "next term's pack sees every child" "$PEPKIT" pack --term 2025-autumn -o "$T/pack2" "$T/next"
r=$(($(wc -l < "$T/pack2/pack-report.csv") - 1))
[ "$r" -eq "$n" ] && ok "next term's report has a row for each of the $n records" || notok "next term's report rows ($r of $n)"

# --records-out as the cohort itself (merge in place): nothing copied over itself, nothing lost
cp -r "$T/coh" "$T/inplace"
sha_before=$(sha256sum "$T/inplace/zz-invalid.xml" | cut -d' ' -f1)
check_exit 1 "pack with --records-out the cohort itself" "$PEPKIT" pack --term 2025-autumn --attainment "$T/exp" --records-out "$T/inplace" -o "$T/pack3" "$T/inplace"
[ "$(sha256sum "$T/inplace/zz-invalid.xml" | cut -d' ' -f1)" = "$sha_before" ] && ok "a failed record in place is untouched" || notok "a failed record in place is untouched"
[ "$(ls "$T/inplace"/*.xml | wc -l)" -eq "$n" ] && ok "in place: every record still there" || notok "in place: every record still there"
done_testing
