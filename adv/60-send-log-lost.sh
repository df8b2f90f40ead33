#!/bin/sh
# Attack: the send log is lost behind pepkit's back (send-log.sqlite truncated to 0 bytes by a
# fault or a sync, or deleted) after deliveries were made. Before: the next `pepkit send` starts
# a new log and sends every delivery again (4 more messages to the same people). Exits 1 while
# a re-run after the loss delivers anything.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
n1=$(maildir_count "$T/srv")
: > "$T/log/send-log.sqlite"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
n2=$(maildir_count "$T/srv")
[ "$n1" -gt 0 ] && [ "$n2" -eq "$n1" ] || { echo "DEFECT: $n1 delivered, then $((n2 - n1)) sent again after the send log was lost"; exit 1; }
exit 0
