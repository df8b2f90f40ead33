#!/bin/sh
# Attack: the carer's withheld phone number typed with the letter O for zero ("O77OO 9OO275",
# "077OO9OO275"), as people type it; it reads as the number, but the digit match missed it and
# it reached the parent's copy. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'O77OO 9OO275' '077OO9OO275' '+44 77OO 9OO 275'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (ring $v), drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	./pepkit redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q "$v" "$t/c.xml"; then echo "DEFECT: '$v' (the carer's phone) is in the parent's copy"; bad=1; fi
done
exit $bad
