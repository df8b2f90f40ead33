#!/bin/sh
# Attack: the carer's withheld phone number 07700 900275 split across two paragraphs (as a form's
# line break leaves it: "<p>Carer mobile 07700</p><p>900275 after six</p>") reached the
# parent's copy: each paragraph is matched on its own and neither held the whole number. Exits
# 1 while it does.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
sed 's|<p>Gymnastics, drawing animals, and the tablet game where you look after a café.</p>|<p>Carer mobile 07700</p><p>900275 after six</p>|' \
	samples/ks2-initial.xml > "$t/r.xml"
"$P" redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
if grep -q "900275" "$t/c.xml"; then echo "DEFECT: the carer's phone, split across two paragraphs, is in the parent's copy"; exit 1; fi
exit 0
