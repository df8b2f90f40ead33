#!/bin/sh
# t0895: a withheld phone number split across two paragraphs ("07700" | "900275 after six") is
# withheld from the parent's copy (XML read by xmllint, pdftotext of its PDF): the digits after
# the number's first group (6 or more: "900275"; "7946 0123" of "+44 (0)20 7946 0123") are
# withheld on their own too. Other numbers ("990547", the school's URN) are kept; the record
# copy keeps everything.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
grep -q '<phone confidential="carer-contact">07700 900275</phone>' "$REC" || notok "the sample's carer phone"
sed -e 's|<p>Gymnastics, drawing animals, and the tablet game where you look after a café.</p>|<p>Carer mobile 07700</p><p>900275 after six; or 7946 0123 (landline); URN 990547</p>|' \
    -e 's|<phone confidential="carer-contact">07700 900276</phone>|<phone confidential="carer-contact">+44 (0)20 7946 0123</phone>|' "$REC" > "$T/r.xml"
check "the record is valid" "$PEPKIT" validate "$T/r.xml"
check "redact for the parent" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
xmllint --xpath 'string(//interests)' "$T/c.xml" > "$T/i.txt" || notok "xmllint"
check_nogrep "... the phone's second part is not in the parent's copy" "900275|7946" "$T/i.txt"
check_grep "... other text is kept" "Carer mobile 07700\[REDACTED\] after six; or \[REDACTED\] \(landline\); URN 990547" "$T/i.txt"
check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
check_nogrep "... nor in its PDF" "900275|7946" "$T/c.txt"
check_grep "... whose text the check reads" "after six" "$T/c.txt"
check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
check_grep "... keeps it" "<p>900275 after six" "$T/rc.xml"
done_testing
