#!/usr/bin/python3
"""allowed_fields.py ORIGINAL.xml COPY.xml ALLOWED KNOWS_SCHOOL OUT.tsv

The over-redaction check of issue 10, from the rules (not pepkit's code): the fields a reader
may see as values in their own right are the child's names, the names of people not withheld
from them, and the school's name and address (unless the placement is location-confidential,
read as xs:boolean, and the reader may neither see placement-address nor knows the school).
Each must be in COPY.xml exactly as in ORIGINAL.xml (white space runs as one space). Writes
the values to OUT.tsv ("RECORD<TAB>VALUE", RECORD "x") for the rendered-copy checks. Prints one
line per damaged field; exit 1 if any."""
import re
import sys
import xml.etree.ElementTree as ET


def ws(s):
    return re.sub(r"\s+", " ", s or "").strip()


def main(orig, copy, allowed, knows, out):
    o, c = ET.parse(orig).getroot(), ET.parse(copy).getroot()
    allowed = set(a for a in allowed.split(",") if a)
    pl = o.find("child/placement")
    conf = pl is not None and ws(pl.get("location-confidential")) in ("true", "1")
    school_visible = not conf or "placement-address" in allowed or knows == "1"
    paths = ["child/legal-name/given", "child/legal-name/family", "child/preferred-name"]
    if school_visible:
        paths += ["child/school/name", "child/school/address/line", "child/school/address/postcode"]
    fields = []
    for p in paths:
        for a, b in zip(o.findall(p), c.findall(p)):
            fields.append((p, ws(a.text), ws(b.text)))
        if len(o.findall(p)) != len(c.findall(p)):
            fields.append((p, "%d elements" % len(o.findall(p)), "%d elements" % len(c.findall(p))))
    for a, b in zip(o.findall("people/person"), c.findall("people/person")):
        cat = a.get("confidential")
        if cat is not None and cat not in allowed:
            continue
        fields.append(("person %s name" % a.get("id"), ws(a.findtext("name")), ws(b.findtext("name"))))
    bad = 0
    for p, want, got in fields:
        if want != got:
            bad += 1
            print("DAMAGED %s: '%s' became '%s'" % (p, want, got))
    with open(out, "w", encoding="utf-8") as f:
        for _, want, _ in fields:
            if want:
                f.write("x\t%s\n" % want)
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
