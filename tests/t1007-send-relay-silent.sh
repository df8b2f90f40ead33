#!/bin/sh
# t1007: a relay that accepts the connection and then says nothing (a stalled or overloaded
# relay, a firewall that swallows the traffic). Before, each of the run's e-mail deliveries
# waited for its own timeout (30 s each: a cohort's run took hours, holding the log folder).
# Now the first delivery fails on the timeout (relay/@timeout sets it, here 2 s), the run's
# other e-mail deliveries are not attempted (failed, "not attempted: the relay did not answer in
# time ...", never `sending`, so never `unknown`), the post list is still made, and the silent
# server saw exactly one connection. A re-run against a relay that answers sends every one of
# them, once.
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"

send_ca "$T" good || notok "make the test CA"
SILENT=$(free_port)
$PY "$SRCDIR/tests/data/silent_server.py" "$SILENT" "$T/accepts" &
SILENT_PID=$!
trap 'kill $SILENT_PID 2>/dev/null; server_stop; rm -rf "$T"' EXIT
# bounded poll until it listens
$PY "$SRCDIR/tests/data/wait_port.py" "$SILENT" || notok "the silent server did not start"
# the probe's connection is counted too: wait (bounded) until it is, then count from there
i=0; while [ ! -s "$T/accepts" ] && [ $i -lt 200 ]; do i=$((i + 1)); $PY -c 'import time; time.sleep(0.05)'; done
n0=$(cat "$T/accepts" 2>/dev/null || echo 0)
council "$T" "$SILENT" "$T/good-ca.pem"
sed -i 's|<relay |<relay timeout="2" |' "$T/council.xml"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
L="$T/log/send-log.sqlite"

check_exit 1 "a silent relay: exit 1" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "the first delivery fails on the timeout" "failed: .*[Tt]imed out" "$T/err"
check_grep "the others are not attempted, saying why" "failed: not attempted: the relay did not answer in time earlier in this run" "$T/err"
check_grep "4 failed" "failed +4" "$T/err"
check_grep "the post list is still made" "post list +1" "$T/err"
n=$(( $(cat "$T/accepts" 2>/dev/null || echo 0) - n0 ))
[ "$n" -eq 1 ] && ok "the silent relay saw one connection, not one per delivery" || notok "the silent relay saw $n connections"
st=$(sqlite3 "$L" "select count(*) from delivery where state='failed'")
[ "$st" -eq 4 ] && ok "4 rows failed in the log" || notok "$st rows failed"
st=$(sqlite3 "$L" "select count(*) from delivery where state in ('sending','unknown')")
[ "$st" -eq 0 ] && ok "none sending or unknown" || notok "$st sending or unknown"
st=$(sqlite3 "$L" "select count(*) from delivery where reason like 'not attempted:%' and attempts = 0")
[ "$st" -eq 3 ] && ok "3 never attempted" || notok "$st never attempted (expected 3)"

server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
check "the relay answers again: the re-run sends them" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... all 4" "sent now +4" "$T/err"
[ "$(maildir_count "$T/srv")" -eq 4 ] && ok "4 messages delivered" || notok "$(maildir_count "$T/srv") delivered"
check "a relay timeout in the configuration is valid" "$PEPKIT" send --dry-run -c "$T/council.xml" -l "$T/log2" "$T/rec.xml"
done_testing
