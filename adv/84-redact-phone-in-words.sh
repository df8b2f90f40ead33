#!/bin/sh
# Attack: the carer's withheld phone number 07700 900275 written in words ("zero seven seven
# zero zero nine zero zero two seven five", "oh seven seven double oh, nine double oh, two seven
# five") reached the parent's copy: only digits were matched. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'zero seven seven zero zero nine zero zero two seven five' \
	 'oh seven seven double oh, nine double oh, two seven five' \
	 'Oh-seven-seven-oh-oh nine-oh-oh two-seven-five' '07700 nine double oh two seven five'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (ring $v), drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	"$P" redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q "$v" "$t/c.xml"; then echo "DEFECT: '$v' (the carer's phone) is in the parent's copy"; bad=1; fi
done
exit $bad
