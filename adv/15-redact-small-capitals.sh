#!/bin/sh
# Attack: a withheld name written in Latin small capitals ("ᴍᴇʀᴛ": U+1D0D U+1D07 U+0280 U+1D1B,
# which read as MERT) passes the schema and reached the carer's copy: NFKC leaves them, ICU's
# confusable skeletons leave them (ᴇ is ᴇ) and they have no capital form. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'ᴍᴇʀᴛ' 'Mᴇʀᴛ'; do
	sed "s|Gymnastics, drawing animals|Gymnastics with $v, drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	./pepkit redact -a carer -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q "$v" "$t/c.xml"; then echo "DEFECT: '$v' (a withheld name) is in the carer's copy"; bad=1; fi
done
exit $bad
