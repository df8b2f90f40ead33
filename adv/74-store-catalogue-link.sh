#!/bin/sh
# Attack: a symbolic link planted at a store's missing catalogue.db (a shared folder, a store
# being set up). Before: archive deposit followed it and created the catalogue (every child's id,
# term and document path) wherever it pointed. Exits 1 while the link is followed.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
mkdir -p "$T/c" "$T/s" "$T/elsewhere"
cp samples/ks2-initial.xml "$T/c/"
ln -s "$T/elsewhere/victim.db" "$T/s/catalogue.db"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" >/dev/null 2>&1
[ -e "$T/elsewhere/victim.db" ] && { echo "DEFECT: deposit followed the link at catalogue.db"; exit 1; }
exit 0
