#!/usr/bin/python3
"""check-rules.py: an independent check (written apart from pepkit's C code) of the rules a
PEP record must follow beyond pep.xsd, used by the sample tests until `pepkit validate` does
them too. Usage: check-rules.py FILE...  Prints one line per problem ("FILE: rule: detail")
and exits 1 if any; also checks that UPNs and LA child ids are unique across the files."""
import sys
import xml.etree.ElementTree as ET
from datetime import date

ALPHA = "ABCDEFGHJKLMNPQRTUVWXYZ"
KS = {"N1": "EYFS", "N2": "EYFS", "R": "EYFS", "1": "KS1", "2": "KS1", "3": "KS2", "4": "KS2",
      "5": "KS2", "6": "KS2", "7": "KS3", "8": "KS3", "9": "KS3", "10": "KS4", "11": "KS4",
      "12": "post-16", "13": "post-16"}
problems = []
seen_upn, seen_la = {}, {}


def d(s):
    return date.fromisoformat(s)


def upn_ok(u):
    total = 0
    for i, ch in enumerate(u[1:], start=2):
        v = int(ch) if ch.isdigit() else ALPHA.index(ch)
        total += i * v
    return ALPHA[total % 23] == u[0]


def bad(f, rule, detail):
    problems.append(f"{f}: {rule}: {detail}")


for f in sys.argv[1:]:
    root = ET.parse(f).getroot()
    c = root.find("child")
    ids = {p.get("id") for p in root.iter("person")}
    upn = c.findtext("upn")
    if upn is not None:
        if not upn_ok(upn):
            bad(f, "upn", f"check letter wrong in {upn}")
        if upn in seen_upn:
            bad(f, "upn", f"{upn} also in {seen_upn[upn]}")
        seen_upn[upn] = f
    la = c.findtext("la-child-id")
    if la in seen_la:
        bad(f, "la-child-id", f"{la} also in {seen_la[la]}")
    seen_la[la] = f
    dob = d(c.findtext("date-of-birth"))
    entered = d(c.findtext("entered-care"))
    if not dob < entered:
        bad(f, "entered-care", "not after date of birth")
    ps = d(c.find("placement").findtext("start-date"))
    if ps < entered:
        bad(f, "placement/start-date", "before entered-care")
    s = c.find("school")
    if s is not None and not d(s.findtext("start-date")) > dob:
        bad(f, "school/start-date", "not after date of birth")
    yg, ks = c.findtext("year-group"), c.findtext("key-stage")
    if KS[yg] != ks:
        bad(f, "key-stage", f"{ks} does not match year group {yg}")
    send = c.find("send")
    if send.findtext("status") == "ehcp" and send.find("ehcp-date") is None:
        bad(f, "send", "ehcp without ehcp-date")
    if send.find("ehcp-review-date") is not None and send.find("ehcp-date") is not None:
        if not d(send.findtext("ehcp-review-date")) > d(send.findtext("ehcp-date")):
            bad(f, "send", "review not after ehcp date")
    for st in c.iter("setting"):
        if st.find("to") is not None and not d(st.findtext("to")) > d(st.findtext("from")):
            bad(f, "education-history", "to not after from")
        if d(st.findtext("from")) <= dob:
            bad(f, "education-history", "from not after birth")
    for e in root.iter("email"):
        if not e.text.endswith("@example.org"):
            bad(f, "email", e.text)
    for p in root.iter("postcode"):
        if not p.text.startswith("ZZ9"):
            bad(f, "postcode", p.text)
    prev_end = None
    for t in root.find("terms"):
        ts, te = d(t.get("start")), d(t.get("end"))
        tid = t.get("id")
        if not ts < te:
            bad(f, tid, "start not before end")
        if prev_end and not ts > prev_end:
            bad(f, tid, "terms out of order")
        prev_end = te
        if t.get("kind") == "initial" and not ts <= entered <= te:
            bad(f, tid, "initial PEP but entered care outside the term")
        a = t.find("attendance")
        if a is not None and a.find("sessions-possible") is not None:
            poss, att = int(a.findtext("sessions-possible")), int(a.findtext("sessions-attended"))
            if att > poss:
                bad(f, tid, "attended > possible")
            if poss and abs(float(a.findtext("percent")) - 100.0 * att / poss) > 0.5:
                bad(f, tid, "percent inconsistent")
        for x in t.iter("exclusion"):
            if not ts <= d(x.get("start")) <= te:
                bad(f, tid, "exclusion outside term")
        tids = set()
        for g in t.iter("target"):
            tids.add(g.get("id"))
            if not d(g.get("due")) > d(g.get("set")):
                bad(f, tid, f"target {g.get('id')} due not after set")
            if g.get("owner") not in ids:
                bad(f, tid, "target owner not a person")
        for r in t.iter("request"):
            for ref in (r.get("targets") or "").split():
                if ref not in tids:
                    bad(f, tid, f"PP+ names {ref}, not a target of this term")
        so = t.find("designated-teacher-summary/signed-off")
        if so is not None and so.get("by") not in ids:
            bad(f, tid, "signed-off by unknown person")
        m = t.find("meeting")
        if m is not None:
            md = d(m.get("date"))
            if not ts <= md <= te:
                bad(f, tid, "meeting outside term")
            nm = t.findtext("next-meeting")
            if nm and not d(nm) > md:
                bad(f, tid, "next meeting not after meeting")
            for ac in m.iter("action"):
                if d(ac.get("due")) < md:
                    bad(f, tid, "action due before meeting")
            for at in m.iter("attendee"):
                if at.get("person") not in ids:
                    bad(f, tid, "attendee not a person")

for p in problems[:50]:
    print(p)
sys.exit(1 if problems else 0)
