#!/bin/sh
# Attack: a filled Word form with tracked changes on (text moved away: w:moveFrom), a hidden run
# (w:vanish) and a non-breaking hyphen (w:noBreakHyphen). Import read the moved-away and the
# hidden text into the record as if typed there, and dropped the hyphen ("Wellbeing").
# Exits 1 while any of these is read wrongly.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
./pepkit template --doc pep1 --from samples/ks2-initial.xml -o "$t/k2.docx" 2>/dev/null || exit 2
bad=0
for c in movefrom:MOVEDAWAY vanish:HIDDENTEXT nbhyphen:Wellbeing; do
	python3 tests/data/forms/wordmarkup.py "$t/k2.docx" "$t/f.docx" "${c%%:*}" || exit 2
	./pepkit import --into samples/ks2-initial.xml -o "$t/o.xml" "$t/f.docx" 2>/dev/null || { echo "import failed"; exit 2; }
	if grep -q "${c#*:}" "$t/o.xml"; then echo "DEFECT: ${c%%:*}: '${c#*:}' is in the record"; bad=1; fi
done
exit $bad
