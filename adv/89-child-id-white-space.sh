#!/bin/sh
# Attack: a child id written with white space around it ("<la-child-id>\n LA-512093\t
# </la-child-id>", valid: the schema's id is an xs:token, which collapses it). pack read it as
# it stands: the documents were named "__LA-512093_-2025-autumn-pep1.pdf", and a second record
# of the same child (LA-512093) was not seen as one: both were rendered, as two children.
# archive deposit refused the valid record ("child id ... unusable"), send planned deliveries
# for a child id holding a newline and a tab. Exits 1 while pack renders both records.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c"
cp samples/ks2-initial.xml "$t/c/a.xml"
sed 's|<la-child-id>LA-512093</la-child-id>|<la-child-id>\n LA-512093\t</la-child-id>|' samples/ks2-initial.xml > "$t/c/b.xml"
"$P" validate "$t/c/b.xml" >/dev/null 2>&1 || { echo "the record is not valid"; exit 2; }
"$P" pack --term 2025-autumn -o "$t/pack" "$t/c" >/dev/null 2>&1
if [ "$(find "$t/pack/record" -name '*.pdf' 2>/dev/null | wc -l)" -gt 0 ]; then
	echo "DEFECT: two records of LA-512093 were both rendered:"; find "$t/pack/record" -name '*.pdf' | sed 's|.*/||'
	exit 1
fi
exit 0
