#!/usr/bin/python3
# fill_form.py: fill a pepkit form's content controls with python-docx, the way a person does
# in Word: typing into a control replaces its placeholder (w:showingPlcHdr goes), each typed
# paragraph becomes a w:p in the control; copying a row of boxes and pasting it after the last
# one duplicates the row's controls with the same tags.
# Usage: fill_form.py IN.docx OUT.docx OP...
#   set TAG[@N] TEXT   fill the Nth (0-based) control tagged TAG; "\n" in TEXT = new paragraph
#   copyrow GROUP KEY  duplicate the controls (and labels) of row GROUP.KEY.* after that row
#   date TAG VALUE     as set, and also the date picker's w:fullDate, as Word does
import copy
import sys

import docx
from docx.oxml.ns import qn

W_SDT, W_TAG, W_VAL = qn("w:sdt"), qn("w:tag"), qn("w:val")


def controls(body):
    return [s for s in body.iter(W_SDT) if s.find(qn("w:sdtPr")).find(W_TAG) is not None]


def tag_of(sdt):
    return sdt.find(qn("w:sdtPr")).find(W_TAG).get(W_VAL)


def find(body, spec):
    tag, _, n = spec.partition("@")
    hits = [s for s in controls(body) if tag_of(s) == tag]
    if not hits:
        sys.exit("fill_form: no control tagged %r" % tag)
    return hits[int(n or 0)]


def fill(sdt, text):
    pr = sdt.find(qn("w:sdtPr"))
    ph = pr.find(qn("w:showingPlcHdr"))
    if ph is not None:
        pr.remove(ph)
    content = sdt.find(qn("w:sdtContent"))
    paras = content.findall(qn("w:p"))
    template = paras[0]
    for p in paras:
        content.remove(p)
    for line in text.split("\n"):
        p = copy.deepcopy(template)
        for r in p.findall(qn("w:r")):
            p.remove(r)
        r = p.makeelement(qn("w:r"), {})
        t = r.makeelement(qn("w:t"), {})
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
        p.append(r)
        content.append(p)


def copyrow(body, group, key):
    prefix = "%s.%s." % (group, key)
    row = [s for s in controls(body) if tag_of(s).startswith(prefix)]
    if not row:
        sys.exit("fill_form: no row %s" % prefix)
    first, last = row[0], row[-1]
    # the row's blocks: from the heading before the first control to the last control
    blocks, el = [], first.getprevious()
    while el is not None and el.tag == qn("w:p") and not list(el.iter(qn("w:pStyle"))) == [] and \
            el.find(qn("w:pPr")).find(qn("w:pStyle")).get(W_VAL) in ("FormLabel", "Heading3"):
        blocks.insert(0, el)
        if el.find(qn("w:pPr")).find(qn("w:pStyle")).get(W_VAL) == "Heading3":
            break
        el = el.getprevious()
    el = first
    while True:
        blocks.append(el)
        if el is last:
            break
        el = el.getnext()
    anchor = last
    for b in blocks:
        c = copy.deepcopy(b)
        anchor.addnext(c)
        anchor = c


def main():
    d = docx.Document(sys.argv[1])
    body = d.element.body
    ops = sys.argv[3:]
    i = 0
    while i < len(ops):
        op = ops[i]
        if op == "set":
            fill(find(body, ops[i + 1]), ops[i + 2].replace("\\n", "\n"))
            i += 3
        elif op == "date":
            sdt = find(body, ops[i + 1])
            fill(sdt, ops[i + 2])
            dt = sdt.find(qn("w:sdtPr")).find(qn("w:date"))
            if dt is not None:
                dt.set(qn("w:fullDate"), ops[i + 2] + "T00:00:00Z")
            i += 3
        elif op == "copyrow":
            copyrow(body, ops[i + 1], ops[i + 2])
            i += 3
        else:
            sys.exit("fill_form: unknown op %r" % op)
    d.save(sys.argv[2])


if __name__ == "__main__":
    main()
