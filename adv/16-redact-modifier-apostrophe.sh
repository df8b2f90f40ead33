#!/bin/sh
# Attack: a withheld name followed by a possessive typed with the modifier letter apostrophe
# ("Mertʼs", U+02BC, as some keyboards and transliterations type it). Unicode calls U+02BC a
# letter, so "Mertʼs" was one word and the whole-word match missed it: the name reached the
# carer's copy. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'Mertʼs' 'Mertʻs'; do
	sed "s|Gymnastics, drawing animals|Gymnastics at $v house, drawing animals|" samples/ks2-initial.xml > "$t/r.xml"
	./pepkit redact -a carer -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q "Mert" "$t/c.xml"; then echo "DEFECT: '$v' (a withheld name) is in the carer's copy"; bad=1; fi
done
exit $bad
