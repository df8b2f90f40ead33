#!/usr/bin/python3
"""doctext.py FILE...: write FILE.txt, the text a reader sees in each document, for the leak
tests: a PDF through pdftotext (poppler), a DOCX through python-docx (body, tables, headers,
footers, core properties) plus the text of every paragraph of every XML part read directly
(w:t runs joined per w:p, so content controls and text boxes count too), any other file as
it is. Exit 1 if a document cannot be read."""
import re
import subprocess
import sys
import zipfile


def docx_text(path):
    import docx
    out = []
    d = docx.Document(path)

    def cells(tables):
        for t in tables:
            for r in t.rows:
                for c in r.cells:
                    yield from (p.text for p in c.paragraphs)
                    yield from cells(c.tables)
    out += [p.text for p in d.paragraphs]
    out += list(cells(d.tables))
    for sec in d.sections:
        for hf in (sec.header, sec.footer):
            out += [p.text for p in hf.paragraphs]
    cp = d.core_properties
    out += [getattr(cp, k) or "" for k in ("title", "subject", "author", "keywords", "comments",
                                          "category", "last_modified_by")]
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if not n.endswith(".xml") and not n.endswith(".rels"):
                continue
            x = z.read(n).decode("utf-8", "replace")
            for para in re.findall(r"<w:p[ >].*?</w:p>", x, re.S):
                out.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para)))
            out.append(re.sub(r"<[^>]+>", " ", x))
    return "\n".join(out)


def main(files):
    rc = 0
    for f in files:
        try:
            if f.endswith(".pdf"):
                t = subprocess.run(["pdftotext", "-enc", "UTF-8", f, "-"], check=True,
                                   capture_output=True).stdout.decode("utf-8", "replace")
                t += subprocess.run(["pdfinfo", "-enc", "UTF-8", f], capture_output=True).stdout.decode("utf-8", "replace")
            elif f.endswith(".docx"):
                t = docx_text(f)
            else:
                with open(f, encoding="utf-8", errors="replace") as h:
                    t = h.read()
        except Exception as e:  # noqa: BLE001 - any failure to read is a test failure
            print("cannot read %s: %s" % (f, e))
            rc = 1
            continue
        with open(f + ".txt", "w", encoding="utf-8") as h:
            h.write(t)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
