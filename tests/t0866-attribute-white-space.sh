#!/bin/sh
# t0866: attribute values are read as the schema reads them, white space collapsed: a term
# id=" 2025-autumn&#9;" is the term --term 2025-autumn names for render, pack and qa, and a
# person id=" emine-yilmaz " is the person an action's owner="emine-yilmaz" names (the record
# copy shows her name and role; the parent's copy neither). PDFs read by pdftotext, reports by
# python3 csv.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
mkdir "$T/c"
python3 - "$REC" "$T/c/r.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace('<term id="2025-autumn"', '<term id=" 2025-autumn&#9;"')
s = s.replace('<person id="yp" role="child">', '<person id=" emine-yilmaz " role="birth-parent" confidential="birth-family"><name>Emine Yilmaz</name></person>\n    <person id="yp" role="child">')
s = s.replace('<action owner="c1" due="2025-11-14">', '<action owner="emine-yilmaz" due="2025-11-14">')
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
check "the record is valid" "$PEPKIT" validate "$T/c/r.xml"
check "render --term 2025-autumn takes it" "$PEPKIT" render --term 2025-autumn -o "$T/p1.pdf" "$T/c/r.xml"
pdftotext "$T/p1.pdf" "$T/p1.txt"
check_grep "... the PEP1 of that term" "Autumn term 2025" "$T/p1.txt"
check "the record's PEP2" "$PEPKIT" render --term 2025-autumn --doc pep2 -o "$T/p2.pdf" "$T/c/r.xml"
pdftotext -layout "$T/p2.pdf" "$T/p2.txt"
check_grep "... names the action's owner" "optician appointment.*Emine Yilmaz" "$T/p2.txt"
check_nogrep "... never by the raw id" "emine-yilmaz" "$T/p2.txt"
check "the parent's PEP2" "$PEPKIT" render -a parent --term 2025-autumn --doc pep2 -o "$T/pp.pdf" "$T/c/r.xml"
pdftotext "$T/pp.pdf" "$T/pp.txt"
check_grep "... whose text the check reads" "optician" "$T/pp.txt"
check_nogrep "... does not name her" "Emine|emine" "$T/pp.txt"
check "pack --term 2025-autumn" "$PEPKIT" pack --term 2025-autumn -o "$T/pack" "$T/c"
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if [(x["status"],x["term"]) for x in r]==[("done","2025-autumn")] else 1)' "$T/pack/pack-report.csv" &&
	ok "... renders it" || notok "pack-report: $(cat "$T/pack/pack-report.csv")"
check "qa --term 2025-autumn" "$PEPKIT" qa --on 2026-01-10 --term 2025-autumn -o "$T/qa" "$T/c"
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if [(x["status"],x["term"]) for x in r]==[("rated","2025-autumn")] else 1)' "$T/qa/qa-report.csv" &&
	ok "... rates the term's PEP" || notok "qa-report: $(head -n 2 "$T/qa/qa-report.csv")"
done_testing
