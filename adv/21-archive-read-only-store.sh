#!/bin/sh
# Attack: the archive store on a read-only file system (WORM media, a backup mounted ro).
# `archive verify` failed on its lock file and `list` called it "not a pepkit store": the
# fixity check of a read-only copy could not run. Needs root (a read-only bind mount).
# Exits 1 while verify cannot read a read-only store.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 2; }
T=$(mktemp -d); mkdir "$T/c" "$T/ro"
trap 'umount "$T/ro" 2>/dev/null; rm -rf "$T"' EXIT
cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" > /dev/null 2>&1 || exit 2
mount --bind "$T/s" "$T/ro" && mount -o remount,ro,bind "$T/ro" || exit 2
"$PEPKIT" archive verify --store "$T/ro" > /dev/null 2>&1 || { echo "DEFECT: verify cannot read a store on a read-only file system"; exit 1; }
exit 0
