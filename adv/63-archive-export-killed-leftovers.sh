#!/bin/sh
# Attack: `pepkit archive export` killed (SIGKILL at its 4th fsync, strace) while it builds the
# bag in its temp folder beside BAGDIR. Before: the temp folder, holding copies of the child's
# archived documents, stays in the transfer folder for ever: no later export removes it. Exits
# 1 while a completed export leaves a killed one's temp folder behind.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" "$T/out" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" 2>/dev/null
strace -f -o /dev/null -e trace=fsync -e inject=fsync:signal=KILL:when=4 \
	"$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/out/bag1" >/dev/null 2>&1
"$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/out/bag2" >/dev/null 2>&1
left=$(find "$T/out" -maxdepth 1 -name '.pepkit-tmp*' | wc -l)
[ "$left" -eq 0 ] || { echo "DEFECT: $left temp folder(s) of a killed export left beside the bag"; exit 1; }
exit 0
