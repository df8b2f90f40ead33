#!/bin/sh
# t0891: the carer's confidential placement address "27 Beech Avenue" written without the
# street's type ("27 Beech", "no. 27 Beech", "27, Beech") is withheld from the parent's copy (XML
# and pdftotext of its PDF), and so is a street name of two words without number and type
# ("Kings Hill" of "12 Kings Hill Road"). Before, only the street with its type (or the type's
# abbreviation) was found. A lone common word of the name ("Beech class") is kept, and the record
# copy keeps everything.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
grep -q '<line>27 Beech Avenue</line>' "$REC" || notok "the sample's placement address is 27 Beech Avenue"
for v in '27 Beech' 'no. 27 Beech' '27, Beech' 'No.27 Beech'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (she lives at $v now; Beech class), drawing animals|" "$REC" > "$T/r.xml"
	check "redact for the parent ('$v')" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	check_nogrep "... '$v' is not in the parent's copy" "27,? Beech|27 ?Beech" "$T/c.xml"
	check_grep "... a lone common word of it is kept" "; Beech class\)" "$T/c.xml"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "27,? Beech" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "she lives at $v now" "$T/rc.xml"
done
sed -e 's|<line>27 Beech Avenue</line>|<line>12 Kings Hill Road</line>|' \
    -e "s|Gymnastics, drawing animals|Gymnastics (she now lives up Kings Hill), drawing animals|" "$REC" > "$T/r.xml"
check "redact for the parent (two-word street)" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
check_nogrep "... 'Kings Hill' is not in the parent's copy" "Kings Hill" "$T/c.xml"
done_testing
