#!/bin/sh
# Attack: a withheld name written with Cyrillic or Greek capitals that look like Latin ones
# ("Мert" with Cyrillic М, "МЕRТ", "Εmine" with Greek Ε) passes the schema and reached the
# carer's copy: confusable skeletons were taken of the case-folded letter (м, ε), which looks
# like no Latin letter. Exits 1 while any of them survives redaction.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'Мert' 'МЕRТ' 'Εmine' 'ЕМІNE' 'ΜΕRΤ' 'Μert'; do
	sed "s|Gymnastics, drawing animals|Gymnastics with $v, drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	./pepkit redact -a carer -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q "$v" "$t/c.xml"; then echo "DEFECT: '$v' (a withheld name) is in the carer's copy"; bad=1; fi
done
exit $bad
