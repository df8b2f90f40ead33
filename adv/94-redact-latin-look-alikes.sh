#!/bin/sh
# Attack: the withheld brother's name written with Latin letters that look like its own but
# that neither NFKC nor ICU's confusable skeletons make plain: an open, reversed or turned e
# (Mɛrt, Mɘrt, Mǝrt), Ukrainian є (Mєrt), r with a fishhook (Meɾt), t with a curl (Merȶ),
# m with a hook (ɱert: its skeleton is "rn"). DejaVu Sans draws them all; the parent's copy
# and PDF kept them, readable as Mert. Exits 1 while one is kept.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'Mɛrt' 'Mɘrt' 'Mǝrt' 'Mєrt' 'Meɾt' 'Merȶ' 'ɱert'; do
	sed "s|Gymnastics, drawing animals|Gymnastics with $v, drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	"$P" redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q "$v" "$t/c.xml"; then echo "DEFECT: '$v' (the withheld brother) is in the parent's copy"; bad=1; fi
done
exit $bad
