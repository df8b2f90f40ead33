#!/usr/bin/env python3
"""extract.py TEXT NAMES.TSV [KEY...]: text extracted from a PDF (pdftotext) against names
(key TAB text): each name must appear in TEXT after NFKC and removal of bidi controls (LRM,
RLM, ALM, embeddings, overrides, isolates) on both sides. With KEYs, only those names. Prints
"ok - ..." / "not ok - ..." lines."""
import re, sys, unicodedata

BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

def norm(s):
    return BIDI.sub("", unicodedata.normalize("NFKC", s))

def main():
    text = norm(open(sys.argv[1], encoding="utf-8").read())
    keys = set(sys.argv[3:])
    failed = 0
    for line in open(sys.argv[2], encoding="utf-8"):
        key, name = line.rstrip("\n").split("\t")
        if keys and key not in keys:
            continue
        if norm(name) in text:
            print("ok - %s: extracts as its logical text" % key)
        else:
            failed += 1
            print("not ok - %s: '%s' not in the extracted text" % (key, name))
    return 1 if failed else 0

sys.exit(main())
