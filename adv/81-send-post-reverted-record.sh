#!/bin/sh
# Attack: a carer on the post list; the record is corrected (a second letter: the first is
# superseded), then the correction is undone (the record is as it was, so the carer's copy is
# the first one again). Before: the first copy's delivery was found "already on the post list"
# and nothing changed, so post-list.csv still listed the corrected (no longer current) letter and
# the current one stayed in superseded/. Exits 1 while the post list does not hold the letter of
# the record as it now is.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
trap 'server_stop; rm -rf "$T"' EXIT
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
cp "$T/rec.xml" "$T/orig.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
first=$(ls "$T/log/post"/*.pdf | head -n 1)
sed -i "s|, room 4<|, room 5<|" "$T/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
cp "$T/orig.xml" "$T/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
grep -q "$(basename "$first")" "$T/log/post/post-list.csv" && [ -f "$first" ] && exit 0
echo "DEFECT: the record is back as it was, but the post list holds the corrected letter:"
cat "$T/log/post/post-list.csv"; ls "$T/log/post" "$T/log/post/superseded"
exit 1
