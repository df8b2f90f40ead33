#!/bin/sh
# Attack (cost, and the EDRMS's version history): `archive deposit --to` run again over the same
# cohort, every document already held and already on the WebDAV server with the same bytes.
# Before: every document was PUT again (a new version of each on a versioning EDRMS, the whole
# cohort's bytes uploaded every night). Exits 1 while the second run PUTs a document the server
# already holds unchanged.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/dav/lib-dav.sh
trap 'dav_stop; rm -rf "$T"' EXIT
export PEPKIT_DATADIR="$SRCDIR"
dav_start archivist 'S3cret-pass' "pepkit test" >/dev/null || exit 2
URL="https://127.0.0.1:$DAV_PORT/dav/pep"
curl -s --cacert "$W/ca.pem" -u archivist:S3cret-pass -X MKCOL "$URL/" -o /dev/null
export PEPKIT_DAV_CREDENTIALS=archivist:S3cret-pass
"$PEPKIT" archive deposit -q --store "$T/s" --to "$URL" --cacert "$W/ca.pem" "$SAMPLES/ks2-initial.xml" || exit 2
before=$(grep -c '^PUT ' "$W/access.log")
"$PEPKIT" archive deposit -q --store "$T/s" --to "$URL" --cacert "$W/ca.pem" "$SAMPLES/ks2-initial.xml" || exit 2
again=$(( $(grep -c '^PUT ' "$W/access.log") - before ))
[ "$again" -gt 0 ] && { echo "DEFECT: the second deposit PUT $again documents the server already held"; exit 1; }
exit 0
