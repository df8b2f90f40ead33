#!/bin/sh
# t0881: a withheld name written into another word in camel case, as in a user name, a hashtag
# or a file name ("SeeMert", "#LoveFromEmine", "callMertNow", "ÇokSevgiliMert"), is withheld
# from the parent's copy (XML and pdftotext of its PDF): a capital after a small letter is a
# boundary for matching. Before, only a name standing alone or joined to digits was found.
# Camel-case words that hold no withheld name ("PowerPoint", "YouTube", "McDonald") are kept,
# and the record copy keeps every value.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for v in 'SeeMert' '#LoveFromEmine' 'callMertNow' 'ÇokSevgiliMert' 'EMINEandMert'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (posts as $v; PowerPoint, YouTube, McDonald), drawing animals|" "$REC" > "$T/r.xml"
	check "record with '$v' is valid" "$PEPKIT" validate "$T/r.xml"
	check "redact for the parent" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	check_nogrep "'$v' is not in the parent's copy" "Mert|Emine|EMINE" "$T/c.xml"
	check_grep "... other camel-case words are kept" "PowerPoint, YouTube, McDonald\)" "$T/c.xml"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "Mert|Emine|EMINE" "$T/c.txt"
	check_grep "... whose text the check reads" "PowerPoint" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "posts as $v;" "$T/rc.xml"
done
done_testing
