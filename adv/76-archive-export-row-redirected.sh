#!/bin/sh
# Attack: the catalogue is changed behind pepkit's back: child A's pep1 row is pointed at child
# B's stored document (path, hash, size; B's row removed since paths are unique). Before:
# `archive export --child A` copied B's PEP into A's bag (exit 0): another child's document in
# the bag given to A's family. Exits 1 while export follows the row.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
mkdir -p "$T/c"
cp samples/ks2-initial.xml samples/eyfs-nursery.xml "$T/c/"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" >/dev/null 2>&1
A=$(sqlite3 "$T/s/catalogue.db" "SELECT child FROM documents ORDER BY id LIMIT 1")
B=$(sqlite3 "$T/s/catalogue.db" "SELECT child FROM documents WHERE child<>'$A' LIMIT 1")
sqlite3 "$T/s/catalogue.db" "PRAGMA foreign_keys=OFF;
 CREATE TEMP TABLE b AS SELECT * FROM documents WHERE child='$B' AND type='pep1';
 DELETE FROM documents WHERE id=(SELECT id FROM b);
 UPDATE documents SET path=(SELECT path FROM b), sha256=(SELECT sha256 FROM b), size=(SELECT size FROM b)
  WHERE child='$A' AND type='pep1';"
"$PEPKIT" archive export --store "$T/s" --child "$A" -o "$T/bag" >/dev/null 2>&1
for f in "$T"/bag/data/*/*.pdf; do
	[ -f "$f" ] && pdftotext "$f" - 2>/dev/null | grep -q "$B" &&
		{ echo "DEFECT: child $B's document exported in child $A's bag"; exit 1; }
done
exit 0
