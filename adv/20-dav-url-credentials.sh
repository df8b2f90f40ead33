#!/bin/sh
# Attack: `archive deposit --to https://user:password@host/dav/`: the password on the command
# line was taken, echoed on stderr and written into the store's report. Exits 1 while the URL
# with credentials is used.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir "$T/c" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" archive deposit --store "$T/s" --to "https://vs:Sekr1tPw@127.0.0.1:9/dav/" "$T/c" > /dev/null 2> "$T/err"
if grep -q Sekr1tPw "$T/err" || grep -rqs Sekr1tPw "$T/s"; then echo "DEFECT: a password in the --to URL is used and logged"; exit 1; fi
exit 0
