#!/bin/sh
# Attack: a full disk while `pepkit qa` writes dashboard.html (failio's ENOSPC on its temp file).
# Before: qa-report.csv and pp-plus.csv were already replaced by this run's, the dashboard stayed
# the previous run's (one folder, two different accounts), and stderr said only "cannot write":
# which records were not rated was said nowhere. Exits 1 while any output is replaced or the
# broken record is not named on stderr.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" qa --term 2025-autumn --on 2025-12-01 -o "$T/o" "$T/c" 2>/dev/null
before=$(cat "$T/o/qa-report.csv" "$T/o/pp-plus.csv" | sha256sum)
cp samples/post16-college.xml "$T/c/" && echo '<pep-record>' > "$T/c/broken.xml"
LD_PRELOAD=$(pwd)/build/failio.so FAILIO=write FAILIO_PATH="$T/o/.pepkit-tmp.dashboard.html" \
	"$PEPKIT" qa --term 2025-autumn --on 2025-12-01 -o "$T/o" "$T/c" >/dev/null 2>"$T/err"
[ "$(cat "$T/o/qa-report.csv" "$T/o/pp-plus.csv" | sha256sum)" = "$before" ] ||
	{ echo "DEFECT: a new qa-report.csv and pp-plus.csv beside the previous run's dashboard"; exit 1; }
grep -q "broken.xml" "$T/err" || { echo "DEFECT: the record not rated is named nowhere"; exit 1; }
exit 0
