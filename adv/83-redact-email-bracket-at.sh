#!/bin/sh
# Attack: the carer's withheld e-mail m.nowak.fostering@example.org written as people hide it
# from harvesters, "[at]" or " at " with the domain's dots kept ("m.nowak.fostering[at]example.org",
# "m.nowak.fostering at example.org"), reached the parent's copy: "at" was read as punctuation
# only before a spelled-out "dot". Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'm.nowak.fostering[at]example.org' 'm.nowak.fostering at example.org' 'm.nowak.fostering {at} example.org' 'm.nowak.fostering <at> example.org'; do
	x=$(printf '%s\n' "$v" | sed 's/</\\\&lt;/; s/>/\\\&gt;/')   # escaped for XML and for sed's replacement
	sed "s|Gymnastics, drawing animals|Gymnastics (write to $x), drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	"$P" redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q "fostering" "$t/c.xml"; then echo "DEFECT: '$v' (the carer's e-mail) is in the parent's copy"; bad=1; fi
done
exit $bad
