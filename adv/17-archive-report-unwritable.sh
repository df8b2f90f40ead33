#!/bin/sh
# Attack: the archive's run report cannot be written (EIO on STORE/reports/) after the documents
# were deposited. Before: one line "cannot write ...": which documents were deposited, held or
# failed was said nowhere. Exits 1 while the rows are not on stderr.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" "$T/s/reports" && cp samples/ks2-initial.xml "$T/c/"
LD_PRELOAD=$(pwd)/build/failio.so FAILIO=open FAILIO_PATH="$T/s/reports" \
	"$PEPKIT" archive deposit --store "$T/s" "$T/c" > /dev/null 2> "$T/err"
grep -q '"deposited"' "$T/err" || { echo "DEFECT: deposited documents unaccounted for when the report cannot be written"; exit 1; }
exit 0
