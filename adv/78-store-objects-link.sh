#!/bin/sh
# Attack: a symbolic link planted at a child's folder in the store (objects/CHILD -> a shared
# folder). Before: archive deposit followed it and wrote the child's PEPs (PDF/A, full record)
# into the folder it points to, exit 0 (verify later said "unexpected file"). Exits 1 while a
# document is written out of the store.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
mkdir -p "$T/c" "$T/elsewhere"
cp samples/eyfs-nursery.xml "$T/c/"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" >/dev/null 2>&1
ln -s "$T/elsewhere" "$T/s/objects/LA-512093"
"$PEPKIT" archive deposit -q --store "$T/s" samples/ks2-initial.xml >/dev/null 2>&1
[ -n "$(find "$T/elsewhere" -name '*.pdf')" ] && { echo "DEFECT: deposit wrote a child's documents through a link out of the store"; exit 1; }
exit 0
