#!/bin/sh
# Attack: the placement's withheld postcode "ZZ9 6HD" written with its inward code split
# ("ZZ9 6 HD", "zz9 6 hd") reached the parent's copy: only digit tokens were glued, so "6 HD"
# stayed two words. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'ZZ9 6 HD' 'zz9 6 hd' 'ZZ9-6-HD'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (post to $v), drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	"$P" redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q "$v" "$t/c.xml"; then echo "DEFECT: '$v' (the placement's postcode) is in the parent's copy"; bad=1; fi
done
exit $bad
