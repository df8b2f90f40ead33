#!/bin/sh
# Attack: a withheld person's name in the plural ("the Emines", "the Mertes' house": the
# family called by a member's name) reached the parent's copy: the name matched only as a whole
# word. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'the Emines' "the Mertes' house" 'both Merts'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (with $v), drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	"$P" redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -Eq "Emine|Mert" "$t/c.xml"; then echo "DEFECT: '$v' (a withheld name) is in the parent's copy"; bad=1; fi
done
exit $bad
