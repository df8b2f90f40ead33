#!/bin/sh
# t0645: two returns of one form, the older (saved 1 December) imported after the newer (saved
# 5 December, as Word records it in docProps/core.xml). The older's text replaced the newer's,
# exit 0. Now the term keeps when the form imported into it was saved (@form-saved), and a form
# of that term saved before it is refused naming both times, nothing written (exit 1). The
# newer form again gives the same record byte for byte; an older one into a record that has no
# such time, and pepkit's own unsaved form, import as before; the record stays valid.
. tests/lib.sh
PY=/usr/bin/python3
SR=tests/data/docx/saved_return.py
cp "$SAMPLES/ks2-initial.xml" "$T/r.xml"
check "make the PEP1 form" "$PEPKIT" template --doc pep1 --from "$T/r.xml" --term 2025-autumn -o "$T/f.docx"
$PY $SR "$T/f.docx" "$T/new.docx" 2025-12-05T14:00:00 "Newer words." || notok "newer return"
$PY $SR "$T/f.docx" "$T/old.docx" 2025-12-01T09:30:00 "Older words." || notok "older return"
check_grep "the return says when it was saved" '<dcterms:modified[^>]*>2025-12-05T14:00:00Z<' "$(unzip -p "$T/new.docx" docProps/core.xml > "$T/core.xml"; echo "$T/core.xml")"
check "the newer return imports" "$PEPKIT" import --into "$T/r.xml" -o "$T/r1.xml" "$T/new.docx"
is "... its text" "$T/r1.xml" "//term[@id='2025-autumn']/semh/summary" "Newer words."
is "... the term keeps when the form (its kind) was saved" "$T/r1.xml" "string(//term[@id='2025-autumn']/@form-saved)" form-pep1@2025-12-05T14:00:00Z
check "... the record is valid" "$PEPKIT" validate "$T/r1.xml"
xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$T/r1.xml" 2>/dev/null && ok "... by xmllint against pep.xsd too" || notok "... by xmllint against pep.xsd too"
check_exit 1 "the older return after it is refused" "$PEPKIT" import --into "$T/r1.xml" -o "$T/r2.xml" "$T/old.docx"
check_grep "... naming both times and the term" "this form \(form-pep1\) was saved 2025-12-01T09:30:00Z, before the one last imported into term '2025-autumn' \(saved 2025-12-05T14:00:00Z\)" "$T/err"
[ ! -e "$T/r2.xml" ] && ok "... nothing written" || notok "... nothing written"
check "the newer return again imports" "$PEPKIT" import --into "$T/r1.xml" -o "$T/r3.xml" "$T/new.docx"
cmp -s "$T/r1.xml" "$T/r3.xml" && ok "... giving the same record byte for byte" || notok "... giving the same record byte for byte"
check "the older return into the record before either imports" "$PEPKIT" import --into "$T/r.xml" -o "$T/r4.xml" "$T/old.docx"
check "... and the newer after it too" "$PEPKIT" import --into "$T/r4.xml" -o "$T/r5.xml" "$T/new.docx"
is "... the newer text wins" "$T/r5.xml" "//term[@id='2025-autumn']/semh/summary" "Newer words."
check "pepkit's own form (never saved) imports after a saved return" "$PEPKIT" import --into "$T/r1.xml" -o "$T/r6.xml" "$T/f.docx"
done_testing
