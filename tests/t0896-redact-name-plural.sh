#!/bin/sh
# t0896: a withheld person's name with a plural "s" or "es" and a capital ("the Emines", "the
# Mertes' house", "both Merts") is withheld from the parent's copy (XML read by xmllint, and
# pdftotext of its PDF). Before, a name matched only as a whole word. A withheld name that is
# also a common word keeps its plural in small letters ("full marks" for a withheld uncle
# "Mark"); the record copy keeps everything.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
grep -q 'her older brother Mert' "$REC" || notok "the sample's withheld brother Mert"
for v in 'the Emines' "the Mertes' house" 'both Merts'; do
	sed -e "s|Gymnastics, drawing animals|Gymnastics (with $v; Mark said; full marks in art), drawing animals|" \
	    -e "s|her older brother Mert,|her older brother Mert and her uncle Mark,|" "$REC" > "$T/r.xml"
	check "redact for the parent ('$v')" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	xmllint --xpath 'string(//interests)' "$T/c.xml" > "$T/i.txt" || notok "xmllint"
	check_nogrep "... '$v' is not in the parent's copy" "Emine|Mert" "$T/i.txt"
	check_grep "... other text is kept (Mark is withheld, marks kept)" "\[REDACTED\] said; full marks in art\)" "$T/i.txt"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "Emine|Mert" "$T/c.txt"
	check_grep "... whose text the check reads" "full marks" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "with $v;" "$T/rc.xml"
done
done_testing
