#!/bin/sh
# Attack: ids in attributes written with white space around them, valid since every attribute
# type of pep.xsd collapses it: a term <term id=" 2025-autumn&#9;"> and a person
# id=" emine-yilmaz " that an action's owner="emine-yilmaz" names. `render --term 2025-autumn`
# and `pack --term 2025-autumn` refused the valid record ("term '2025-autumn' is not in the
# record"), `qa` rated the child "no PEP for the term" (so no PP+), and the record copy showed
# the action's owner as the raw id with role "Not recorded". Exits 1 while render refuses it.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
sed 's|<term id="2025-autumn"|<term id=" 2025-autumn\&#9;"|' samples/ks2-initial.xml > "$t/r.xml"
"$P" validate "$t/r.xml" >/dev/null 2>&1 || { echo "the record is not valid"; exit 2; }
if ! "$P" render --term 2025-autumn -o "$t/c.pdf" "$t/r.xml" 2>"$t/err"; then
	echo "DEFECT: a valid record is refused: $(cat "$t/err")"
	exit 1
fi
exit 0
