#!/usr/bin/python3
# Usage: paste_picture.py IN.docx OUT.docx TAG [TEXT]: OUT is IN with a picture pasted into box
# TAG (a real image part and relationship, written by python-docx's add_picture), after TEXT
# typed in place of the box's text, or in place of the text when TEXT is not given: a chart or
# a scanned page pasted into a box. For t0643 and adv/f02.
import io, struct, sys, zlib
import docx
from docx.oxml.ns import qn

src, dst, tag = sys.argv[1:4]
text = sys.argv[4] if len(sys.argv) > 4 else None


def png(w, h):
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    raw = b''.join(b'\0' + b'\x80\x40\x20' * w for _ in range(h))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + \
        chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')


d = docx.Document(src)
sdt = [s for s in d.element.body.iter(qn('w:sdt'))
       if s.find(qn('w:sdtPr')).find(qn('w:tag')) is not None
       and s.find(qn('w:sdtPr')).find(qn('w:tag')).get(qn('w:val')) == tag][0]
content = sdt.find(qn('w:sdtContent'))
p = content.find(qn('w:p'))
for extra in content.findall(qn('w:p'))[1:]:
    content.remove(extra)
para = docx.text.paragraph.Paragraph(p, d._body)
for r in list(p.findall(qn('w:r'))):
    p.remove(r)
if text:
    para.add_run(text + ' ')
para.add_run().add_picture(io.BytesIO(png(8, 8)), width=docx.shared.Cm(3))
d.save(dst)
