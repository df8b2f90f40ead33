#!/bin/sh
# t1124: a catalogue or a send log another (newer) pepkit wrote is refused, naming its format,
# with nothing changed (exit 3): the archive's meta 'format' must be 'pepkit-archive-1'; the send
# log keeps its format in SQLite's user_version (1; 0, a log made before, is the same format).
# Before, an older pepkit wrote into them without a word. (adv/o05)
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/"
check "deposit" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
sqlite3 "$T/s/catalogue.db" "UPDATE meta SET value='pepkit-archive-2' WHERE key='format'"
cp "$SAMPLES/eyfs-nursery.xml" "$T/c/"
sum=$(sha256sum < "$T/s/catalogue.db")
check_exit 3 "deposit into a newer catalogue is refused" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
check_grep "... naming its format" "catalogue of format 'pepkit-archive-2', not 'pepkit-archive-1'" "$T/err"
[ "$(sha256sum < "$T/s/catalogue.db")" = "$sum" ] && ok "... the catalogue unchanged" || notok "the catalogue changed"
[ -z "$(find "$T/s/objects" -path '*LA-*' -newer "$T/s/catalogue.db" -name '*.pdf')" ] && ok "... no object written" || notok "objects written"
check_exit 3 "verify refuses it too" "$PEPKIT" archive verify --store "$T/s"
check_exit 3 "list refuses it too" "$PEPKIT" archive list --store "$T/s"
sqlite3 "$T/s/catalogue.db" "UPDATE meta SET value='pepkit-archive-1' WHERE key='format'"
check "its own format again: deposit" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
# the send log
send_ca "$T" good
council "$T" "$(free_port)" "$T/good-ca.pem"
sed -e 's/r\.pryce@example\.org/r.pryce@example.org/' tests/data/redact/canary.xml > "$T/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
[ -s "$T/log/send-log.sqlite" ] && ok "a send log made" || notok "no send log"
[ "$(sqlite3 "$T/log/send-log.sqlite" 'PRAGMA user_version')" = 1 ] && ok "... of format 1" || notok "user_version not 1"
sqlite3 "$T/log/send-log.sqlite" 'PRAGMA user_version=0'
"$PEPKIT" send --status -l "$T/log" >/dev/null 2>"$T/err0"
[ $? -ne 3 ] && ok "a log made before the format was kept (0) is read" || { notok "format 0 refused"; cat "$T/err0"; }
sqlite3 "$T/log/send-log.sqlite" 'PRAGMA user_version=2'
sum=$(sqlite3 "$T/log/send-log.sqlite" 'SELECT group_concat(key||state) FROM delivery')
check_exit 3 "send with a newer send log is refused" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... naming its format" "written by a newer pepkit \(log format 2" "$T/err"
[ "$(sqlite3 "$T/log/send-log.sqlite" 'SELECT group_concat(key||state) FROM delivery')" = "$sum" ] && ok "... the log unchanged" || notok "the log changed"
check_exit 3 "send --status refuses it too" "$PEPKIT" send --status -l "$T/log"
done_testing
