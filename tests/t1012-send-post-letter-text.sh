#!/bin/sh
# t1012: a post letter's freshness depends on everything that shaped it: the copy, and the
# council's letter text, name, sender and marking and the recipient's name and address (the
# post folder's .pepkit-manifest, core/manifest, holds each letter's fingerprint). The council's
# letter changed: every letter still in the post folder is made again with the new text, under
# the same name (the post list is unchanged), with no new send-log row and no message sent
# again. Unchanged: nothing is made again (byte-identical PDFs). A letter the post room took away
# is not made again. (adv/o03)
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
S() { "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$SAMPLES/ks2-initial.xml"; }
letters() { tail -n +2 "$T/log/post/post-list.csv" | cut -d, -f1 | tr -d '"'; }
with_text() {   # how many letters on the post list hold $1
	n=0; for f in $(letters); do
		pdftotext "$T/log/post/$f" - 2>/dev/null | tr '\n' ' ' | grep -q "$1" && n=$((n + 1))
	done; echo $n
}
rows() { sqlite3 "$T/log/send-log.sqlite" 'select count(*) from delivery'; }
check "send" S
total=$(letters | wc -l)
[ "$total" -ge 2 ] && ok "$total letters on the post list" || notok "only $total letters"
mails=$(maildir_count "$T/srv"); nrows=$(rows)
cp "$T/log/post/post-list.csv" "$T/list1"
mkdir "$T/keep" && cp "$T/log/post"/*.pdf "$T/keep/"
check "send again, nothing changed" S
check_nogrep "... no letter made again" "made again" "$T/err"
same=0; for f in "$T/keep"/*.pdf; do cmp -s "$f" "$T/log/post/$(basename "$f")" && same=$((same + 1)); done
[ "$same" -eq "$total" ] && ok "... the letters are byte for byte the same" || notok "... $same of $total the same"
sed -i 's|Please find enclosed|Our new address is Unit 7 Quayside. Please find enclosed|' "$T/council.xml"
check "send after the council's letter changed" S
check_grep "... says the letters are made again" "^pepkit: $total post letters made again" "$T/err"
[ "$(with_text 'Unit 7 Quayside')" -eq "$total" ] && ok "every letter on the post list has the new text" ||
	notok "$(with_text 'Unit 7 Quayside') of $total letters have the new text"
cmp -s "$T/list1" "$T/log/post/post-list.csv" && ok "the post list is the same" || notok "the post list changed"
[ "$(rows)" -eq "$nrows" ] && ok "no new send-log row" || notok "send-log rows $nrows -> $(rows)"
[ "$(maildir_count "$T/srv")" -eq "$mails" ] && ok "no message sent again" || notok "messages $mails -> $(maildir_count "$T/srv")"
check "send again" S
check_nogrep "... nothing made again" "made again" "$T/err"
# the post room takes one letter away; the council changes the letter again
taken=$(letters | head -n 1)
mv "$T/log/post/$taken" "$T/taken.pdf"
sed -i 's|Unit 7 Quayside|Unit 9 Quayside|' "$T/council.xml"
check "send after another change, one letter taken away" S
[ ! -e "$T/log/post/$taken" ] && ok "the letter taken away is not made again" || notok "the letter taken away is back"
[ "$(with_text 'Unit 9 Quayside')" -eq $((total - 1)) ] && ok "the others have the new text" ||
	notok "$(with_text 'Unit 9 Quayside') of $((total - 1)) have the new text"
# the marking changes too
sed -i 's|<marking>OFFICIAL-SENSITIVE</marking>|<marking>OFFICIAL-SENSITIVE PERSONAL</marking>|' "$T/council.xml"
check "send after the marking changed" S
check_grep "... letters made again" "post letters? made again" "$T/err"
ls -l "$T/log/post/.pepkit-manifest" | grep -q '^-rw-------' && ok "the manifest is 0600" || notok "manifest mode"
server_stop
done_testing
