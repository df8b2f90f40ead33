#!/bin/sh
# Attack: EIO on the fsync of STORE/reports after the deposit report was renamed into place.
# Before: stderr said "no report written (its rows are above)" and, next line, that the report
# was written: an operator cannot tell whether the report exists. Exits 1 while the run says
# "no report written" about a report that is there.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" "$T/s/reports" && cp samples/ks2-initial.xml "$T/c/"
LD_PRELOAD=$(pwd)/build/failio.so FAILIO=fsync FAILIO_NTH=2 FAILIO_PATH="$T/s/reports" \
	"$PEPKIT" archive deposit --store "$T/s" "$T/c" >/dev/null 2>"$T/err"
if ls "$T/s/reports"/deposit-*.csv >/dev/null 2>&1 && grep -q 'no report written' "$T/err"; then
	echo "DEFECT: 'no report written' while the report is in place"; exit 1
fi
exit 0
