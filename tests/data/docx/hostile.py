#!/usr/bin/python3
# hostile.py: write hostile and broken DOCX files for the import tests into DIR, made from a
# good form GOOD.docx. Usage: hostile.py GOOD.docx DIR
import os
import sys
import zipfile

good, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
parts = {}
with zipfile.ZipFile(good) as z:
    for n in z.namelist():
        parts[n] = z.read(n)


def write(name, items, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(out, name), "w", method) as z:
        for n, data in items:
            z.writestr(n, data)


def without(*names):
    return [(n, d) for n, d in parts.items() if n not in names]


# a zip bomb: a 70 MB part of zeros compresses to ~70 kB
write("bomb-total.docx", list(parts.items()) + [("word/media/image1.bin", b"\0" * (70 << 20))])
# the main part itself inflates past the XML size cap
doc = parts["word/document.xml"]
write("bomb-part.docx", without("word/document.xml") +
      [("word/document.xml", doc.replace(b"</w:body>", b"<!--" + b" " * (20 << 20) + b"--></w:body>"))])
# too many entries
write("many-entries.docx", list(parts.items()) + [("junk/%d.xml" % i, b"<a/>") for i in range(1200)])
# XXE: an external entity in the main part
xxe = b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + \
      doc[doc.index(b"<w:document"):].replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>", 1)
write("xxe.docx", without("word/document.xml") + [("word/document.xml", xxe)])
# billion laughs in [Content_Types].xml
laughs = b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&c;</Types>'
write("laughs.docx", without("[Content_Types].xml") + [("[Content_Types].xml", laughs)])
# missing parts
write("no-document.docx", without("word/document.xml"))
write("no-content-types.docx", without("[Content_Types].xml"))
write("no-rels.docx", without("_rels/.rels"))
# wrong content type for the main part (e.g. a macro-enabled or renamed file)
ct = parts["[Content_Types].xml"].replace(
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml")
write("wrong-type.docx", without("[Content_Types].xml") + [("[Content_Types].xml", ct)])
# main part pointing outside the package
rels = parts["_rels/.rels"].replace(b'Target="word/document.xml"', b'Target="../../etc/passwd"')
write("escape-rels.docx", without("_rels/.rels") + [("_rels/.rels", rels)])
# truncated zip and not a zip at all
data = open(good, "rb").read()
open(os.path.join(out, "truncated.docx"), "wb").write(data[: len(data) // 2])
open(os.path.join(out, "not-a-zip.docx"), "wb").write(b"This is a plain text file, not a Word document.\n")
open(os.path.join(out, "empty.docx"), "wb").write(b"")
# malformed XML in the main part
write("bad-xml.docx", without("word/document.xml") + [("word/document.xml", doc[: len(doc) // 2])])
