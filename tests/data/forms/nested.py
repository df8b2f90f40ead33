#!/usr/bin/python3
# nested.py: a small Word form whose content controls nest deeply, each level holding a
# paragraph of text (issue 11: such a 12 KB form once made `pepkit import` use 930 MB).
# Usage: nested.py FORM.docx OUT.docx [DEPTH [TEXTLEN]]
# The parts of FORM.docx are kept; word/document.xml is replaced. Compressed, the result is
# a few kilobytes; uncompressed its document part is DEPTH * TEXTLEN bytes and more.
import sys
import zipfile

src, dst = sys.argv[1], sys.argv[2]
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 120
textlen = int(sys.argv[4]) if len(sys.argv) > 4 else 60000
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
text = ("nested text " * (textlen // 12 + 1))[:textlen]
open_parts, close_parts = [], []
for i in range(depth):
    open_parts.append('<w:sdt><w:sdtPr><w:alias w:val="Box %d"/><w:tag w:val="term.carer-section"/>'
                      '</w:sdtPr><w:sdtContent><w:p><w:r><w:t>%s</w:t></w:r></w:p>' % (i, text))
    close_parts.append('</w:sdtContent></w:sdt>')
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<w:document xmlns:w="%s"><w:body>' % W + "".join(open_parts) + "".join(reversed(close_parts)) +
       '</w:body></w:document>')
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
    for item in zin.infolist():
        data = doc.encode() if item.filename == "word/document.xml" else zin.read(item.filename)
        zout.writestr(item.filename, data)
