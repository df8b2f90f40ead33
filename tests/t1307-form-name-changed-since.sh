#!/bin/sh
# t1307-form-name-changed-since: a PEP1 form sent out prefilled with the child's details comes
# back after the record changed (a new name after an adoption, a new school). A box left as the
# form was made keeps the record's new value (the form keeps a fingerprint of each prefilled
# child details box in the "pepkit-prefill" document property, never the values); a box typed
# into is still a correction. Plain and reader (school) forms, filled with python-docx.
# adv/e2e-01-form-reverts-name.sh is the reproducer.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
PY=/usr/bin/python3
cp "$SAMPLES/ks2-initial.xml" "$T/a.xml"
old_given=$(x "$T/a.xml" '//child/legal-name/given')
old_family=$(x "$T/a.xml" '//child/legal-name/family')
old_school=$(x "$T/a.xml" '//child/school/name')
check "template: the plain form" "$PEPKIT" template --doc pep1 --from "$T/a.xml" --term 2025-autumn -o "$T/plain.docx"
check "template: the school's form" "$PEPKIT" template --doc pep1 --from "$T/a.xml" --term 2025-autumn --audience school -o "$T/school.docx"
check "template: a blank form" "$PEPKIT" template --doc pep1 -o "$T/blank.docx"

unzip -p "$T/plain.docx" docProps/custom.xml > "$T/custom.xml" 2>/dev/null
check_grep "the form keeps a fingerprint of the prefilled name boxes" 'name="pepkit-prefill".*child\.legal-name\.given=[0-9a-f]{16};' "$T/custom.xml"
check_nogrep "the property holds no name" "$old_given|$old_family" "$T/custom.xml"
check "the property is well-formed XML" xmllint --noout "$T/custom.xml"
unzip -l "$T/blank.docx" > "$T/blank.lst"
check_nogrep "a blank form has no such property" 'custom\.xml' "$T/blank.lst"
unzip -p "$T/plain.docx" '\[Content_Types\].xml' > "$T/ct.xml"
check_grep "the part has its content type" 'PartName="/docProps/custom.xml"' "$T/ct.xml"

# the teacher fills one box (python-docx); in a copy, also corrects the family name
fill() {
	$PY - "$@" <<'PY'
import sys, docx
from docx.oxml.ns import qn
src, dst, family = sys.argv[1], sys.argv[2], sys.argv[3]
d = docx.Document(src)
def put(tag, text):
    for sdt in d.element.body.iter(qn("w:sdt")):
        t = sdt.find(qn("w:sdtPr")).find(qn("w:tag"))
        if t is not None and t.get(qn("w:val")) == tag:
            ts = list(sdt.iter(qn("w:t")))
            ts[0].text = text
            for x in ts[1:]:
                x.text = ""
            return
    raise SystemExit("no box " + tag)
put("term.semh.summary", "Settled well after half term; enjoys the nurture group.")
if family != "-":
    put("child.legal-name.family", family)
d.save(dst)
PY
}
for f in plain school; do
	fill "$T/$f.docx" "$T/$f-filled.docx" - || notok "python-docx fills the $f form"
	fill "$T/$f.docx" "$T/$f-corrected.docx" "Okafor-Reyes" || notok "python-docx corrects the $f form"
done

# the record changes: a new name, and the child moved school
$PY - "$T/a.xml" <<'PY'
import sys, re
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
m = re.search(r"<legal-name><given>([^<]*)</given><family>([^<]*)</family></legal-name>", s)
# the new name everywhere the record wrote the old one (free text too)
s = re.sub(r"\b%s\b" % re.escape(m.group(1)), "Nadia", s)
s = re.sub(r"\b%s\b" % re.escape(m.group(2)), "Achterberg", s)
s = re.sub(r"(<school [^>]*>\s*<name>)[^<]*(</name>)", r"\g<1>Harrowgate Lane Academy\2", s, count=1)
open(p, "w", encoding="utf-8").write(s)
PY
check "the changed record is valid" "$PEPKIT" validate "$T/a.xml"
check_nogrep "the changed record holds the old names nowhere" "$old_given|$old_family" "$T/a.xml"

for f in plain school; do
	check "import: the $f form left as made" "$PEPKIT" import --into "$T/a.xml" -o "$T/out-$f.xml" "$T/$f-filled.docx"
	cp "$T/err" "$T/err-$f"
	is "$f form: the record keeps the new given name" "$T/out-$f.xml" '//child/legal-name/given' Nadia
	is "$f form: the record keeps the new family name" "$T/out-$f.xml" '//child/legal-name/family' Achterberg
	is "$f form: the record keeps the new school" "$T/out-$f.xml" '//child/school/name' "Harrowgate Lane Academy"
	check_grep "$f form: the typed box is imported" 'Settled well after half term' "$T/out-$f.xml"
	# (a reader's form takes the record's value for every box left as sent, without a note)
	[ "$f" = plain ] && check_grep "$f form: the note says the record keeps its value" "'Family name': left as the form was made; the record has changed since and keeps its value \(the child's details are not printed\)" "$T/err-$f"
	check_nogrep "$f form: the old names come back nowhere (free text left as made)" "$old_given|$old_family" "$T/out-$f.xml"
	check_nogrep "$f form: no old or new name in the messages" "$old_given|$old_family|Nadia|Achterberg" "$T/err-$f"
	check_nogrep "$f form: the old name is not in the record's child details" "<given>$old_given<|<family>$old_family<" "$T/out-$f.xml"
	check "import: the $f form with a typed correction" "$PEPKIT" import --into "$T/a.xml" -o "$T/cor-$f.xml" "$T/$f-corrected.docx"
	cp "$T/err" "$T/errc-$f"
	is "$f form: a typed family name is still a correction" "$T/cor-$f.xml" '//child/legal-name/family' "Okafor-Reyes"
	is "$f form: the untouched given name keeps the record's" "$T/cor-$f.xml" '//child/legal-name/given' Nadia
	check_grep "$f form: the correction is noted" "'Family name': corrected in the record" "$T/errc-$f"
done
[ -n "$old_school" ] && ok "the sample names a school" || notok "the sample names a school"

# a form whose property an editor dropped reads every box as typed (as before)
$PY - "$T/plain-filled.docx" "$T/noprop.docx" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
zi = zipfile.ZipFile(src); zo = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for i in zi.infolist():
    if i.filename != "docProps/custom.xml":
        zo.writestr(i, zi.read(i.filename))
zo.close()
PY
check "import: a form without the property" "$PEPKIT" import --into "$T/a.xml" -o "$T/out-noprop.xml" "$T/noprop.docx"
check_grep "without the property the box reads as typed (a correction, noted)" "'Family name': corrected in the record" "$T/err"
done_testing
