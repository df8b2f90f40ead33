#!/bin/sh
# Attack: a withheld name or postcode spelled out letter by letter ("M e r t", "M.E.R.T",
# "M. E. R. T.", "Z Z 9 6 H D"): every reader reads the name, but each letter was its own word,
# so the whole-word match missed it and it reached the carer's / parent's copy. Exits 1 while
# any does.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'M e r t' 'M.E.R.T' 'M. E. R. T.' 'Z Z 9 6 H D'; do
	sed "s|Gymnastics, drawing animals|Gymnastics with $v, drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	./pepkit redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -qF "$v" "$t/c.xml"; then echo "DEFECT: '$v' (withheld) is in the parent's copy"; bad=1; fi
done
exit $bad
