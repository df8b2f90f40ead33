#!/bin/sh
# t0858: a person's id holding the child's family name ("mum-yilmaz", valid: redacted copies
# make ids neutral) does not reach send's post list file names, post-list.csv, the send log or
# stderr: that person is named by their number among the record's people (p3, as redacted
# copies number them). An id holding no name of the child ("c1") is kept as it is. The carer
# is the only recipient with an address (a non-secure domain): a post-only run, so no SMTP
# connection is made.
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
council "$T" 1 /dev/null
strip='s|<email>r.vaughan@example.org</email>||; s|<email>a.murphy@example.org</email>||'
sed -e 's|id="c1"|id="mum-yilmaz"|; s|person="c1"|person="mum-yilmaz"|g; s|owner="c1"|owner="mum-yilmaz"|g' \
    -e "$strip" "$SAMPLES/ks2-initial.xml" > "$T/r.xml"
check "the record is valid" "$PEPKIT" validate "$T/r.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/r.xml" > "$T/out" 2> "$T/err"
n=$(ls "$T/log/post"/*.pdf 2>/dev/null | wc -l)
[ "$n" -ge 1 ] && ok "post list PDFs made ($n)" || notok "no post PDF"
ls "$T/log/post" > "$T/names"
check_grep "... named by the person's number" "^LA-512093-pep[12]-2025-autumn-p3-[0-9a-f]+\.pdf$" "$T/names"
ls "$T/log/post" | grep -qi yilmaz && notok "a file name holds yilmaz" || ok "no file name holds the name"
check_nogrep "post-list.csv does not" "[Yy]ilmaz" "$T/log/post/post-list.csv"
sqlite3 "$T/log/send-log.sqlite" "SELECT group_concat(person) FROM delivery" > "$T/people"
check_nogrep "the send log does not" "[Yy]ilmaz" "$T/people"
check_grep "... it has p3" "p3" "$T/people"
check_nogrep "stderr does not" "[Yy]ilmaz" "$T/err"
sed -e "$strip" "$SAMPLES/ks2-initial.xml" > "$T/c1.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log2" "$T/c1.xml" > "$T/out" 2> "$T/err"
ls "$T/log2/post" > "$T/names2"
check_grep "an id with no name of the child is kept" "^LA-512093-pep[12]-2025-autumn-c1-[0-9a-f]+\.pdf$" "$T/names2"
done_testing
