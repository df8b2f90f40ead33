#!/bin/sh
# t0862: a withheld name run together with digits, as in a gamer tag or a user name ("Mert2012",
# "Emine1", "2Mert", "MERT99x"), is withheld from the parent's copy (XML and pdftotext of its
# PDF): where letters and digits meet inside a word is a boundary for matching. Codes of letters
# and digits that hold no withheld value ("Y6", "B2B", "Room 12A") are kept, and the record copy
# keeps every value.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for v in 'Mert2012' 'Emine1' '2Mert' 'MERT99x'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (Xbox name $v; Y6, B2B, Room 12A), drawing animals|" "$REC" > "$T/r.xml"
	check "record with '$v' is valid" "$PEPKIT" validate "$T/r.xml"
	check "redact for the parent" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	check_nogrep "'$v' is not in the parent's copy" "$v" "$T/c.xml"
	check_grep "... other codes are kept" "\[REDACTED\][0-9x]*; Y6, B2B, Room 12A\)" "$T/c.xml"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "$v" "$T/c.txt"
	check_grep "... whose text the check reads" "Room 12A" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "name $v;" "$T/rc.xml"
done
done_testing
