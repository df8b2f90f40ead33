#!/bin/sh
# t0625: a Word form and an export agree on a UPN typed in lower case: merge upper-cases one
# from an export, and import now reads "x803211421047" in a form the same way (it refused it
# as "not a UPN"); a lower-case UPN with a wrong check letter is still refused, by validate's
# message. A drop-down box holding words not on its list names the words the list shows
# ("Foster care, Kinship care (family or friends), ..."), not pepkit's codes ("foster-care").
# Attendance typed with a decimal comma ("91,7%") imports as merge reads it (it was refused).
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
PY=/usr/bin/python3
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" --term 2025-autumn -o "$T/f.docx"
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/upn.docx" set child.upn x803211421047
check "a form with the UPN in lower case imports" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/upn.xml" "$T/upn.docx"
is "... the UPN upper-cased" "$T/upn.xml" "//child/upn" X803211421047
check "... and the record is valid" "$PEPKIT" validate "$T/upn.xml"
mkdir "$T/c" && cp "$K2" "$T/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nx803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\n' > "$T/e.csv"
check "merge takes the same UPN in lower case from an export" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/e.csv"
is "... onto the same child" "$T/o/a.xml" "count(//term[@id='2025-autumn']/attainment/result[@subject='Maths'][@current='GDS'])" 1
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/bad.docx" set child.upn y803211421047
check_exit 1 "a lower-case UPN with a wrong check letter is refused" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/bad.xml" "$T/bad.docx"
check_grep "... naming the check letter" "check letter is 'Y', it should be 'X'" "$T/err"
[ ! -e "$T/bad.xml" ] && ok "... nothing written" || notok "... nothing written"
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/dd.docx" set child.placement.type "Foster cares"
check_exit 1 "a drop-down holding words not on its list is refused" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/dd.xml" "$T/dd.docx"
check_grep "... naming the box and the words its list shows" "'Placement type': 'Foster cares' is not one of the choices: Foster care, Kinship care \(family or friends\), Residential" "$T/err"
check_nogrep "... not pepkit's codes" "foster-care|kinship-care" "$T/err"
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/ok.docx" set child.placement.type "Kinship care (family or friends)"
check "a drop-down showing one of its items imports" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/ok.xml" "$T/ok.docx"
is "... as its code" "$T/ok.xml" "//child/placement/type" kinship-care
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/pc.docx" set term.attendance.percent '91,7%'
check "attendance typed with a decimal comma imports, as merge reads it" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/pc.xml" "$T/pc.docx"
is "... as 91.7" "$T/pc.xml" "//term[@id='2025-autumn']/attendance/percent" 91.7
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/pc2.docx" set term.attendance.percent '9,1,7'
check_exit 1 "... two commas are no number" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/pc2.xml" "$T/pc2.docx"
done_testing
