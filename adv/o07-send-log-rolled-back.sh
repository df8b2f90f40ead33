#!/bin/sh
# Attack (duplicated deliveries): after a day's `send`, the send log (send-log.sqlite) is lost
# or damaged and restored from last night's backup, as pepkit's own message for a lost log
# advises. Before: the older log was taken as it was: every delivery made after the backup was
# e-mailed again (and its letters put on the post list again). Exits 1 while a log older than
# the last run's end sends again.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
mkdir -p "$T/c"
sed -e "s/m\.carvalho@example\.org/m.c@council.secure.example/" \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' tests/data/redact/canary.xml > "$T/c/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/c" >/dev/null 2>&1
cp -a "$T/log/send-log.sqlite" "$T/backup.sqlite"   # last night's backup of the log
sed -e 's/r\.vaughan@example\.org/r.vaughan@council.secure.example/' -e 's/a\.murphy@example\.org/a.murphy@school.secure.example/' samples/ks2-initial.xml > "$T/c/ks2.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/c" >/dev/null 2>&1   # today's send
n=$(maildir_count "$T/srv")
rm -f "$T/log/send-log.sqlite"*; cp -a "$T/backup.sqlite" "$T/log/send-log.sqlite"   # restored
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/c" >/dev/null 2>&1
again=$(( $(maildir_count "$T/srv") - n ))
server_stop
[ "$again" -gt 0 ] && { echo "DEFECT: a send log restored from an older copy sent $again messages again"; exit 1; }
exit 0
