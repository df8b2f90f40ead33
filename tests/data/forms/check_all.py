#!/usr/bin/python3
# check_all.py: is every value fill_all.py typed in the imported record, or named (by its box's
# label) in import's output? Prints one "ok"/"not ok" line per box (TAP-like, as tests/lib.sh).
# Usage: check_all.py EXPECT.tsv RECORD.xml IMPORT-OUTPUT.txt FORMNAME
#   "@target1" stands for the id of the first target in the term the form filled.
import sys

from lxml import etree

expect, rec, log, name = sys.argv[1:5]
doc = etree.parse(rec)
said = open(log, encoding="utf-8").read()
values = set()
for el in doc.iter():
    if isinstance(el.tag, str):
        if el.text and el.text.strip():
            values.add(" ".join(el.text.split()))
            values.update(" ".join(x.split()) for x in el.text.split("\n"))
        for a, v in el.attrib.items():
            values.add(v)
            values.update(v.split())
        if el.tag == "person":
            values.add(el.findtext("name") or "")
terms = doc.findall("/terms/term")
first = terms[-1].find("targets/target") if terms else None
target1 = first.get("id") if first is not None else "(none)"
bad = 0
for line in open(expect, encoding="utf-8"):
    if not line.strip():
        continue
    tag, label, typed, want = line.rstrip("\n").split("\t")
    wants = [target1 if w == "@target1" else w for w in want.split(" | ")]
    missing = [w for w in wants if w not in values]
    if not missing:
        print("ok - %s: '%s' typed as '%s' is in the record" % (name, label, typed))
    elif "'%s'" % label in said:
        print("ok - %s: '%s' typed as '%s' is named in import's output" % (name, label, typed))
    else:
        bad += 1
        print("not ok - %s: '%s' typed as '%s': %s not in the record, box not named in the output"
              % (name, label, typed, ", ".join(repr(m) for m in missing)))
sys.exit(1 if bad else 0)
