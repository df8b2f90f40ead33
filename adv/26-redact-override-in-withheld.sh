#!/bin/sh
# Attack: the withheld birth-family paragraph names the brother behind a right-to-left override
# (U+202E "treM" U+202C, which shows as "Mert" in the full record). The names found in the
# withheld paragraph were read in stored order ("treM"), so "Mert" written plainly elsewhere
# (the child's voice, the hobbies) reached the carer's copy. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
RLO=$(printf '\342\200\256'); PDF=$(printf '\342\200\254')
sed -e "s|older brother Mert,|older brother ${RLO}treM${PDF},|" \
    -e "s|Gymnastics, drawing animals|Gymnastics with Mert, drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
./pepkit redact -a carer -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
if grep -q "Mert" "$t/c.xml"; then echo "DEFECT: 'Mert' (named only behind an override in a withheld paragraph) is in the carer's copy"; exit 1; fi
exit 0
