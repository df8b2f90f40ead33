#!/bin/sh
# t0646: a term is filled from several forms: the designated teacher's PEP1 form, the child's
# My Voice, the meeting record, and forms made for one reader. Each is saved when its author
# saved it, so a My Voice saved on 1 December is imported after a PEP1 saved on 5 December as a
# matter of course. The term keeps the saved time per kind of form (@form-saved: KIND@TIME,
# KIND from the form's cp:keywords), and only an older return of the same kind is refused:
# before, the My Voice form was refused as "older" than the PEP1 form (t0645's check keyed on
# the term alone), so a term's forms had to be imported in the order they were saved.
. tests/lib.sh
PY=/usr/bin/python3
SR=tests/data/docx/saved_return.py
cp "$SAMPLES/ks2-initial.xml" "$T/r.xml"
check "make the PEP1 form" "$PEPKIT" template --doc pep1 --from "$T/r.xml" --term 2025-autumn -o "$T/p1.docx"
check "make the My Voice form" "$PEPKIT" template --doc myvoice --from "$T/r.xml" --term 2025-autumn -o "$T/mv.docx"
$PY $SR "$T/p1.docx" "$T/p1-new.docx" 2025-12-05T14:00:00 "Newer words." || notok "PEP1 return"
$PY $SR "$T/p1.docx" "$T/p1-old.docx" 2025-11-20T09:00:00 "Older words." || notok "older PEP1 return"
$PY $SR "$T/mv.docx" "$T/mv-ret.docx" 2025-12-01T09:30:00 "Talked with my carer." voice.how-captured || notok "My Voice return"
unzip -p "$T/mv-ret.docx" docProps/core.xml > "$T/core.xml"
check_grep "the My Voice return keeps its kind in cp:keywords" '<cp:keywords>myvoice</cp:keywords>' "$T/core.xml"
check "the PEP1 return (saved 5 December) imports" "$PEPKIT" import --into "$T/r.xml" -o "$T/r1.xml" "$T/p1-new.docx"
check "the My Voice return saved before it (1 December) imports after it" "$PEPKIT" import --into "$T/r1.xml" -o "$T/r2.xml" "$T/mv-ret.docx"
is "... the term keeps both kinds' times" "$T/r2.xml" "string(//term[@id='2025-autumn']/@form-saved)" "form-pep1@2025-12-05T14:00:00Z myvoice@2025-12-01T09:30:00Z"
is "... the PEP1 text stays" "$T/r2.xml" "//term[@id='2025-autumn']/semh/summary" "Newer words."
check "... the record is valid" "$PEPKIT" validate "$T/r2.xml"
xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$T/r2.xml" 2>/dev/null && ok "... by xmllint against pep.xsd too" || notok "... by xmllint against pep.xsd too"
check_exit 1 "an older PEP1 return is still refused" "$PEPKIT" import --into "$T/r2.xml" -o "$T/r3.xml" "$T/p1-old.docx"
check_grep "... naming its kind and both times" "this form \(form-pep1\) was saved 2025-11-20T09:00:00Z, before the one last imported into term '2025-autumn' \(saved 2025-12-05T14:00:00Z\)" "$T/err"
[ ! -e "$T/r3.xml" ] && ok "... nothing written" || notok "... nothing written"
check "the My Voice return again gives the same record" "$PEPKIT" import --into "$T/r2.xml" -o "$T/r4.xml" "$T/mv-ret.docx"
cmp -s "$T/r2.xml" "$T/r4.xml" && ok "... byte for byte" || notok "... byte for byte"
done_testing
