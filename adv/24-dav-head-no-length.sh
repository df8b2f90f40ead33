#!/bin/sh
# Attack: a WebDAV server that answers 201 to PUT and 200 to HEAD (no Content-Length, no
# checksum) while storing nothing: every document was recorded as "stored" there. Runs t1115
# (a small HTTPS server on loopback); exits 1 while such a transfer passes.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit} sh tests/t1115-archive-dav-no-length.sh > /tmp/adv24.$$ 2>&1
rc=$?
grep "^not ok" /tmp/adv24.$$
rm -f /tmp/adv24.$$
[ $rc = 0 ] || { echo "DEFECT: a server that stores nothing is taken at its word"; exit 1; }
exit 0
