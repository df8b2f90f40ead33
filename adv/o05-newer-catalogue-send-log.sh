#!/bin/sh
# Attack: a store whose catalogue a newer pepkit wrote (meta format 'pepkit-archive-2'), after
# the council upgraded one machine and not another, or restored the older pepkit. Before: the
# older pepkit deposited into it and verified it without a word, writing rows in a shape the
# newer one may read otherwise. Exits 1 while a catalogue of another format is written.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" 2>/dev/null || exit 2
sqlite3 "$T/s/catalogue.db" "UPDATE meta SET value='pepkit-archive-2' WHERE key='format'"
cp samples/eyfs-nursery.xml "$T/c/"
before=$(sqlite3 "$T/s/catalogue.db" 'SELECT count(*) FROM documents')
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" >/dev/null 2>&1
after=$(sqlite3 "$T/s/catalogue.db" 'SELECT count(*) FROM documents')
[ "$after" != "$before" ] && { echo "DEFECT: deposited into a newer pepkit's catalogue ($before -> $after documents)"; exit 1; }
exit 0
