#!/bin/sh
# t0861: a withheld name, address or postcode spelled out letter by letter, as a writer who
# wants it read spells it ("M e r t", "M.E.R.T", "M. E. R. T.", "M-e-r-t", "E m i n e",
# "B E E C H Avenue", "Z Z 9 6 H D"), is withheld from the parent's copy (XML and pdftotext of
# its PDF): three or more single letters or digits, each after one space, '.', '-', '_', '*' or
# ". ", read as one word. Spaced letters that spell nothing withheld ("a b c", "J. R. R.
# Tolkien") are kept, and the record copy keeps every value.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for v in 'M e r t' 'M.E.R.T' 'M. E. R. T.' 'M-e-r-t' 'E m i n e' 'B E E C H Avenue' 'Z Z 9 6 H D'; do
	sed "s|Gymnastics, drawing animals|Gymnastics with $v; a b c; J. R. R. Tolkien, drawing animals|" "$REC" > "$T/r.xml"
	check "record with '$v' is valid" "$PEPKIT" validate "$T/r.xml"
	check "redact for the parent" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	check_nogrep "'$v' is not in the parent's copy" "$v" "$T/c.xml"
	check_grep "... spaced letters that spell nothing withheld are kept" "\[REDACTED\]\.?; a b c; J\. R\. R\. Tolkien, drawing" "$T/c.xml"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "$v" "$T/c.txt"
	check_grep "... whose text the check reads" "J\. R\. R\. Tolkien" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "with $v; a b c" "$T/rc.xml"
done
done_testing
