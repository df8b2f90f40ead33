#!/usr/bin/env python3
# Usage: strict.py IN.docx OUT.docx [TAG TEXT [T]]: OUT is IN as Word's "Strict Open XML" save names
# things (the ISO/IEC 29500 Strict namespaces for w: and r: and the purl relationship types),
# with the first run of box TAG's text set to TEXT when given (and the namespaces left as they are with a fifth argument T). For tests (t0622, adv/28).
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
tag, text = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
keep = len(sys.argv) > 5
T = b'http://schemas.openxmlformats.org/'
S = b'http://purl.oclc.org/ooxml/'
zi = zipfile.ZipFile(src)
zo = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for i in zi.infolist():
    d = zi.read(i.filename)
    if i.filename == 'word/document.xml' and tag:
        s = d.decode()
        a = s.index('<w:sdtContent>', s.index('w:tag w:val="%s"' % tag))
        b = s.index('</w:sdtContent>', a)
        body = re.sub(r'<w:t( [^>]*)?>[^<]*</w:t>', '<w:t>%s</w:t>' % text, s[a:b], count=1)
        d = (s[:a] + body + s[b:]).encode()
    if not keep and (i.filename.endswith('.xml') or i.filename.endswith('.rels')):
        d = d.replace(T + b'wordprocessingml/2006/main', S + b'wordprocessingml/main')
        d = d.replace(T + b'officeDocument/2006/relationships', S + b'officeDocument/relationships')
    zo.writestr(i, d)
zo.close()
