#!/bin/sh
# Attack: `archive export -o DIR/bag` while another pepkit run holds DIR (its .pepkit.lock and
# the folder itself flocked, as `pack -o DIR` holds it). Before: the export waits, silently, as
# long as that run lasts (hours for a big pack), where every other writer refuses at once with
# "in use" (exit 3). Exits 1 while the export waits.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" "$T/out" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/c" 2>/dev/null || exit 2
: > "$T/out/.pepkit.lock"
flock -x "$T/out/.pepkit.lock" flock -x "$T/out" timeout 20 \
	"$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/out/bag" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 124 ] && { echo "DEFECT: export waited for the run holding its folder (killed by timeout)"; exit 1; }
[ $rc -eq 3 ] && grep -q 'in use' "$T/err" || { echo "DEFECT: exit $rc, not refused as in use"; cat "$T/err"; exit 1; }
exit 0
