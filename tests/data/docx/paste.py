#!/usr/bin/env python3
# Usage: paste.py IN.docx OUT.docx TAG KIND: OUT is IN with box TAG's content replaced by what a
# person pastes into it: KIND "table" (a 2x2 table under a line of text, one cell of two
# paragraphs) or "textbox" (a line, then a Word text box as Word writes one: a DrawingML shape
# in mc:Choice and its VML copy in mc:Fallback). For tests (t0623, adv/30).
import sys, zipfile
src, dst, tag, kind = sys.argv[1:5]
W = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' \
    'xmlns:v="urn:schemas-microsoft-com:vml" ' \
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' \
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' \
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
def para(t): return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % t
def cell(*ps): return '<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>%s</w:tc>' % ''.join(para(p) for p in ps)
if kind == 'table':
    new = para('Progress this half term:') + '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>' \
        '<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>' \
        '<w:tr>' + cell('Reading') + cell('Reads every evening') + '</w:tr>' \
        '<w:tr>' + cell('Maths') + cell('Needs support', 'with fractions') + '</w:tr></w:tbl>'
else:
    box = '<w:txbxContent>' + para('Asked to join the choir') + '</w:txbxContent>'
    new = para('Her own words:') + '<w:p><w:r><mc:AlternateContent %s><mc:Choice Requires="wps">' \
        '<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>%s</wps:txbx></wps:wsp>' \
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>' \
        '<v:shape><v:textbox>%s</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>' \
        '</w:r></w:p>' % (W, box, box)
zi = zipfile.ZipFile(src)
zo = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for i in zi.infolist():
    d = zi.read(i.filename)
    if i.filename == 'word/document.xml':
        s = d.decode()
        k = s.index('w:tag w:val="%s"' % tag)
        a = s.index('<w:sdtContent>', k) + len('<w:sdtContent>')
        b = s.index('</w:sdtContent>', a)
        pr = s.rindex('<w:sdtPr>', 0, k)
        s = s[:pr] + s[pr:a].replace('<w:showingPlcHdr/>', '') + new + s[b:]
        d = s.encode()
    zo.writestr(i, d)
zo.close()
