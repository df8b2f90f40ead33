#!/bin/sh
# Attack (staleness): the council changes its covering letter (the <letter> text of council.xml:
# a new return address, a corrected phone number, a complaint route) and runs `send` again.
# Before: the post letters already made were kept as they were: the post list still named PDFs
# whose letter has the old text, although nothing else in the run is stale. Exits 1 while the
# post list names a letter without the council's current text.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$SAMPLES/ks2-initial.xml" >/dev/null 2>&1
[ -s "$T/log/post/post-list.csv" ] || { echo "no post list"; exit 2; }
sed -i 's|Please find enclosed|Our new address is Unit 7 Quayside. Please find enclosed|' "$T/council.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$SAMPLES/ks2-initial.xml" >/dev/null 2>&1
bad=0
for f in $(tail -n +2 "$T/log/post/post-list.csv" | cut -d, -f1 | tr -d '"'); do
	pdftotext "$T/log/post/$f" - 2>/dev/null | tr '\n' ' ' | grep -q 'Unit 7 Quayside' || bad=$((bad + 1))
done
[ "$bad" -gt 0 ] && { echo "DEFECT: $bad letter(s) on the post list keep the council's old letter text"; exit 1; }
exit 0
