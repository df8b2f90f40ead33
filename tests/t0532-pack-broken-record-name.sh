#!/bin/sh
# t0532: a record file named after the child that does not even parse (cut short by a failed
# copy, broken after the child's details) is named in the pack's report, summary and messages by
# its child id, never by its path: the child's names and id are read up to where the file
# breaks. A file broken before the child's names cannot be told apart, and keeps its path.
. tests/lib.sh
mkdir -p "$T/c"
ID=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$SAMPLES/ks2-initial.xml")
head -n 60 "$SAMPLES/ks2-initial.xml" > "$T/c/Ayşe Yılmaz PEP.xml"   # cut short mid-record
cp "$SAMPLES/post16-college.xml" "$T/c/rec-0002.xml"
xmllint --noout "$T/c/Ayşe Yılmaz PEP.xml" 2>/dev/null && notok "the cut record is broken" || ok "the cut record is broken"
check_exit 1 "pack with the record cut short" "$PEPKIT" pack --doc pep1 -o "$T/o" "$T/c"
check_grep "... the report names it by its child id" "\"record of $ID \\(path withheld: it holds the child's name\\)\",\"failed\"" "$T/o/pack-report.csv"
check_grep "... and says why (not well-formed, with its line)" "\"record of $ID .*\",\"failed\",.*line [0-9]" "$T/o/pack-report.csv"
check_grep "... the good record is done" "rec-0002.xml\",\"done\"" "$T/o/pack-report.csv"
check_grep "... the message names the child id" "record of $ID" "$T/err"
grep -qi "ayşe\|ayse\|yılmaz\|yilmaz" "$T/o/pack-report.csv" "$T/o/pack-summary.txt" "$T/o/.pepkit-manifest" "$T/err" "$T/out" \
	&& notok "the outputs and messages of the run hold the name" || ok "the outputs and messages of the run do not hold the name"

# broken before the child's names: nothing is known of the child, so the path is shown
printf '<?xml version="1.0"?>\n<pep-record xmlns="urn:x-pepkit:pep:1"><child><la-child-id>LA-1</la' > "$T/c/Ayşe Yılmaz PEP.xml"
check_exit 1 "pack with the record broken before the names" "$PEPKIT" pack --doc pep1 -o "$T/o2" "$T/c"
check_grep "... its path is shown (nothing tells it holds a name)" "Yılmaz PEP.xml\",\"failed\"" "$T/o2/pack-report.csv"
done_testing
