#!/bin/sh
# t0859: a withheld name in Latin small capitals ("ᴍᴇʀᴛ", "Mᴇʀᴛ": U+1D0D U+1D07 U+0280 U+1D1B,
# read as MERT; NFKC and ICU's confusable skeletons leave them) and a withheld name before a
# possessive typed with a modifier-letter apostrophe ("Mertʼs" U+02BC, "Mertʻs" U+02BB, which
# Unicode calls letters, so the name was inside a longer word) are withheld from the carer's
# copy (XML and pdftotext of its PDF). A name that only a withheld paragraph gives, written
# there with U+02BC ("Tarikʼs"), is found too. Words that are no withheld value are kept, and the
# record copy keeps every value.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for v in 'ᴍᴇʀᴛ' 'Mᴇʀᴛ' 'Mertʼs' 'Mertʻs' 'Tarik'; do
	sed -e "s|Gymnastics, drawing animals|Gymnastics with $v and ᴊᴏʏ, Leahʼs, drawing animals|" \
	    -e "s|her older brother Mert,|her older brother Mert and cousin Tarikʼs father,|" "$REC" > "$T/r.xml"
	check "record with '$v' is valid" "$PEPKIT" validate "$T/r.xml"
	check "redact for the carer" "$PEPKIT" redact -a carer -o "$T/c.xml" "$T/r.xml"
	check_nogrep "'$v' is not in the carer's copy" "$v" "$T/c.xml"
	check_grep "... other words are kept" "with \[REDACTED\]([ʼʻ]s)? and ᴊᴏʏ, Leahʼs, drawing" "$T/c.xml"
	check "render the carer's PEP1" "$PEPKIT" render -a carer --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "$v" "$T/c.txt"
	check_grep "... whose text the check reads" "Leahʼs" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "with $v and" "$T/rc.xml"
done
done_testing
