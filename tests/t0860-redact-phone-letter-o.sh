#!/bin/sh
# t0860: a withheld phone number typed with the letter O for the digit zero ("O77OO 9OO275",
# "077OO9OO275", "0044 77OO 9OO 275", "0770o 900 275") is withheld from the parent's copy (XML
# and pdftotext of its PDF) like "07700 900275": in a token of digits and o's, o is 0. Words and
# codes with other letters ("SO14 0AB", "Room 1o1") are kept, and the record copy keeps all.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for v in 'O77OO 9OO275' '077OO9OO275' '0044 77OO 9OO 275' '0770o 900 275'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (ring $v, SO14 0AB, Room 1o1), drawing animals|" "$REC" > "$T/r.xml"
	check "record with '$v' is valid" "$PEPKIT" validate "$T/r.xml"
	check "redact for the parent" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	check_nogrep "'$v' is not in the parent's copy" "$v" "$T/c.xml"
	check_grep "... other words are kept" "\[REDACTED\], SO14 0AB, Room 1o1\)" "$T/c.xml"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "$v" "$T/c.txt"
	check_grep "... whose text the check reads" "SO14 0AB" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "ring $v," "$T/rc.xml"
done
done_testing
