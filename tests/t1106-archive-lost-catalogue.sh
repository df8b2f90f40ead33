#!/bin/sh
# t1106: a store whose catalogue is lost while its documents stay (catalogue.db truncated to 0
# bytes, or deleted): deposit, verify and export refuse (exit 3) saying the catalogue must be
# restored, and change nothing (no new catalogue, documents untouched); list refuses too. A
# catalogue damaged inside (a page overwritten) is refused by every command with SQLite's
# reason, exit 3. Restoring the catalogue makes the store verify again. A new store still works.
. tests/lib.sh
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/"
check "deposit into a new store" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
check "verify" "$PEPKIT" archive verify --store "$T/s"
cp "$T/s/catalogue.db" "$T/backup.db"
sums() { find "$T/s/objects" -type f | sort | xargs sha256sum; }
before=$(sums)
rm -f "$T/s/catalogue.db-wal" "$T/s/catalogue.db-shm"
for how in truncated deleted; do
	if [ $how = truncated ]; then : > "$T/s/catalogue.db"; else rm -f "$T/s/catalogue.db"; fi
	check_exit 3 "$how catalogue: deposit refuses" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
	check_grep "... saying the catalogue is lost and the store holds documents" \
		"catalogue.db': the catalogue is empty or missing but the store holds documents \(objects/\): restore the catalogue from a backup" "$T/err"
	if [ $how = truncated ]; then
		[ ! -s "$T/s/catalogue.db" ] && ok "... the catalogue is still empty" || notok "a new catalogue was made"
	else
		[ ! -e "$T/s/catalogue.db" ] && ok "... no catalogue was made" || notok "a new catalogue was made"
	fi
	check_exit 3 "$how catalogue: verify refuses" "$PEPKIT" archive verify --store "$T/s"
	check_exit 3 "$how catalogue: export refuses" "$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/bag"
	[ ! -e "$T/bag" ] && ok "... and writes no bag" || notok "a bag was written"
	check_exit 3 "$how catalogue: list refuses" "$PEPKIT" archive list --store "$T/s"
	[ "$(sums)" = "$before" ] && ok "... the documents are untouched" || notok "documents changed"
done
cp "$T/backup.db" "$T/s/catalogue.db"
check "the catalogue restored, the store verifies" "$PEPKIT" archive verify --store "$T/s"
check "... and takes the same deposit as already held" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM documents")
[ "$n" = 2 ] && ok "... each document held once" || notok "$n documents in the catalogue"
cp "$T/s/catalogue.db" "$T/backup.db"
/usr/bin/python3 -c "
import sys
f = open(sys.argv[1], 'r+b'); f.seek(4096); f.write(b'\xff' * 4096)" "$T/s/catalogue.db"
for cmd in verify list; do
	check_exit 3 "a catalogue damaged inside: $cmd refuses" "$PEPKIT" archive $cmd --store "$T/s"
	check_grep "... with SQLite's reason" "malformed" "$T/err"
done
check_exit 3 "... deposit refuses" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
done_testing
