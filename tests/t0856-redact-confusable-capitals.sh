#!/bin/sh
# t0856: a withheld name written with Cyrillic or Greek capitals that look like Latin ones
# ("Мert" with a Cyrillic М, "МЕRТ", "Εmine" with a Greek Ε, "ЕМІNE") is withheld from the
# carer's copy (XML and the PDF's text, pdftotext) like "Mert" and "Emine": a letter whose
# small form looks like no Latin letter (м, т, ε) reads as the Latin letter its capital looks
# like, in text and withheld values alike. Words in Cyrillic and Greek that are no withheld
# value are kept as written, and the record copy keeps every value.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for v in 'Мert' 'МЕRТ' 'Εmine' 'ЕМІNE' 'ΜΕRΤ' 'Μert' 'Tom Мert'; do
	sed "s|Gymnastics, drawing animals|Gymnastics with $v and Марина, Ελένη, drawing animals|" "$REC" > "$T/r.xml"
	check "record with '$v' is valid" "$PEPKIT" validate "$T/r.xml"
	check "redact for the carer" "$PEPKIT" redact -a carer -o "$T/c.xml" "$T/r.xml"
	check_nogrep "'$v' is not in the carer's copy" "$v" "$T/c.xml"
	check_grep "... other Cyrillic and Greek words are kept" "with (Tom )?\[REDACTED\] and Марина, Ελένη, drawing" "$T/c.xml"
	check "render the carer's PEP1" "$PEPKIT" render -a carer --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "$v" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "with $v and" "$T/rc.xml"
	"$PEPKIT" render -a record --doc pep1 -o "$T/rc.pdf" "$T/r.xml" && pdftotext "$T/rc.pdf" "$T/rc.txt"
	check_grep "... in its PDF too (so the PDF check can fail)" "with $v and" "$T/rc.txt"
done
done_testing
