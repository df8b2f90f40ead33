#!/bin/sh
# t0641: a UPN typed in a Word form in groups ("x803 2114 2104 7") or with Excel's text prefix
# ("'X803211421047") imports as the UPN, as merge reads the same value in an export (before,
# the form refused it as 'not a UPN' while merge took it). A wrong check letter is still refused.
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
PY=/usr/bin/python3
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" --term 2025-autumn -o "$T/f.docx"
for v in 'x803 2114 2104 7' "'X803211421047" 'X803 211 421 047'; do
	$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/u.docx" set child.upn "$v"
	check "the UPN typed as '$v' imports" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/u.xml" "$T/u.docx"
	is "... as X803211421047" "$T/u.xml" "//child/upn" X803211421047
	check "... the record is valid" "$PEPKIT" validate "$T/u.xml"
	rm -f "$T/u.xml"
done
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/b.docx" set child.upn 'y803 2114 2104 7'
check_exit 1 "a grouped UPN with a wrong check letter is refused" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/b.xml" "$T/b.docx"
check_grep "... naming the check letter" "check letter is 'Y', it should be 'X'" "$T/err"
done_testing
