#!/bin/sh
# t1009: the lock file of a folder a run holds is removed (or replaced) by hand. Before, the next
# run made a new .pepkit.lock, flocked it and went ahead beside the first: two sends writing one
# send log. Now core/lock also flocks the folder itself (where the file system can) and checks
# after flock() that the path still names the file it locked: the second run is refused, as if
# the lock file were there. The first run is a send held by a relay that never answers.
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"

send_ca "$T" good || notok "make the test CA"
SILENT=$(free_port)
$PY "$SRCDIR/tests/data/silent_server.py" "$SILENT" "$T/accepts" &
SILENT_PID=$!
FIRST=
trap 'kill $SILENT_PID 2>/dev/null; [ -n "$FIRST" ] && kill $FIRST 2>/dev/null; rm -rf "$T"' EXIT
$PY "$SRCDIR/tests/data/wait_port.py" "$SILENT" || notok "the silent server did not start"
council "$T" "$SILENT" "$T/good-ca.pem"
sed -i 's|<relay |<relay timeout="60" |' "$T/council.xml"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"

"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >"$T/first.out" 2>"$T/first.err" &
FIRST=$!
# bounded poll: the first run holds the lock once its pid is in the lock file
i=0
while [ "$(cat "$T/log/.pepkit.lock" 2>/dev/null)" != "$FIRST" ] && [ $i -lt 400 ]; do
	i=$((i + 1)); $PY -c 'import time; time.sleep(0.05)'
done
[ "$(cat "$T/log/.pepkit.lock" 2>/dev/null)" = "$FIRST" ] && ok "the first run holds the log folder" ||
	notok "the first run never took the lock"

rm -f "$T/log/.pepkit.lock"
check_fail "lock file removed: a second send is refused" \
	"$PEPKIT" send --dry-run -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... saying the folder is in use" "is in use by another pepkit run" "$T/err"
check_fail "... and a second real send too" \
	"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... saying the folder is in use" "is in use by another pepkit run" "$T/err"

echo "$$" > "$T/other"; mv "$T/other" "$T/log/.pepkit.lock"
check_fail "lock file replaced by another file: a second send is refused" \
	"$PEPKIT" send --dry-run -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... saying the folder is in use" "is in use by another pepkit run" "$T/err"

kill $FIRST 2>/dev/null; wait $FIRST 2>/dev/null; FIRST=
check "the first run gone: the folder is free again" \
	"$PEPKIT" send --dry-run -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check "... and once more (the lock file it made is reused)" \
	"$PEPKIT" send --dry-run -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
done_testing
