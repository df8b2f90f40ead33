#!/usr/bin/python3
# Usage: saved_return.py IN.docx OUT.docx WHEN TEXT [TAG]: OUT is IN (a pepkit form) returned
# by a person: the box tagged TAG (default the SEMH summary, term.semh.summary) holding TEXT,
# saved at WHEN (UTC,
# yyyy-mm-ddThh:mm:ss) as Word records it in docProps/core.xml (dcterms:modified). python-docx
# writes both. For t0645, t0646 and adv/f03: returns of one form, or of two.
import datetime
import sys

import docx
from docx.oxml.ns import qn

src, dst, when, text = sys.argv[1:5]
tag = sys.argv[5] if len(sys.argv) > 5 else 'term.semh.summary'
d = docx.Document(src)
for s in d.element.body.iter(qn('w:sdt')):
    t = s.find(qn('w:sdtPr')).find(qn('w:tag'))
    if t is not None and t.get(qn('w:val')) == tag:
        c = s.find(qn('w:sdtContent'))
        ps = c.findall(qn('w:p'))
        for p in ps[1:]:
            c.remove(p)
        rs = ps[0].findall(qn('w:r'))
        for r in rs[1:]:
            ps[0].remove(r)
        rs[0].find(qn('w:t')).text = text
d.core_properties.modified = datetime.datetime.strptime(when, '%Y-%m-%dT%H:%M:%S')
d.save(dst)
