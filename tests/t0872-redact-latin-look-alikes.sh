#!/bin/sh
# t0872: a withheld name written with Latin letters drawn like its own (a letter "WITH" a hook,
# curl, tail or bar: Meɾt, Merȶ, ɱert, Ɱert; open, reversed, turned e and schwa: Mɛrt, Mɘrt,
# Mǝrt, Mərt; Ukrainian є: Mєrt; turned r: Meɹt) is withheld from the parent's copy (xmllint)
# and PDF (pdftotext), as the look-alikes of other scripts are (t0856). Words around it and
# such letters in words that are not withheld (Kwabɛna) are kept; the record copy keeps it.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for v in 'Meɾt' 'Merȶ' 'ɱert' 'Ɱert' 'Mɛrt' 'Mɘrt' 'Mǝrt' 'Mərt' 'Mєrt' 'Meɹt'; do
	sed "s|Gymnastics, drawing animals|Gymnastics with $v and Kwabɛna, drawing animals|" "$REC" > "$T/r.xml"
	check "redact for the parent ('$v')" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	xmllint --xpath 'string(//interests)' "$T/c.xml" > "$T/i.txt" || notok "xmllint"
	check_nogrep "... it is not in the copy" "$v" "$T/i.txt"
	check_grep "... the words around it are" "Gymnastics with .* and Kwabɛna, drawing" "$T/i.txt"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_grep "... whose text the check reads" "Kwabɛna" "$T/c.txt"
	check_nogrep "... nor in its PDF" "$v" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "$v" "$T/rc.xml"
done
done_testing
