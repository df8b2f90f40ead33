#!/bin/sh
# t1006: a send log lost behind pepkit's back (send-log.sqlite truncated to 0 bytes, deleted, or
# replaced by another SQLite file) after deliveries were made is refused (exit 3, saying how to
# restore it) instead of being started again, which would send every delivery a second time;
# nothing is sent and no log is created. Removing the folder's mark (.pepkit-send-log) starts a
# new log on purpose. A new log folder still works, and a dry run leaves no mark.
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"

send_ca "$T" good || notok "make the test CA"
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"

check "dry run" "$PEPKIT" send --dry-run -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
[ ! -e "$T/log/.pepkit-send-log" ] && ok "a dry run leaves no mark" || notok "a dry run left a mark"
check "first send" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
n=$(maildir_count "$T/srv")
[ "$n" -gt 0 ] && ok "first send delivered $n messages" || notok "first send delivered nothing"
[ -f "$T/log/.pepkit-send-log" ] && ok "the log folder is marked" || notok "no mark in the log folder"
mode=$(stat -c %a "$T/log/.pepkit-send-log" 2>/dev/null)
[ "$mode" = 600 ] && ok "the mark is 0600" || notok "the mark's mode is $mode"
check "a re-run sends nothing new" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
cp "$T/log/send-log.sqlite" "$T/backup.sqlite"
python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("create table other (x)")' "$T/foreign.sqlite"
for how in truncated deleted foreign; do
	case $how in
	truncated) : > "$T/log/send-log.sqlite" ;;
	deleted) rm -f "$T/log/send-log.sqlite" ;;
	foreign) cp "$T/foreign.sqlite" "$T/log/send-log.sqlite" ;;
	esac
	rm -f "$T/log/send-log.sqlite-wal" "$T/log/send-log.sqlite-shm"
	check_exit 3 "$how send log: send refuses" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
	check_grep "... saying the log was lost and how to restore it" \
		"send log '.*send-log.sqlite' (is empty or missing|holds no deliveries table) but this folder has recorded deliveries .*restore the send log from a backup, or remove '.*\.pepkit-send-log' to start a new log" "$T/err"
	[ "$(maildir_count "$T/srv")" -eq "$n" ] && ok "$how: nothing sent again" || notok "$how: sent again"
	case $how in
	truncated) [ ! -s "$T/log/send-log.sqlite" ] && ok "truncated: no new log made" || notok "truncated: a new log was made" ;;
	deleted) [ ! -e "$T/log/send-log.sqlite" ] && ok "deleted: no new log made" || notok "deleted: a new log was made" ;;
	foreign) cmp -s "$T/log/send-log.sqlite" "$T/foreign.sqlite" && ok "foreign: the file is unchanged" || notok "foreign: the file was changed" ;;
	esac
done
cp "$T/backup.sqlite" "$T/log/send-log.sqlite"
check "restored: send works" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
[ "$(maildir_count "$T/srv")" -eq "$n" ] && ok "restored: nothing sent again" || notok "restored: sent again"
check "status reads the restored log" "$PEPKIT" send --status -l "$T/log"
check_grep "... with every delivery sent" "^sent +$n$" "$T/out"
rm -f "$T/log/send-log.sqlite" "$T/log/.pepkit-send-log"
check "mark removed: a new log on purpose" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
[ "$(maildir_count "$T/srv")" -eq $((n * 2)) ] && ok "the new log sent them again" || notok "the new log did not send"
done_testing
