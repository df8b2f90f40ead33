#!/bin/sh
# t0605-import-nested: proportionate memory in import (issue 11 item 3). A 12 KB Word form whose
# content controls nest 120 deep, each level holding 30 KB of text (3.6 MB uncompressed), is
# read with its text collected once per part: it imports (or is refused) cleanly in < 64 MB
# (peak resident size from /usr/bin/time -f %M). The pre-fix reader used ~224 MB on it.
. tests/lib.sh
PY=/usr/bin/python3
REC=$SAMPLES/ks4-ehcp-exclusions.xml

check "blank form" $PEPKIT template --doc pep1 -o "$T/blank.docx"
check "form with nested controls" $PY tests/data/forms/nested.py "$T/blank.docx" "$T/nested.docx" 120 30000
size=$(wc -c <"$T/nested.docx")
[ "$size" -lt 16384 ] && ok "the form is small ($size bytes)" || notok "the form is $size bytes"
for how in new into; do
	if [ $how = into ]; then set -- --into "$REC"; else set --; fi
	/usr/bin/time -o "$T/mem-$how" -f %M $PEPKIT import "$@" --term 2026-spring -o "$T/out-$how.xml" "$T/nested.docx" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -le 1 ] && ok "import ($how) ends cleanly (status $rc)" || { notok "import ($how) status $rc"; cat "$T/err"; }
	grep -q '^pepkit: error: ' "$T/err" || [ $rc -eq 0 ] && ok "import ($how): a clear message or success" || notok "import ($how): no message"
	kb=$(tail -1 "$T/mem-$how")
	[ "$kb" -lt 65536 ] && ok "import ($how) peak memory ${kb} KB < 64 MB" || notok "import ($how) used ${kb} KB"
done
# nested tagged controls each keep their own text, not their children's again
$PY tests/data/forms/nested.py "$T/blank.docx" "$T/small.docx" 3 24
check "a form with three nested boxes imports into a record" $PEPKIT import --into "$REC" --term 2025-autumn -o "$T/small.xml" "$T/small.docx"
eq_count=$(xmllint --xpath 'count(/pep-record/terms/term[@id="2025-autumn"]/carer-section/p)' "$T/small.xml" 2>/dev/null)
[ "$eq_count" = 1 ] && ok "the outer box's text is its own paragraph only" || notok "carer-section has $eq_count paragraphs"
done_testing
