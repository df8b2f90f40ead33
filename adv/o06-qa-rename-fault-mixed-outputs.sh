#!/bin/sh
# Fault: `qa` over a changed cohort, the second of its three renames fails (strace injects EXDEV;
# EIO or a full directory do the same). Before: the new qa-report.csv stayed beside the previous
# run's pp-plus.csv and dashboard.html (two accounts that disagree), while qa said "no report
# written". Exits 1 while a failed rename leaves one output of the run beside older ones.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/*.xml "$T/c/"
"$PEPKIT" qa --term 2025-autumn -o "$T/o" "$T/c" >/dev/null 2>&1
(cd "$T/o" && sha256sum qa-report.csv pp-plus.csv dashboard.html) > "$T/before"
rm "$T/c/uasc-pashto.xml"
strace -f -o /dev/null -e trace=rename,renameat,renameat2 -e inject=rename,renameat,renameat2:error=EXDEV:when=2 \
	"$PEPKIT" qa --term 2025-autumn -o "$T/o" "$T/c" >/dev/null 2>&1
(cd "$T/o" && sha256sum -c --quiet "$T/before") >/dev/null 2>&1 ||
	{ echo "DEFECT: a failed rename left this run's report beside the previous run's other outputs"; exit 1; }
exit 0
