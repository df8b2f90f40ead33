#!/bin/sh
# Attack: an object deleted from the store behind pepkit's back, then the same cohort deposited
# again: it said "already held (nothing written)" and the store stayed without the document.
# Exits 1 while the object is not written again.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir "$T/c" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" > /dev/null 2>&1 || exit 2
o=$T/s/$(sqlite3 "$T/s/catalogue.db" "SELECT path FROM documents LIMIT 1")
rm "$o"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" > /dev/null 2>&1
[ -f "$o" ] || { echo "DEFECT: deposit called the lost document held and did not restore it"; exit 1; }
exit 0
