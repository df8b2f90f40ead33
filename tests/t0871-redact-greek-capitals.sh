#!/bin/sh
# t0871: text in capitals is read as it looks. A withheld Latin name written in Greek or
# Cyrillic capitals whose small letters look like other Latin letters (Greek Ν/ν as N/v, Η/η as
# H/n, Υ/υ as Y/u): "ΕΜΙΝΕ" for Emine, "Ηana" for Hana, is withheld from the carer's copy and
# its PDF. A withheld Greek name is found in small letters and in capitals ("νίκος", "ΝΊΚΟΣ",
# "ΝΙΚΟΣ" for "Νίκος"). Greek words that are no withheld value are kept as written.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
sed 's|telephone contact with her older brother Mert,|telephone contact with her older brother Mert, her cousin Hana Stone and her uncle Νίκος Παπαδόπουλος,|' "$REC" > "$T/base.xml"
grep -q "Νίκος" "$T/base.xml" || notok "the base record has the withheld Greek name"
for v in 'ΕΜΙΝΕ' 'ΕΜΙΝE' 'Ηana' 'ΗΑΝΑ' 'ΗΑΝΑ SΤΟΝΕ' 'νίκος' 'ΝΊΚΟΣ' 'ΝΙΚΟΣ' 'Νίκος' 'ΠΑΠΑΔΌΠΟΥΛΟΣ' 'παπαδόπουλος'; do
	sed "s|Gymnastics, drawing animals|Gymnastics with $v and Ελένη, drawing animals|" "$T/base.xml" > "$T/r.xml"
	check "record with '$v' is valid" "$PEPKIT" validate "$T/r.xml"
	check "redact for the carer" "$PEPKIT" redact -a carer -o "$T/c.xml" "$T/r.xml"
	check_nogrep "'$v' is not in the carer's copy" "$v" "$T/c.xml"
	check_grep "... other Greek words are kept" "with \[REDACTED\] and Ελένη, drawing" "$T/c.xml"
	check "render the carer's PEP1" "$PEPKIT" render -a carer --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "$v" "$T/c.txt"
	"$PEPKIT" render -a record --doc pep1 -o "$T/rc.pdf" "$T/r.xml" && pdftotext "$T/rc.pdf" "$T/rc.txt"
	check_grep "... the record's PDF keeps it (so the PDF check can fail)" "with $v and" "$T/rc.txt"
done
# words that only share letters with a withheld name stay
sed "s|Gymnastics, drawing animals|Gymnastics with ΝΕΑ ΗΜΕΡΑ and Ελένη, drawing animals|" "$T/base.xml" > "$T/r.xml"
check "redact a record with other Greek capitals" "$PEPKIT" redact -a carer -o "$T/c.xml" "$T/r.xml"
check_grep "... they are kept" "with ΝΕΑ ΗΜΕΡΑ and Ελένη" "$T/c.xml"
done_testing
