#!/bin/sh
# t0622: a form Word saved as "Strict Open XML" (ISO/IEC 29500 Strict: the w: and r: namespaces
# and relationship types under http://purl.oclc.org/ooxml/) is the same form: it imports as the
# same record as its ordinary .docx. Before, it was refused as "not a Word document".
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
PY=/usr/bin/python3
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" -o "$T/k2.docx"
$PY tests/data/docx/strict.py "$T/k2.docx" "$T/strict.docx" term.semh.summary "She is settling well." ||
	notok "strict.py"
$PY tests/data/docx/strict.py "$T/k2.docx" "$T/plain.docx" term.semh.summary "She is settling well." T ||
	notok "strict.py (plain)"
check_grep "the form is in the Strict namespaces" "purl.oclc.org/ooxml/wordprocessingml/main" \
	"$(unzip -p "$T/strict.docx" word/document.xml > "$T/doc.xml"; echo "$T/doc.xml")"
check_nogrep "... and none of the ordinary ones" "schemas.openxmlformats.org/wordprocessingml" "$T/doc.xml"
check "the Strict form imports" "$PEPKIT" import --into "$K2" -o "$T/s.xml" "$T/strict.docx"
is "... with the typed text" "$T/s.xml" "//term[@id='2025-autumn']/semh/summary/p[1]" "She is settling well."
is "... and the boxes left as they were" "$T/s.xml" "//child/upn" "X803211421047"
check "the same form saved ordinarily imports" "$PEPKIT" import --into "$K2" -o "$T/p.xml" "$T/plain.docx"
check "... to the same record" cmp "$T/s.xml" "$T/p.xml"
done_testing
