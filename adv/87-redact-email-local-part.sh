#!/bin/sh
# Attack: the carer's withheld e-mail m.nowak.fostering@example.org written without its domain
# ("m.nowak.fostering on the usual domain"), with another domain (@example.com), run together
# (mnowakfostering@example.org), or split from its domain across two paragraphs, reached the
# parent's copy: only the whole address was withheld. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'email m.nowak.fostering on the usual domain' 'm.nowak.fostering@example.com' \
	 'mnowakfostering@example.org' 'write to m.nowak.fostering</p><p>@example.org'; do
	sed "s|Gymnastics, drawing animals|Gymnastics ($v), drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	"$P" redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -qi "fostering" "$t/c.xml"; then echo "DEFECT: '$v' (the carer's e-mail) is in the parent's copy"; bad=1; fi
done
exit $bad
