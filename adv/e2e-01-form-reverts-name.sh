#!/bin/sh
# Workflow: the autumn PEP1 form goes out to the designated teacher prefilled with the child's
# name; before it comes back the child's name is changed in the record (an adoption, or a
# safeguarding change of name). The teacher fills the form (python-docx here) without touching
# the name boxes. `import --into` took the prefilled OLD name for a correction and wrote it
# back into the record ("corrected in the record"), so the next pack's readers' copies, the
# forms and the e-mails carried the old name again. A box left as the form was made must keep
# the record's (new) value. Exits 1 while the old name comes back.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
cp samples/ks2-initial.xml "$t/a.xml"
old_given=$(xmllint --xpath 'string(//child/legal-name/given)' "$t/a.xml")
old_family=$(xmllint --xpath 'string(//child/legal-name/family)' "$t/a.xml")
./pepkit template --doc pep1 --from "$t/a.xml" --term 2025-autumn -o "$t/plain.docx" 2>/dev/null || exit 2
./pepkit template --doc pep1 --from "$t/a.xml" --term 2025-autumn --audience school -o "$t/school.docx" 2>/dev/null || exit 2
# the teacher types into another box and saves (python-docx keeps the rest of the package)
for f in plain school; do
	/usr/bin/python3 - "$t/$f.docx" <<'PY' || exit 2
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
for sdt in d.element.body.iter(qn("w:sdt")):
    tag = sdt.find(qn("w:sdtPr")).find(qn("w:tag"))
    if tag is not None and tag.get(qn("w:val")) == "term.semh.summary":
        ts = list(sdt.iter(qn("w:t")))
        ts[0].text = "Settled well after half term; enjoys the nurture group."
        for x in ts[1:]:
            x.text = ""
d.save(sys.argv[1])
PY
done
# the child's name changes in the record
/usr/bin/python3 - "$t/a.xml" <<'PY' || exit 2
import sys, re
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
m = re.search(r"<legal-name><given>([^<]*)</given><family>([^<]*)</family></legal-name>", s)
s = re.sub(r"\b%s\b" % re.escape(m.group(1)), "Nadia", s)      # everywhere the record wrote it
s = re.sub(r"\b%s\b" % re.escape(m.group(2)), "Achterberg", s)
open(p, "w", encoding="utf-8").write(s)
PY
bad=0
for f in plain school; do
	./pepkit import --into "$t/a.xml" -o "$t/out-$f.xml" "$t/$f.docx" 2>"$t/err-$f" || { cat "$t/err-$f"; exit 2; }
	g=$(xmllint --xpath 'string(//child/legal-name/given)' "$t/out-$f.xml")
	fa=$(xmllint --xpath 'string(//child/legal-name/family)' "$t/out-$f.xml")
	if [ "$g" != Nadia ] || [ "$fa" != Achterberg ]; then
		echo "DEFECT: the $f form put the old name back into the record (given '$g', family '$fa'; was '$old_given $old_family')"
		bad=1
	fi
	grep -q "Settled well after half term" "$t/out-$f.xml" || { echo "DEFECT: the $f form's typed box was lost"; bad=1; }
	if grep -q -e "$old_given" -e "$old_family" "$t/out-$f.xml"; then
		echo "DEFECT: the $f form's boxes left as made put the old name back into the record's text"; bad=1
	fi
done
exit $bad
