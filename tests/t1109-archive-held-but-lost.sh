#!/bin/sh
# t1109: an object removed, truncated or replaced in the store behind pepkit's back, then the
# same cohort deposited again. Before: "already held (nothing written)", so the store stayed
# without the document while the report said it was held. Now the deposit checks a held
# document's object (SHA-256) and writes it again from the same bytes; an altered file is kept
# beside it (NAME.damaged-TIME, for a person to look at; verify lists it), an event says so,
# and an intact store is left as it is.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/eyfs-nursery.xml" "$T/c/"
check "first deposit" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
set -- $(sqlite3 "$T/s/catalogue.db" "SELECT path FROM documents ORDER BY id")
[ $# -ge 3 ] && ok "$# documents held" || notok "$# documents held"
gone=$T/s/$1; cut=$T/s/$2; swapped=$T/s/$3
want_cut=$(sqlite3 "$T/s/catalogue.db" "SELECT sha256 FROM documents WHERE path='$2'")
rm "$gone"
head -c 100 "$cut" > "$T/part" && cat "$T/part" > "$cut"
ln -sf /etc/hostname "$swapped"
check_exit 1 "verify finds the damage" "$PEPKIT" archive verify --store "$T/s"
check "deposit again" "$PEPKIT" archive deposit --store "$T/s" "$T/c"
check_grep "... says what it restored" "missing or altered: written again" "$T/err"
check "verify: every catalogued document intact" sh -c "'$PEPKIT' archive verify --store '$T/s' 2>&1 | grep -q '[0-9] intact, 0 missing, 0 altered'"
[ -f "$gone" ] && ok "the removed object is back" || notok "the removed object is still missing"
[ "$(sha256sum < "$cut" | cut -d' ' -f1)" = "$want_cut" ] && ok "the truncated object holds its document again" || notok "truncated object not restored"
[ -f "$swapped" ] && [ ! -L "$swapped" ] && ok "the object replaced by a link is a file again" || notok "link left"
n=$(ls "$(dirname "$cut")" | grep -c '\.damaged-')
n2=$(ls "$(dirname "$swapped")" | grep -c '\.damaged-')
[ $((n + n2)) -ge 2 ] && ok "altered files kept aside, not deleted" || notok "$n + $n2 altered files kept"
cmp -s "$T/part" "$(ls "$(dirname "$cut")"/*.damaged-* | head -1)" && ok "... with their bytes" || notok "damaged copy differs"
r=$(ls "$T"/s/reports/deposit-*.csv | tail -1)
n=$(/usr/bin/python3 -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r["detail"].startswith("restored")))' "$r")
[ "$n" = 3 ] && ok "the report says restored for the 3" || notok "$n restored rows"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM events WHERE kind='deposit' AND outcome LIKE 'restored:%'")
[ "$n" = 3 ] && ok "3 events record the repairs" || notok "$n repair events"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM documents")
[ "$n" = $# ] && ok "no new catalogue rows" || notok "$n rows"
check "a third deposit" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
r=$(ls "$T"/s/reports/deposit-*.csv | tail -1)
n=$(/usr/bin/python3 -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r["outcome"]=="already-held"))' "$r")
[ "$n" = $# ] && ok "... finds everything held and intact" || notok "$n held"
# a row whose path was changed to name another place: nothing is written there
p1=$(sqlite3 "$T/s/catalogue.db" "SELECT path FROM documents ORDER BY id LIMIT 1")
sqlite3 "$T/s/catalogue.db" "UPDATE documents SET path='objects/elsewhere/x/pep1-0000.pdf' WHERE path='$p1'"
rm "$T/s/$p1"
check_exit 1 "a row moved to another path: that document fails" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
check_grep "... saying the row holds it under another path" "holds this document under another path" "$T/err"
[ ! -e "$T/s/objects/elsewhere" ] && ok "... and nothing is written where the row points" || notok "written at the changed path"
done_testing
