#!/bin/sh
# Attack: a store whose catalogue was lost (truncated to 0 bytes by a fault or a sync client, or
# deleted) while its documents stayed. The next deposit (or verify, export) silently made a new,
# empty catalogue: the event log, deposit times and supersede chain were gone, and 'list' then
# said nothing was held. Exits 1 while a write to such a store succeeds.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/"
./pepkit archive deposit --store "$t/s" "$t/c" >/dev/null 2>&1 || exit 2
rm -f "$t/s/catalogue.db-wal" "$t/s/catalogue.db-shm"
: > "$t/s/catalogue.db"
bad=0
if ./pepkit archive deposit --store "$t/s" "$t/c" >/dev/null 2>&1; then
	echo "DEFECT: deposit into a store with an emptied catalogue succeeded (history lost)"; bad=1
fi
if ./pepkit archive list --store "$t/s" >/dev/null 2>&1; then
	echo "DEFECT: list of a store with a lost catalogue says all is well"; bad=1
fi
exit $bad
