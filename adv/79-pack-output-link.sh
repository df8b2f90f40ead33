#!/bin/sh
# Attack: a symbolic link planted at a folder the pack makes below OUTDIR
# (pack/record/thornley-primary -> a shared folder). Before: pack wrote the child's full-record
# PEPs into the shared folder, exit 0. Exits 1 while a document is written through the link.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
mkdir -p "$T/c" "$T/p/record" "$T/elsewhere"
cp samples/ks2-initial.xml "$T/c/"
ln -s "$T/elsewhere" "$T/p/record/thornley-primary"
"$PEPKIT" pack -q --term 2025-autumn -o "$T/p" "$T/c" >/dev/null 2>&1
[ -n "$(ls -A "$T/elsewhere")" ] && { echo "DEFECT: pack wrote a child's documents through a planted link"; exit 1; }
exit 0
