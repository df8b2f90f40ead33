#!/bin/sh
# t1008: the post list holds the current copy only. A recipient on the post list (the carer:
# no secure route) gets a letter; the record then changes (a corrected PEP), so the next run
# makes a new copy and a new letter. Before, post-list.csv listed both letters and both PDFs
# stayed in the post folder: the post room would print the stale copy beside the new one (a
# copy that may hold what the correction withheld). Now post-list.csv lists one letter per
# recipient and document, the newest; the older PDF is moved to post/superseded/; the send log
# keeps both rows (the audit).
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"

send_ca "$T" good || notok "make the test CA"
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
P="$T/log/post"
rows() { python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline="")))))' "$1"; }

check "send" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
n1=$(rows "$P/post-list.csv")
[ "$n1" -ge 1 ] && ok "$n1 letter(s) on the post list" || notok "no letter on the post list"
first=$(ls "$P"/*.pdf | sort)
sed -i "s|, room 4<|, room 5<|" "$T/rec.xml"
check "send the corrected record" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
n2=$(rows "$P/post-list.csv")
[ "$n2" -eq "$n1" ] && ok "the post list still has $n1 letter(s), one per recipient and document" || notok "post list: $n2 rows (was $n1)"
for f in $first; do
	b=$(basename "$f")
	[ ! -e "$f" ] && [ -f "$P/superseded/$b" ] && ok "the old letter $b moved to superseded/" || notok "old letter $b not moved"
	check_nogrep "... and not on the post list" "$b" "$P/post-list.csv"
done
python3 - "$P/post-list.csv" "$P" <<'PY' && ok "every letter on the list is in the post folder" || notok "a listed letter is missing"
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
sys.exit(0 if rows and all(os.path.isfile(os.path.join(sys.argv[2], r["file"])) for r in rows) else 1)
PY
st=$(sqlite3 "$T/log/send-log.sqlite" "select count(*) from delivery where state='refused'")
[ "$st" -eq $((n1 * 2)) ] && ok "the send log keeps both rows" || notok "the send log has $st refused rows"
check "a re-run changes nothing" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
[ "$(rows "$P/post-list.csv")" -eq "$n1" ] && ok "... the post list is the same" || notok "... the post list changed"
done_testing
