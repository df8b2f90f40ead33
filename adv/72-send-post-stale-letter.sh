#!/bin/sh
# Attack: a carer on the post list gets a letter; the record is then corrected and sent again.
# Before: post-list.csv listed the old letter and the new one, both PDFs in the post folder: the
# post room prints and posts the stale copy too (perhaps holding what the correction withheld).
# Exits 1 while the superseded letter is still on the post list.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
old=$(ls "$T/log/post"/*.pdf | head -n 1)
sed -i "s|, room 4<|, room 5<|" "$T/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
grep -q "$(basename "$old")" "$T/log/post/post-list.csv" && { echo "DEFECT: the superseded letter is still on the post list"; exit 1; }
exit 0
