#!/bin/sh
# Attack: one child's record deposited with its id in small letters ("la-512093", as an older
# export wrote it), then next time as "LA-512093". The store took them as two children: two
# catalogue rows, objects/la-512093 and objects/LA-512093 (one folder on a case-insensitive
# copy of the store), the newer documents superseding nothing, `archive list --child` and
# `export` of either id showing half the child's file. The pack calls ids that differ only in
# case one child. Exits 1 while the catalogue holds two children.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/a" "$t/b"
sed 's|<la-child-id>LA-512093</la-child-id>|<la-child-id>la-512093</la-child-id>|' samples/ks2-initial.xml > "$t/a/r.xml"
sed 's|Ayşe has coped remarkably well|Ayşe has coped well|' samples/ks2-initial.xml > "$t/b/r.xml"
"$P" archive deposit --store "$t/s" "$t/a" >/dev/null 2>&1 || { echo "first deposit failed"; exit 2; }
"$P" archive deposit --store "$t/s" "$t/b" >/dev/null 2>&1
n=$(sqlite3 "$t/s/catalogue.db" 'select count(*) from children')
if [ "$n" != 1 ]; then
	echo "DEFECT: one child is $n children in the catalogue: $(sqlite3 "$t/s/catalogue.db" 'select id from children' | paste -sd' ')"
	exit 1
fi
exit 0
