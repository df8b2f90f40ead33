#!/bin/sh
# t0893: the carer's withheld e-mail m.nowak.fostering@example.org hidden from harvesters with
# a bracketed "at" ("[at]", "(at)", "{at}", "<at>") or a plain " at " before a domain written
# with its dots is withheld from the parent's copy (XML read by xmllint, and pdftotext of its
# PDF). Before, "at" was punctuation only before a spelled-out "dot". "met at school" is kept,
# and the record copy keeps everything.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
grep -q 'm.nowak.fostering@example.org' "$REC" || notok "the sample's carer e-mail"
for v in '[at]' ' (at) ' ' {at} ' ' \&lt;at\&gt; ' ' at '; do
	sed "s|Gymnastics, drawing animals|Gymnastics (write to m.nowak.fostering${v}example.org; we met at school), drawing animals|" "$REC" > "$T/r.xml"
	check "redact for the parent ('$v')" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	xmllint --xpath 'string(//interests)' "$T/c.xml" > "$T/i.txt" || notok "xmllint"
	check_nogrep "... the e-mail is not in the parent's copy" "fostering|example\.org" "$T/i.txt"
	check_grep "... other text is kept" "write to \[REDACTED\]; we met at school\)" "$T/i.txt"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "fostering" "$T/c.txt"
	check_grep "... whose text the check reads" "we met at school" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "m.nowak.fostering.*example.org; we met" "$T/rc.xml"
done
done_testing
