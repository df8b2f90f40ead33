#!/usr/bin/python3
# tamper.py IN.docx OUT.docx CASE: edit a pepkit form's word/document.xml the way a person, Word
# or an adversary might, for t0603. The box edited is the SEMH summary (tag term.semh.summary),
# whose first text run is replaced by the case's text followed by what was there.
#   dupbox        the whole box pasted again, the copy's text changed ("SECOND COPY ...")
#   nested-id     a child-id box with another child's id nested inside the SEMH box
#   altcontent    a run Word wrapped in mc:AlternateContent (Choice and Fallback)
#   redacted-zwsp the redaction token with a zero-width space inside it
#   redacted-fw   the redaction token in full-width brackets
import sys
import zipfile

src, dst, case = sys.argv[1:4]
z = zipfile.ZipFile(src)
parts = {n: z.read(n) for n in z.namelist()}
d = parts["word/document.xml"].decode()
i = d.find('<w:tag w:val="term.semh.summary"/>')
j = d.find("<w:sdtContent>", i) + len("<w:sdtContent>")
k = d.find("</w:sdtContent>", j)
t = d.find("<w:t", j)
t = d.find(">", t) + 1
assert i > 0 and j < t < k, "no SEMH summary box with text"
if case == "dupbox":
    s = d.rfind("<w:sdt>", 0, i)
    e = d.find("</w:sdt>", k) + len("</w:sdt>")
    box = d[s:e]
    copy = box[: t - s] + "SECOND COPY " + box[t - s:]
    d = d[:e] + copy + d[e:]
elif case == "nested-id":
    d = d[:j] + ('<w:sdt><w:sdtPr><w:tag w:val="child.la-child-id"/></w:sdtPr><w:sdtContent>'
                 '<w:p><w:r><w:t>LA-777777</w:t></w:r></w:p></w:sdtContent></w:sdt>') + d[j:]
elif case == "altcontent":
    r = d.rfind("<w:r>", 0, t)
    d = d[:r] + ('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                 '<mc:Choice Requires="w14"><w:r><w:t xml:space="preserve">CHOICE </w:t></w:r></mc:Choice>'
                 '<mc:Fallback><w:r><w:t xml:space="preserve">FALLBACK </w:t></w:r></mc:Fallback>'
                 '</mc:AlternateContent>') + d[r:]
elif case == "redacted-zwsp":
    d = d[:t] + "[RE\u200bDACTED] " + d[t:]
elif case == "redacted-fw":
    d = d[:t] + "\uff3bREDACTED\uff3d " + d[t:]
else:
    sys.exit("unknown case " + case)
parts["word/document.xml"] = d.encode()
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
    for n, b in parts.items():
        o.writestr(n, b)
