#!/bin/sh
# t0897: the local part of a withheld e-mail address that tells the mailbox apart (three or
# more words, or a digit: "m.nowak.fostering" of m.nowak.fostering@example.org) is withheld on
# its own: without the domain, with another domain, run together, or split from the domain
# across two paragraphs (XML read by xmllint, pdftotext of the PDF). Ordinary words of it
# ("fostering is hard") and the visible carer's name ("M Nowak") are kept; the record copy
# keeps everything.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
grep -q '<email confidential="carer-contact">m.nowak.fostering@example.org</email>' "$REC" || notok "the sample's carer e-mail"
for v in 'email m.nowak.fostering on the usual domain' 'm.nowak.fostering@example.com' \
	 'mnowakfostering@example.org' 'write to m.nowak.fostering</p><p>@example.org'; do
	sed "s|Gymnastics, drawing animals|Gymnastics ($v; fostering is hard; M Nowak is kind), drawing animals|" "$REC" > "$T/r.xml"
	check "redact for the parent ('$v')" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	xmllint --xpath 'string(//interests)' "$T/c.xml" > "$T/i.txt" || notok "xmllint"
	check_nogrep "... the e-mail's local part is not in the parent's copy" "nowak.?fostering" "$T/i.txt"
	check_grep "... other text is kept" "; fostering is hard; M Nowak is kind\)" "$T/i.txt"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "nowak.?fostering" "$T/c.txt"
	check_grep "... whose text the check reads" "fostering is hard" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "nowak.?fostering" "$T/rc.xml"
done
done_testing
