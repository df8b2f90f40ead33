#!/bin/sh
# Attack: a child's retention date changed in the catalogue behind pepkit's back. `archive due`
# listed the child for deletion review decades early and `verify` said the store was fine.
# Exits 1 while due lists the child.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir "$T/c" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" > /dev/null 2>&1 || exit 2
sqlite3 "$T/s/catalogue.db" "UPDATE children SET retention_date='2020-01-01'"
"$PEPKIT" archive due --store "$T/s" --on 2026-12-31 2>/dev/null | grep -q '^LA-' &&
	{ echo "DEFECT: a child listed for deletion review by a tampered retention date"; exit 1; }
exit 0
