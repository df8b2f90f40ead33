#!/bin/sh
# Attack: `pack --qa`, then the cohort changes and the next pack runs without --qa. Before: the
# pack moved its own previous reports aside ("a report in the folder is always this run's") but
# left the earlier run's qa-report.csv, pp-plus.csv and dashboard.html in place beside the new
# pack report, looking current. Exits 1 while dashboard.html of the earlier run stays.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" pack -q --qa --term 2025-autumn -o "$T/p" "$T/c" 2>/dev/null
cp samples/post16-college.xml "$T/c/"
"$PEPKIT" pack -q --term 2025-autumn -o "$T/p" "$T/c" 2>/dev/null
[ -e "$T/p/dashboard.html" ] && { echo "DEFECT: an earlier run's dashboard left beside this run's pack report"; exit 1; }
exit 0
