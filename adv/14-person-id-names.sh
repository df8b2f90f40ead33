#!/bin/sh
# Attack: a person's id holding the child's family name ("mum-yilmaz", as people write ids).
# It passed validate, and `send` names the post list's files CHILD-DOC-TERM-PERSON-KEY.pdf and
# the send log's rows by it: the child's name in file names and logs. Exits 1 while such an id
# is accepted.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
sed 's|id="c1"|id="mum-yilmaz"|; s|person="c1"|person="mum-yilmaz"|g; s|owner="c1"|owner="mum-yilmaz"|g' \
	samples/ks2-initial.xml > "$t/r.xml"
if ./pepkit validate "$t/r.xml" >/dev/null 2>&1; then
	echo "DEFECT: person id 'mum-yilmaz' (the child's family name) is accepted"; exit 1
fi
exit 0
