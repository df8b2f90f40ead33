#!/bin/sh
# t0863: an explicit bidi override that runs against every letter under it is resolved to the
# order the reader of the full record saw: a withheld paragraph that names the brother as
# U+202E "treM" U+202C (shown as "Mert") withholds "Mert" written plainly elsewhere (the child's
# voice, the hobbies), from the carer's copy (XML and pdftotext of its PDF); "Mert" written
# behind an override outside the withheld text ("treM" under U+202E) is withheld too. Text an
# override does not reverse (Arabic under a right-to-left override) is kept as stored, a
# reversed word that is no withheld value is kept as the reader saw it ("CBA" shows "ABC"),
# and the record copy keeps every value with its override.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
RLO=$(printf '\342\200\256'); PDF=$(printf '\342\200\254')
AR=$(printf '\331\205\330\261\330\252')   # مرت
sed -e "s|older brother Mert,|older brother ${RLO}treM${PDF},|" \
    -e "s|Gymnastics, drawing animals|Gymnastics with Mert; ${RLO}treM${PDF}; ${RLO}${AR}${PDF}; ${RLO}CBA${PDF}, drawing animals|" "$REC" > "$T/r.xml"
check "the record is valid" "$PEPKIT" validate "$T/r.xml"
grep -q "Mert" "$REC" && ok "the sample names Mert elsewhere (the child's voice)" || notok "the sample names Mert elsewhere"
check "redact for the carer" "$PEPKIT" redact -a carer -o "$T/c.xml" "$T/r.xml"
check_nogrep "no 'Mert' in the carer's copy" "Mert|treM" "$T/c.xml"
check_grep "... the hobbies read [REDACTED] twice, the Arabic and ABC kept" \
	"with \[REDACTED\]; \[REDACTED\]; $AR; ABC, drawing" "$T/c.xml"
grep -q "$RLO" "$T/c.xml" && notok "... no override left" || ok "... no override left"
check "render the carer's PEP1" "$PEPKIT" render -a carer --doc pep1 -o "$T/c.pdf" "$T/r.xml"
pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
check_nogrep "... nor in its PDF" "Mert|treM" "$T/c.txt"
check_grep "... whose text the check reads" "ABC" "$T/c.txt"
check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
check_grep "... keeps every value with its override" "with Mert; ${RLO}treM${PDF}; ${RLO}${AR}" "$T/rc.xml"
done_testing
