#!/bin/sh
# t1120: a symbolic link planted where pepkit creates the files it keeps in place: the archive's
# catalogue.db (and its -wal/-journal), the send log send-log.sqlite. Before, a link at a missing
# catalogue.db was followed: deposit created (and wrote the whole catalogue into) the file it
# pointed to, anywhere the user could write; a link planted at objects/CHILD sent the child's
# documents out of the store (exit 0), and one at LOGDIR/post the post letters. Now each is
# refused with a clear error naming the link, and nothing is created at its target.
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" "$T/s" "$T/elsewhere"
cp "$SAMPLES/ks2-initial.xml" "$T/c/"

ln -s "$T/elsewhere/victim.db" "$T/s/catalogue.db"
check_exit 3 "a link at a missing catalogue.db: deposit refused" \
	"$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
check_grep "... naming the link" "catalogue.db' is a symbolic link" "$T/err"
[ ! -e "$T/elsewhere/victim.db" ] && ok "... nothing created where it points" || notok "the link was followed: victim.db made"
[ ! -e "$T/s/objects" ] && ok "... no objects stored" || notok "objects stored beside a refused catalogue"

rm "$T/s/catalogue.db"
check "without the link: deposit" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
rm -f "$T/s/catalogue.db-wal"
ln -s "$T/elsewhere/victim.db-wal" "$T/s/catalogue.db-wal"
check_exit 3 "a link at catalogue.db-wal: verify refused" "$PEPKIT" archive verify --store "$T/s"
check_grep "... naming the link" "catalogue.db-wal' is a symbolic link" "$T/err"
[ ! -e "$T/elsewhere/victim.db-wal" ] && ok "... nothing created where it points" || notok "victim.db-wal made"
rm "$T/s/catalogue.db-wal"
check "without it: verify" "$PEPKIT" archive verify --store "$T/s"

C=$(sqlite3 "$T/s/catalogue.db" "SELECT child FROM documents LIMIT 1")
cp "$SAMPLES/eyfs-nursery.xml" "$T/c/"
mkdir -p "$T/elsewhere/objects"
mv "$T/s/objects/$C" "$T/elsewhere/objects/$C"
ln -s "$T/elsewhere/objects/$C" "$T/s/objects/$C"
rm -f "$T/elsewhere/objects/$C"/*/*.pdf
check_fail "a link at objects/CHILD: deposit refused" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c/ks2-initial.xml"
check_grep "... naming the link" "objects/$C' is a symbolic link, not a folder" "$T/err"
[ -z "$(find "$T/elsewhere/objects" -name '*.pdf')" ] && ok "... no document written where it points" ||
	notok "documents written out of the store: $(find "$T/elsewhere/objects" -name '*.pdf')"
check "another child is still deposited" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c/eyfs-nursery.xml"

send_ca "$T" good || notok "make the test CA"
council "$T" 9 "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
mkdir -p "$T/log"
ln -s "$T/elsewhere/log.sqlite" "$T/log/send-log.sqlite"
check_exit 3 "a link at send-log.sqlite: send refused" \
	"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... naming the link" "send-log.sqlite' is a symbolic link" "$T/err"
[ ! -e "$T/elsewhere/log.sqlite" ] && ok "... nothing created where it points" || notok "log.sqlite made"
rm "$T/log/send-log.sqlite"
ln -s "$T/elsewhere/log.sqlite-journal" "$T/log/send-log.sqlite-journal"
check_exit 3 "a link at send-log.sqlite-journal: send refused" \
	"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... naming the link" "send-log.sqlite-journal' is a symbolic link" "$T/err"
rm "$T/log/send-log.sqlite-journal"
rm -rf "$T/log/post"; ln -s "$T/elsewhere/post" "$T/log/post"
check_exit 3 "a link at LOGDIR/post: send refused" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... naming the link" "log/post' is a symbolic link, not a folder" "$T/err"
[ ! -e "$T/elsewhere/post" ] && ok "... no letter written where it points" || notok "$(ls -R "$T/elsewhere/post")"
done_testing
