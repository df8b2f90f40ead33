#!/usr/bin/python3
# wordmarkup.py IN.docx OUT.docx CASE: put a run of Word markup at the start of a pepkit form's
# SEMH summary box (tag term.semh.summary), as Word writes it, for t0608 and adv/05.
#   movefrom   text moved away with tracked changes on (w:moveFrom): "MOVEDAWAY "
#   moveto     text moved here (w:moveTo): "MOVEDHERE "
#   nbhyphen   "Well", a non-breaking hyphen (w:noBreakHyphen), "being "
#   softhyphen "Well", an optional hyphen (w:softHyphen), "being "
#   vanish     a hidden run (w:vanish): "HIDDENTEXT "
#   shown      a run with w:vanish w:val="0" (shown): "SHOWNTEXT "
import sys
import zipfile

src, dst, case = sys.argv[1:4]
runs = {
    "movefrom": '<w:moveFrom w:id="901" w:author="A" w:date="2025-12-01T10:00:00Z"><w:r>'
                '<w:t xml:space="preserve">MOVEDAWAY </w:t></w:r></w:moveFrom>',
    "moveto": '<w:moveTo w:id="902" w:author="A" w:date="2025-12-01T10:00:00Z"><w:r>'
              '<w:t xml:space="preserve">MOVEDHERE </w:t></w:r></w:moveTo>',
    "nbhyphen": '<w:r><w:t>Well</w:t><w:noBreakHyphen/><w:t xml:space="preserve">being </w:t></w:r>',
    "softhyphen": '<w:r><w:t>Well</w:t><w:softHyphen/><w:t xml:space="preserve">being </w:t></w:r>',
    "vanish": '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">HIDDENTEXT </w:t></w:r>',
    "shown": '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve">SHOWNTEXT </w:t></w:r>',
}
z = zipfile.ZipFile(src)
parts = {n: z.read(n) for n in z.namelist()}
d = parts["word/document.xml"].decode()
i = d.find('<w:tag w:val="term.semh.summary"/>')
j = d.find("<w:sdtContent>", i) + len("<w:sdtContent>")
t = d.find("<w:t", j)
r = d.rfind("<w:r>", 0, t)
assert i > 0 and j < r < t, "no SEMH summary box with a run"
d = d[:r] + runs[case] + d[r:]
parts["word/document.xml"] = d.encode()
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
    for n, b in parts.items():
        o.writestr(n, b)
