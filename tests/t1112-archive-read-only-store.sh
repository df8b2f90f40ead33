#!/bin/sh
# t1112: a store on a read-only file system (WORM media, a snapshot or a backup mounted ro: a
# read-only bind mount here, so root is needed). Before, verify, export and due failed on the
# lock file and list said "not a pepkit store (unable to open database file)": a nightly fixity
# check of the backup copy could not run. Now they read it (SQLite opened immutable, since no
# WAL journal is left and nothing can change it), warn that their event is not recorded, and
# verify still finds a problem; deposit is refused (it writes).
. tests/lib.sh
if [ "$(id -u)" != 0 ]; then ok "skipped: needs root for a read-only bind mount"; done_testing; fi
mkdir -p "$T/c" "$T/ro"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/eyfs-nursery.xml" "$T/c/"
check "deposit into a store" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
if ! mount --bind "$T/s" "$T/ro" 2>/dev/null; then ok "skipped: mount --bind not allowed here"; done_testing; fi
trap 'umount "$T/ro" 2>/dev/null; rm -rf "$T"' EXIT
mount -o remount,ro,bind "$T/ro" || notok "remount read-only"
if touch "$T/ro/x" 2>/dev/null; then notok "the mount is writable (the test would prove nothing)"; else ok "the store is read-only"; fi
check_exit 0 "verify reads it" "$PEPKIT" archive verify --store "$T/ro"
check_grep "... 4 intact" "4 documents: 4 intact, 0 missing, 0 altered, 0 unexpected files" "$T/out"
check_grep "... and says its event is not recorded" "read-only file system: this verify is not recorded" "$T/err"
check_exit 0 "list reads it" "$PEPKIT" archive list --store "$T/ro"
[ "$(grep -c 'record' "$T/out")" = 4 ] && ok "... four documents listed" || notok "listed: $(cat "$T/out")"
id=$(sqlite3 "$T/s/catalogue.db" "SELECT child FROM documents LIMIT 1")
check_exit 0 "export from it" "$PEPKIT" archive export --store "$T/ro" --child "$id" -o "$T/bag"
(cd "$T/bag" && sha256sum -c --quiet manifest-sha256.txt) && ok "... a bag whose manifest checks" || notok "bag manifest"
check_exit 0 "due reads it" "$PEPKIT" archive due --store "$T/ro" --on 2100-01-01
check_exit 3 "deposit is refused (it writes)" "$PEPKIT" archive deposit -q --store "$T/ro" "$T/c"
check_grep "... saying why" "Read-only file system" "$T/err"
# damage seen through the read-only mount: verify still fails
umount "$T/ro"
rm "$T/s/$(sqlite3 "$T/s/catalogue.db" "SELECT path FROM documents LIMIT 1")"
mount --bind "$T/s" "$T/ro" && mount -o remount,ro,bind "$T/ro" || notok "mount again"
check_exit 1 "verify of a damaged read-only store: exit 1" "$PEPKIT" archive verify --store "$T/ro"
check_grep "... 1 missing" "1 missing" "$T/out"
umount "$T/ro"
done_testing
