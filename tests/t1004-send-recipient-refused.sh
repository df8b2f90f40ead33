#!/bin/sh
# t1004: a relay (aiosmtpd on loopback, tests/data/send/pkreject.py) that refuses recipients:
# one for good (550), one for now (450). Each delivery to them fails with the relay's own words
# ("refused by the relay: 550 5.1.1 no such user"), not only libcurl's "RCPT failed: 550", on
# stderr and in the send log; nothing reaches the Maildir for them; the post delivery is made;
# exit 1; a re-run tries them again (failed is not sent).
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good || notok "make the test CA"
SMTP_HANDLER=pkreject.Maildir server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/reject.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/busy.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' \
    tests/data/redact/canary.xml > "$T/rec.xml"
L="$T/log/send-log.sqlite"
check_exit 1 "recipients refused: exit 1" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "550 named with the relay's words" "pep2 sw1 \(social-worker\): failed: refused by the relay: 550 5.1.1 no such user" "$T/err"
check_grep "450 too" "pep2 dt1 \(designated-teacher\): failed: refused by the relay: 450 4.2.1 mailbox busy" "$T/err"
check_nogrep "... not only libcurl's code" "RCPT failed" "$T/err"
n=$(sqlite3 "$L" "SELECT count(*) FROM delivery WHERE state='failed' AND reason LIKE 'refused by the relay: _50 %'")
[ "$n" = 4 ] && ok "the send log has the four failures with the relay's reply" || notok "$n failures with the reply"
n=$(maildir_count "$T/srv")
[ "$n" -eq 0 ] && ok "nothing delivered to them" || notok "delivered $n"
check_grep "the post delivery is made" "post list +1" "$T/err"
check_exit 1 "a re-run tries them again" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... and says why again" "failed: refused by the relay: 550 5.1.1 no such user" "$T/err"
server_stop
done_testing
