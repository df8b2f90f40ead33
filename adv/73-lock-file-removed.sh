#!/bin/sh
# Attack: while a send holds the log folder (its relay never answers), the folder's .pepkit.lock
# is removed by hand (a tidy-up script, a user who thinks it is stale). Before: the next send made
# a new lock file, locked it and ran beside the first one, marking the first's delivery in
# progress 'unknown' in the shared send log. Exits 1 while the second run is let in.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
SILENT=$(free_port)
$PY "$SRCDIR/tests/data/silent_server.py" "$SILENT" "$T/accepts" &
S=$!
$PY "$SRCDIR/tests/data/wait_port.py" "$SILENT"
council "$T" "$SILENT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1 &
F=$!
trap 'kill $S $F 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ "$(cat "$T/log/.pepkit.lock" 2>/dev/null)" != "$F" ] && [ $i -lt 400 ]; do
	i=$((i + 1)); $PY -c 'import time; time.sleep(0.05)'
done
rm -f "$T/log/.pepkit.lock"
if "$PEPKIT" send --dry-run -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1; then
	echo "DEFECT: a second send ran in a log folder another send holds"; exit 1
fi
exit 0
