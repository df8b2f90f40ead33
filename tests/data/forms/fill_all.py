#!/usr/bin/python3
# fill_all.py: fill EVERY empty box of a pepkit form with python-docx, the way a person types:
# dates as "3/12/2025", "5/1/26" or "27 Mar 2026", drop-downs by picking an item (the words the
# list shows), owners as "ms siobhan o briain" (any case, no accents, a title), PP+ links as
# "Target 1", amounts as "£1,250", ticks for presence, grades with stray spaces and in words.
# Writes the filled form and a list of what each box must become in the record.
# Usage: fill_all.py FORM.docx OUT.docx EXPECT.tsv [RECORD.xml]
#   EXPECT.tsv: one line per filled box: tag <TAB> label <TAB> typed <TAB> expected value(s)
#   in the record, separated by " | " (every one must be found in the imported record).
# Exits 2 on a box it does not know how to fill (a new kind of box needs a rule here).
import re
import sys
import unicodedata

import os

import docx
from docx.oxml.ns import qn
from lxml import etree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docx"))
from fill_form import fill  # noqa: E402  (typing into a box: one w:p per line)

src, dst, expect = sys.argv[1], sys.argv[2], sys.argv[3]
record = etree.parse(sys.argv[4]) if len(sys.argv) > 4 else None

W_SDT, W_TAG, W_VAL = qn("w:sdt"), qn("w:tag"), qn("w:val")
NEW_PEOPLE = ["Tyler Brown", "Zainab Qureshi", "Mihai Popescu", "Aroha Ngata", "Kwame Mensah",
              "Ingrid Solberg", "Nadia Haddad", "Owen Pritchard", "Hana Sato", "Diego Ramírez"]


def plain(s):
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))


def items(sdt):
    dl = sdt.find(qn("w:sdtPr")).find(qn("w:dropDownList"))
    if dl is None:
        return {}
    return {i.get(qn("w:value")): i.get(qn("w:displayText")) for i in dl.findall(qn("w:listItem"))}


def text_of(sdt):
    return "".join(t.text or "" for t in sdt.iter(qn("w:t")))


d = docx.Document(src)
body = d.element.body
boxes = [s for s in body.iter(W_SDT) if s.find(qn("w:sdtPr")).find(W_TAG) is not None]
byTag = {}
for s in boxes:
    byTag.setdefault(s.find(qn("w:sdtPr")).find(W_TAG).get(W_VAL), s)

people = []   # names an owner box may use
if record is not None:
    people += [n.text for n in record.findall("/people/person/name")]
people_rows = sorted({int(m.group(1)) for t in byTag for m in [re.match(r"person\.(\d+)\.name$", t)] if m})
new_names = {}
for i in people_rows:
    if byTag["person.%d.name" % i].find(qn("w:sdtPr")).find(qn("w:showingPlcHdr")) is not None:
        new_names[i] = NEW_PEOPLE[len(new_names) % len(NEW_PEOPLE)]
people += list(new_names.values())
if not people:
    people = ["Tyler Brown"]
n = [0]


def unique(label):
    n[0] += 1
    return "Typed %d for %s" % (n[0], label.split(":")[0])


def pick(sdt, code):
    it = items(sdt)
    return (it.get(code, code), code)


def owner(k):
    name = people[k % len(people)]
    title = ["Ms ", "mr ", "Dr ", ""][k % 4]
    return (title + plain(name).lower(), name)


def scale_of(tag):
    box = byTag.get(re.sub(r"\.(current|target)$", ".scale", tag))
    t = text_of(box).lower() if box is not None else ""
    if "gcse" in t:
        return "gcse"
    if "teacher" in t or "ks-ta" in t:
        return "ks-ta"
    if "eyfs" in t:
        return "eyfs-elg"
    if "scaled" in t:
        return "ks2-scaled"
    if "phonics" in t:
        return "phonics"
    if "percent" in t:
        return "percent"
    return "gcse"


GRADES = {"gcse": [(" 5 ", "5"), ("6", "6")], "ks-ta": [(" exp ", "EXS"), ("Greater depth", "GDS")],
          "eyfs-elg": ([" expected", "2"], ["a", "A"]), "ks2-scaled": [("104", "104"), ("110", "110")],
          "phonics": [("32", "32"), ("36", "36")], "percent": [("85", "85"), ("90.5", "90.5")]}


def value(tag, label, sdt):
    """(typed text, [expected values]) for the box, or None to leave it."""
    m = re.match(r"^([a-z-]+)\.(\d+)\.", tag)
    row = int(m.group(2)) if m else 0
    simple = {
        "term.start": ("5/1/2026", ["2026-01-05"]), "term.end": ("27 Mar 2026", ["2026-03-27"]),
        "term.attendance.percent": ("93.5 %", ["93.5"]),
        "term.attendance.sessions-possible": ("200", ["200"]),
        "term.attendance.sessions-attended": ("187", ["187"]),
        "term.meeting.date": ("3/2/2026", ["2026-02-03"]),
        "term.next-meeting": ("12 Mar 26", ["2026-03-12"]),
        "child.la-child-id": ("LA-700123", ["LA-700123"]), "child.upn": ("B801200005001", ["B801200005001"]),
        "child.date-of-birth": ("3/11/2016", ["2016-11-03"]), "child.entered-care": ("1 Jun 2024", ["2024-06-01"]),
        "child.placement.start-date": ("1/6/24", ["2024-06-01"]),
        "child.school.start-date": ("01/09/2021", ["2021-09-01"]),
        "child.legal-name.given": ("Aaliyah", ["Aaliyah"]), "child.legal-name.family": ("Nwachukwu", ["Nwachukwu"]),
        "child.preferred-name": ("Leah", ["Leah"]), "child.school.name": ("Brookvale Primary", ["Brookvale Primary"]),
    }
    if tag in simple:
        return simple[tag]
    choice = {"term.kind": "review", "child.legal-status": "section-20", "child.placement.type": "foster-care",
              "child.year-group": "4", "child.key-stage": "KS2", "child.send.status": "sen-support",
              "term.attendance.part-time-timetable": "no", "term.ppp.status": "requested",
              "term.transition.stage": "none"}
    if tag in choice:
        shown, code = pick(sdt, choice[tag])
        return (shown, [{"no": "false", "yes": "true"}.get(code, code)])
    if re.match(r"^exclusion\.\d+\.type$", tag):
        shown, code = pick(sdt, "suspension")
        return (shown, [code])
    if re.match(r"^exclusion\.\d+\.start$", tag):
        return ("%d/1/26" % (12 + row), ["2026-01-%02d" % (12 + row)])
    if re.match(r"^exclusion\.\d+\.days$", tag):
        return ("1.5", ["1.5"])
    if re.match(r"^attainment\.\d+\.scale$", tag):
        shown, code = pick(sdt, "gcse")
        return (shown, [code])
    if re.match(r"^attainment\.\d+\.(current|target)$", tag):
        typed, want = GRADES[scale_of(tag)][0 if tag.endswith("current") else 1]
        return (typed, [want])
    if re.match(r"^(target|action)\.\d+\.owner$", tag) or re.match(r"^attendee\.\d+\.person$", tag):
        typed, name = owner(row)
        return (typed, [name])
    if re.match(r"^target\.\d+\.set$", tag):
        return ("5/1/26", ["2026-01-05"])
    if re.match(r"^target\.\d+\.due$", tag):
        return ("%d Mar 2026" % (10 + row), ["2026-03-%02d" % (10 + row)])
    if re.match(r"^(target\.\d+|review\.[^.]+)\.status$", tag):
        shown, code = pick(sdt, "in-progress")
        return (shown, [code])
    if re.match(r"^action\.\d+\.due$", tag):
        return ("%d/3/2026" % row, ["2026-03-%02d" % row])
    if re.match(r"^attendee\.\d+\.present$", tag):
        return (["\u2612", "Yes", "No", "x"][row % 4], [["true", "true", "false", "true"][row % 4]])
    if re.match(r"^intervention\.\d+\.cost$", tag):
        return ("£%d" % (40 + row), ["%d.00" % (40 + row)])
    if re.match(r"^ppp\.\d+\.amount$", tag):
        return ("£1,2%d0" % row, ["12%d0.00" % row])
    if re.match(r"^ppp\.\d+\.targets$", tag):
        return ("Target 1", ["@target1"])
    if re.match(r"^person\.\d+\.name$", tag):
        return (new_names[row], [new_names[row]])
    if re.match(r"^person\.\d+\.role$", tag):
        shown, code = pick(sdt, "key-worker")
        return (shown, [code])
    if tag == "term.id":
        return None
    # free text: one line, or two paragraphs in a multi-paragraph box
    u = unique(label)
    if sdt.find(qn("w:sdtPr")).find(qn("w:text")) is None and sdt.find(qn("w:sdtPr")).find(qn("w:date")) is None \
            and not items(sdt):
        return (u + "\nsecond line " + u, [u, "second line " + u])
    return (u, [u])


out = []
for s in boxes:
    pr = s.find(qn("w:sdtPr"))
    if pr.find(qn("w:showingPlcHdr")) is None:
        continue
    tag = pr.find(W_TAG).get(W_VAL)
    alias = pr.find(qn("w:alias"))
    label = alias.get(W_VAL) if alias is not None else tag
    v = value(tag, label, s)
    if v is None:
        continue
    typed, want = v
    fill(s, typed)
    out.append("\t".join([tag, label, typed.replace("\n", "\\n"), " | ".join(want)]))
d.save(dst)
with open(expect, "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
