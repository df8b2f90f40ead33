#!/usr/bin/python3
# Usage: box_markup.py IN.docx OUT.docx TAG INNER: OUT is IN with box TAG's content replaced by
# INNER, WordprocessingML as Word writes it: runs (wrapped in one FormField paragraph), or whole
# paragraphs when INNER starts with "<w:p". For t0644: tracked changes, hyperlinks, fields,
# comments, runs of different formatting, a symbol.
import sys, zipfile
src, dst, tag, inner = sys.argv[1:5]
z = zipfile.ZipFile(src)
parts = {n: z.read(n) for n in z.namelist()}
d = parts['word/document.xml'].decode()
i = d.find('<w:tag w:val="%s"/>' % tag)
assert i > 0, tag
j = d.find('<w:sdtContent>', i) + len('<w:sdtContent>')
k = d.find('</w:sdtContent>', j)
P = '<w:p><w:pPr><w:pStyle w:val="FormField"/></w:pPr>%s</w:p>'
d = d[:j] + (inner if inner.startswith('<w:p') else P % inner) + d[k:]
parts['word/document.xml'] = d.encode()
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as o:
    for n, b in parts.items():
        o.writestr(n, b)
