#!/bin/sh
# Attack: `archive deposit cohort cohort/x.xml` (one record given twice): refused as "two
# records for one child", naming itself, and nothing deposited for the child. Exits 1 while so.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir "$T/c" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" archive deposit --store "$T/s" "$T/c" "$T/c/ks2-initial.xml" > /dev/null 2>&1 ||
	{ echo "DEFECT: one record given twice is refused as two records for one child"; exit 1; }
exit 0
