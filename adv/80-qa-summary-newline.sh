#!/bin/sh
# Attack: qa -o into a folder whose name holds a newline and a fake message. Before: qa's summary
# printed the three output paths raw, forging a "pepkit: ..." line in a scheduled run's log.
# Exits 1 while the forged line appears.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
mkdir -p "$T/c"
cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" qa -o "$T/q
pepkit: all records green" "$T/c" 2>"$T/e" >/dev/null
grep -q "^pepkit: all records green" "$T/e" && { echo "DEFECT: qa's summary printed a path raw (a forged line)"; exit 1; }
exit 0
