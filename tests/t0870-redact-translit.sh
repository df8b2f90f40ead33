#!/bin/sh
# t0870-redact-translit: a withheld person's name is found written in another script. A third
# party recorded as "Василь Шевчук" is written by the child, in English, as "Vasyl Shevchuk"
# (BGN/PCGN, as passports write it) or "Vasil Shevchuk"; one recorded in Latin letters
# ("Taras Bondarenko") is found in Cyrillic in a record whose people have Cyrillic names; a
# Greek name romanised likewise. Visible text is kept. Checked in the redacted record
# (xmllint) and in the school's PDF (pdftotext).
. tests/lib.sh
/usr/bin/python3 - "$SAMPLES/uasc-cyrillic.xml" "$T/r.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding='utf-8').read()
s = s.replace('<person id="yp" role="child">',
    '<person id="tp9" role="other" confidential="third-party"><name>Василь Шевчук</name></person>'
    '<person id="tp8" role="other" confidential="third-party"><name>Taras Bondarenko</name></person>'
    '<person id="tp7" role="other" confidential="third-party"><name>Γιώργος Παπαδόπουλος</name></person>'
    '<person id="yp" role="child">')
q = '<answer question="What would you like from school?"><p>'
i = s.find(q) + len(q)
assert i > len(q)
s = s[:i] + ('Vasyl Shevchuk from the hostel messaged me again, and Тарас Бондаренко. Vasil Shevchuk '
             'said Giorgos Papadopoulos knows. The hostel keyworker helps me. ') + s[i:]
open(sys.argv[2], 'w', encoding='utf-8').write(s)
PY
check "the test record is valid" $PEPKIT validate "$T/r.xml"
check "redact for the school" $PEPKIT redact --audience school -o "$T/s.xml" "$T/r.xml"
for name in "Vasyl" "Shevchuk" "Vasil Shevchuk" "Бондаренко" "Тарас" "Papadopoulos" "Giorgos"; do
	check_nogrep "'$name' (another script's form of a withheld name) is gone" "$name" "$T/s.xml"
done
check_grep "visible words around them stay" "from the hostel messaged me again" "$T/s.xml"
check_grep "... and 'The hostel keyworker helps me'" "The hostel keyworker helps me" "$T/s.xml"
check "render the school's copy" $PEPKIT render --audience school --term 2025-spring -o "$T/s.pdf" "$T/r.xml"
pdftotext "$T/s.pdf" "$T/s.txt"
check_nogrep "no form of the withheld names in the school's PDF (pdftotext)" "Vasyl|Shevchuk|Бондаренко|Papadopoulos" "$T/s.txt"
check_grep "the child's own words are otherwise there" "messaged me again" "$T/s.txt"
# a record with no Cyrillic names: a Latin withheld name is not looked for in Cyrillic, and
# nothing else changes (the record's copy for the school equals the one made without the check)
check "redact a sample without such names" $PEPKIT redact --audience school -o "$T/k.xml" "$SAMPLES/ks2-initial.xml"
check_grep "its visible text is there" "Thornley" "$T/k.xml"
done_testing
