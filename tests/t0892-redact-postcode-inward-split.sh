#!/bin/sh
# t0892: the placement's withheld postcode "ZZ9 6HD" written with its inward code split after
# the digit ("ZZ9 6 HD", "zz9 6 hd", "ZZ9-6-HD") is withheld from the parent's copy (XML and
# pdftotext of its PDF). Before, only tokens holding digits were glued. Ordinary text with a
# digit and a two-letter word ("class 6 AB", the school's "ZZ9 6AB") is kept; the record copy
# keeps everything.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
grep -q '<postcode>ZZ9 6HD</postcode>' "$REC" || notok "the sample's placement postcode is ZZ9 6HD"
for v in 'ZZ9 6 HD' 'zz9 6 hd' 'ZZ9-6-HD'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (post to $v; class 6 AB; ZZ9 6 AB), drawing animals|" "$REC" > "$T/r.xml"
	check "redact for the parent ('$v')" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	check_nogrep "... '$v' is not in the parent's copy" "$v" "$T/c.xml"
	check_grep "... other text is kept" "post to \[REDACTED\]; class 6 AB; ZZ9 6 AB\)" "$T/c.xml"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "$v" "$T/c.txt"
	check_grep "... whose text the check reads" "class 6 AB" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "post to $v;" "$T/rc.xml"
done
done_testing
