#!/bin/sh
# Attack: a record file named after the child ("Liam-Hill.xml") is deposited; the store's
# report (kept 75 years) quoted its path, so the child's name. Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$PEPKIT" sample --children 1 --seed 3 -o "$T/c" > /dev/null 2>&1 || exit 2
g=$(xmllint --xpath 'string(//child/legal-name/given)' "$T/c/child-000001.xml")
mkdir "$T/d" && cp "$T/c/child-000001.xml" "$T/d/$g.xml"
"$PEPKIT" archive deposit -q --store "$T/s" "$T/d" > /dev/null 2>&1
if grep -rq "$g" "$T/s"; then echo "DEFECT: the child's name is in the store's report"; exit 1; fi
exit 0
