#!/bin/sh
# t0882: a withheld value of several words written with its words run together, as in a user
# name, a hashtag or a file name: the carer's confidential placement address "27 Beech Avenue"
# as "27BeechAvenue", "BeechAvenue", "27beechavenue" or "#27BeechAvenue" is withheld from the
# parent's copy (XML and pdftotext of its PDF). Before, only the words apart (or joined by a
# hyphen) were found. Words run together that hold no withheld value ("StationRoad", the
# school's own address, which the parent may see) are kept; the record copy keeps everything.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for v in '27BeechAvenue' 'BeechAvenue' '27beechavenue' '#27BeechAvenue' 'BEECHAVENUE'; do
	sed "s|Gymnastics, drawing animals|Gymnastics (her tag $v; school on StationRoad), drawing animals|" "$REC" > "$T/r.xml"
	check "record with '$v' is valid" "$PEPKIT" validate "$T/r.xml"
	check "redact for the parent" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	check_nogrep "'$v' is not in the parent's copy" "[Bb]eech|BEECH" "$T/c.xml"
	check_grep "... a run-together value the parent may see is kept" "school on StationRoad\)" "$T/c.xml"
	check "render the parent's PEP1" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	check_nogrep "... nor in its PDF" "[Bb]eech|BEECH" "$T/c.txt"
	check_grep "... whose text the check reads" "StationRoad" "$T/c.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	check_grep "... keeps it" "her tag $v;" "$T/rc.xml"
done
done_testing
