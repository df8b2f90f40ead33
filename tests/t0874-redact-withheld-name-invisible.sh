#!/bin/sh
# t0874: a name in a withheld paragraph with a character drawn as nothing inside it (soft
# hyphen, zero-width space or joiner, word joiner, BOM, interlinear anchor) is the name the
# record shows: the visible text's plain "Emine" is withheld from the parent's copy (xmllint)
# and PDF (pdftotext); the record copy keeps it; a withheld name that is not in the visible
# text leaves the visible words alone.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for c in '&#xAD;' '&#x200B;' '&#x200D;' '&#x2060;' '&#xFEFF;' '&#xFFF9;'; do
	python3 -c 'import sys; s=open(sys.argv[1]).read(); open(sys.argv[2],"w").write(s.replace("with her mother, Emine Yılmaz,","with her mother, Emi"+sys.argv[3]+"ne Yılmaz,").replace("Gymnastics, drawing","Gymnastics with Emine and Leah, drawing"))' \
		"$REC" "$T/r.xml" "$c"
	check "redact for the parent ('Emi${c}ne' withheld)" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	xmllint --xpath 'string(//interests)' "$T/c.xml" > "$T/i.txt" || notok "xmllint"
	check_grep "... the visible words are read" "Gymnastics with .* and Leah, drawing" "$T/i.txt"
	check_nogrep "... her name is not in the copy" "Emine" "$T/i.txt"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_grep "... whose text the check reads" "and Leah, drawing" "$T/c.txt"
	check_nogrep "... nor in its PDF" "Emine" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "Gymnastics with Emine and Leah" "$T/rc.xml"
done
done_testing
