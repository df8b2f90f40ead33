#!/usr/bin/python3
# namescan.py: look for children's names where none may be (t1306). Each line that holds a
# child id (LA-...) is searched for THAT child's given and family names (whole words, without
# case or accents; sample staff may share another child's surname). Extra names to look for
# in every line (an old name after a change) come from --also "ID:NAME" arguments.
# Usage: namescan.py COHORT_DIR [--also ID:NAME]... -- FILE...   exit 1 and the hits if found
import os, re, sys, unicodedata
import xml.etree.ElementTree as ET

def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).casefold()

args = sys.argv[1:]
cohort = args.pop(0)
names = {}
while args and args[0] == "--also":
    args.pop(0)
    cid, n = args.pop(0).split(":", 1)
    names.setdefault(cid, set()).add(fold(n))
if args and args[0] == "--":
    args.pop(0)
for f in os.listdir(cohort):
    if not f.endswith(".xml"):
        continue
    try:
        c = ET.parse(os.path.join(cohort, f)).getroot().find("child")
    except ET.ParseError:
        continue
    cid = c.findtext("la-child-id")
    for tag in ("legal-name/given", "legal-name/family", "preferred-name"):
        v = c.findtext(tag)
        if v and len(v) >= 3:
            names.setdefault(cid, set()).add(fold(v))
hits = 0
for path in args:
    data = open(path, "rb").read().decode("utf-8", "replace")
    for ln, line in enumerate(data.splitlines(), 1):
        fl = fold(line)
        for cid in set(re.findall(r"LA-[0-9A-Za-z]+", line)):
            for n in names.get(cid, ()):
                if re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", fl):
                    print("%s:%d: %s: %s" % (path, ln, cid, line[:160]))
                    hits += 1
sys.exit(1 if hits else 0)
