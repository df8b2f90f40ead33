#!/bin/sh
# Attack: a pack short of memory (ulimit -v 150000: a container's limit, a busy server). Before:
# the records it could not make were reported failed with the reason "unknown error" (on stderr,
# in pack-report.csv and pack-summary.txt): the reason could not be copied, and nobody could
# tell a bad record from a full machine. Exits 1 while "unknown error" appears.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/ks2-initial.xml samples/post16-college.xml samples/eyfs-nursery.xml "$T/c/"
for v in 120000 150000 200000; do
	(ulimit -v $v; exec "$PEPKIT" pack --term 2025-autumn -o "$T/p$v" "$T/c") > /dev/null 2> "$T/e$v"
	if grep -q -i 'unknown error' "$T/e$v" "$T/p$v/pack-report.csv" 2>/dev/null; then
		echo "DEFECT: ulimit -v $v: records failed with 'unknown error'"; exit 1
	fi
done
exit 0
