#!/bin/sh
# Attack: a record broken inside a withheld paragraph, where the parser's message quotes the
# text: "&Emine;" (an entity never defined), "Mert<Emine went" (a tag and an attribute made
# of words), "Mert<Emine>went" (a tag mismatch). validate, the pack's report and stderr said
# "entity 'Emine' not defined", "specification mandates value for attribute went",
# "opening and ending tag mismatch: Emine line 44 and p": words of the birth-family paragraph
# in an operator's log. Exits 1 while a message quotes them.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in 'Mert \&Emine; and' 'Mert<Emine went' 'Mert<Emine>went'; do
	sed "s|her older brother Mert,|her older brother $v,|" samples/ks2-initial.xml > "$t/r.xml"
	"$P" validate "$t/r.xml" > "$t/out" 2>&1
	if grep -q 'Emine\|went' "$t/out"; then echo "DEFECT: $(cat "$t/out")"; bad=1; fi
done
exit $bad
