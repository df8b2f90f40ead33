#!/bin/sh
# Attack: a withheld name run together with digits, as in a gamer tag or user name ("his Xbox
# name is Mert2012", "Emine1", "2Mert"): every reader reads the name, but the token was
# "mert2012" and the whole-word match missed it. Exits 1 while any reaches the copy.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'Mert2012' 'Emine1' '2Mert'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (Xbox name $v), drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	./pepkit redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -qi "mert\|emine" "$t/c.xml"; then echo "DEFECT: '$v' (withheld) is in the parent's copy"; bad=1; fi
done
exit $bad
