#!/bin/sh
# t1011: a carer on the post list; the record is corrected (a second letter; the first is moved
# to post/superseded/, t1008), then the correction is undone: the carer's copy is the first one
# again. Before, that copy's delivery was found "already on the post list" and nothing changed:
# post-list.csv went on listing the corrected letter, for a record that no longer says so, and
# the current letter stayed in superseded/. Now the current copy's row is made the newest again
# and its letter made again in post/; the corrected one is moved aside; one row on the list. A
# further run changes nothing (the same letter, byte for byte).
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good || notok "make the test CA"
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
trap 'server_stop; rm -rf "$T"' EXIT
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
cp "$T/rec.xml" "$T/orig.xml"
P="$T/log/post"
# the copy_sha256 column of post-list.csv's rows, one a line
listed() { python3 -c 'import csv,sys; [print(r["copy_sha256"]) for r in csv.DictReader(open(sys.argv[1], newline=""))]' "$P/post-list.csv"; }

check "send the record" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
first=$(basename "$(ls "$P"/*.pdf)")
h1=$(listed)
sed -i "s|, room 4<|, room 5<|" "$T/rec.xml"
check "send the corrected record" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
second=$(basename "$(ls "$P"/*.pdf)")
[ "$first" != "$second" ] && [ -f "$P/superseded/$first" ] && ok "the first letter superseded" || notok "first $first second $second"
cp "$T/orig.xml" "$T/rec.xml"
check "send the record as it was" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... the post delivery counted once" "post list +1" "$T/err"
[ "$(listed)" = "$h1" ] && ok "... post-list.csv lists the current copy, once" || notok "listed: $(listed | tr '\n' ' ') (want $h1)"
[ -f "$P/$first" ] && ok "... its letter is in post/" || notok "no $first in post/"
[ -f "$P/superseded/$second" ] && [ ! -f "$P/$second" ] && ok "... the corrected letter moved aside" || notok "$second not aside"
pdftotext "$P/$first" - | grep -q "LA-CANARY-7" && ok "... the letter is a PDF for the child" || notok "letter unreadable"
sum=$(sha256sum < "$P/$first")
check "a further run" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
[ "$(sha256sum < "$P/$first")" = "$sum" ] && [ "$(listed)" = "$h1" ] && ok "... changes nothing" || notok "the letter or list changed"
st=$(sqlite3 "$T/log/send-log.sqlite" "SELECT count(*) FROM delivery WHERE state='refused'")
[ "$st" = 2 ] && ok "the log keeps both copies' rows" || notok "$st refused rows"
done_testing
