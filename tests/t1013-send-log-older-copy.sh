#!/bin/sh
# t1013: a send log replaced by an older copy of itself (send-log.sqlite restored from last
# night's backup after it was lost, as pepkit's message for a lost log advises) is refused
# (exit 3, nothing sent, the log unchanged): the folder's mark (.pepkit-send-log) records, at
# the end of each run, how many deliveries the log has made (sent or on the post list), and a
# log holding fewer is an older copy that would send the rest again. The latest copy is taken;
# a mark written before it kept the count is not checked; removing the mark accepts the older
# log (and sends again what it lacks, as the message says). (adv/o07)
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
mkdir -p "$T/c"
sed -e "s/m\.carvalho@example\.org/m.c@council.secure.example/" \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' tests/data/redact/canary.xml > "$T/c/rec.xml"
S() { "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/c"; }
S >/dev/null 2>&1
grep -q '^made [1-9]' "$T/log/.pepkit-send-log" && ok "the mark records the deliveries made" || notok "no count in the mark"
cp -a "$T/log/send-log.sqlite" "$T/old.sqlite"
sed -e 's/r\.vaughan@example\.org/r.vaughan@council.secure.example/' \
    -e 's/a\.murphy@example\.org/a.murphy@school.secure.example/' "$SAMPLES/ks2-initial.xml" > "$T/c/ks2.xml"
S >/dev/null 2>&1
n=$(maildir_count "$T/srv")
cp -a "$T/log/send-log.sqlite" "$T/new.sqlite"
rm -f "$T/log/send-log.sqlite"*; cp -a "$T/old.sqlite" "$T/log/send-log.sqlite"
sum=$(sha256sum < "$T/log/send-log.sqlite")
check_exit 3 "send with the older copy of the log is refused" S
check_grep "... saying it is an older copy and what would go again" "is an older copy .* would send the [0-9]+ since then again" "$T/err"
[ "$(maildir_count "$T/srv")" -eq "$n" ] && ok "... nothing sent" || notok "... $(( $(maildir_count "$T/srv") - n )) sent again"
[ "$(sha256sum < "$T/log/send-log.sqlite")" = "$sum" ] && ok "... the log unchanged" || notok "... the log changed"
check_exit 3 "send --status refuses it too" "$PEPKIT" send --status -l "$T/log"
rm -f "$T/log/send-log.sqlite"*; cp -a "$T/new.sqlite" "$T/log/send-log.sqlite"
check_exit 1 "the latest copy is taken (exit 1: one role has no reader)" S
[ "$(maildir_count "$T/srv")" -eq "$n" ] && ok "... nothing sent again" || notok "... $(( $(maildir_count "$T/srv") - n )) sent again"
# a mark an earlier pepkit wrote (no count) is not checked
rm -f "$T/log/send-log.sqlite"*; cp -a "$T/old.sqlite" "$T/log/send-log.sqlite"
sed -i '/^made /d' "$T/log/.pepkit-send-log"
check_exit 1 "a mark without a count: the log is taken as before" S
[ "$(maildir_count "$T/srv")" -gt "$n" ] && ok "... (and what it lacked is sent again: the old behaviour)" || notok "nothing sent"
grep -q '^made [1-9]' "$T/log/.pepkit-send-log" && ok "... the run wrote its count" || notok "no count written"
server_stop
done_testing
