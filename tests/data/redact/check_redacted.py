#!/usr/bin/python3
"""check_redacted.py ORIGINAL.xml REDACTED.xml ALLOWED [KNOWS_SCHOOL]

Checks one `pepkit redact` output against its input, independently of pepkit's code (used by
tests/t0800-redact.sh over every sample and audience):
  - every element of the original whose confidential category is not in ALLOWED (comma-separated)
    is, in the copy, empty and marked redacted="CATEGORY" (elements match by document order:
    redaction removes content, never an element outside a withheld one);
  - no text of a withheld element (trimmed, 3 characters or more, at most 200) survives anywhere
    in the copy as whole words (text or attribute values, compared NFKD without accents,
    case-folded, every run of other characters than letters and digits one space); a one-word
    address line (a locality) is exempt, as pepkit documents;
  - elements outside withheld ones keep their names and order;
  - with a location-confidential placement (xs:boolean: " true", "1") and placement-address
    not allowed (and KNOWS_SCHOOL not "1"), the school's name, URN, LA number and address, the
    UPN, the meeting venues, the designated teacher's (and SENCo's) organisation, e-mail and
    phone, and current education-history settings are marked and their text is absent too;
    other settings may be marked.
Prints one line per problem; exits 1 if there was any.
"""
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

MARKERS = {"confidential", "redacted", "location-confidential"}


def norm(s):
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", s).casefold())
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    s = s.translate(str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe",
                                   "þ": "th", "ð": "d"}))
    return re.sub(r"[\W_]+", " ", s).strip()


def outside(root):
    """Elements in document order, not descending into withheld (redacted) ones."""
    out = []

    def walk(e):
        out.append(e)
        if e.get("redacted") is None:
            for c in e:
                walk(c)
    walk(root)
    return out


def main(orig_path, red_path, allowed, knows_school):
    problems = []
    orig = ET.parse(orig_path).getroot()
    red = ET.parse(red_path).getroot()
    allowed = set(a for a in allowed.split(",") if a)

    withheld_values = []
    school_hidden = False
    placement = orig.find("child/placement")
    if (placement is not None and (placement.get("location-confidential") or "").strip() in ("true", "1")
            and "placement-address" not in allowed and knows_school != "1"):
        school_hidden = True

    def collect(e):
        for d in e.iter():
            t = (d.text or "").strip()
            if d.tag == "line" and len(norm(t).split()) == 1:
                continue  # a locality: withheld with its address, not scrubbed on its own
            if 3 <= len(t) <= 200:
                withheld_values.append(t)

    # walk the original the way the copy should look
    expect = []
    parent_role = [None]
    parent_to = [False]

    def walk(e, path):
        cat = e.get("confidential")
        withheld = cat is not None and cat not in allowed
        optional = False
        if not withheld and school_hidden:
            staff = path.startswith("people/person/") and parent_role[0] in ("designated-teacher", "senco")
            if (path in ("child/school/name", "child/school/address", "child/upn",
                         "child/school/urn", "child/school/la-number", "terms/term/meeting/venue")
                    or (staff and e.tag in ("organisation", "email", "phone"))
                    or (path == "child/education-history/setting/name" and parent_to[0])):
                withheld, cat = True, "placement-address"
            elif path == "child/education-history/setting/name":
                optional = True
        if e.tag == "person":
            parent_role[0] = e.get("role")
        if e.tag == "setting":
            parent_to[0] = e.find("to") is None
        expect.append((e.tag, cat if withheld else None, optional))
        if withheld:
            collect(e)
            return
        for c in e:
            walk(c, (path + "/" if path else "") + c.tag)
    walk(orig, "")
    if school_hidden:
        sid = orig.find("child/school")
        if sid is not None and sid.get("id"):
            withheld_values.append(sid.get("id"))

    got = outside(red)
    if len(got) != len(expect):
        problems.append("copy has %d elements outside withheld ones, expected %d" % (len(got), len(expect)))
    for (tag, cat, optional), e in zip(expect, got):
        if e.tag != tag:
            problems.append("element order differs: %s where %s was" % (e.tag, tag))
            break
        if cat is not None:
            if e.get("redacted") != cat:
                problems.append("%s: not marked redacted=%s" % (tag, cat))
            if len(e) or (e.text or "").strip():
                problems.append("%s: withheld but not empty" % tag)
        elif e.get("redacted") is not None and not optional:
            problems.append("%s: marked redacted but its category is allowed" % tag)

    texts = []
    for e in red.iter():
        texts.append(e.text or "")
        texts.append(e.tail or "")
        texts.extend(v for k, v in e.attrib.items() if k not in MARKERS)
    hay = norm(" \n ".join(texts))
    for v in set(withheld_values):
        n = norm(v)
        hit = n and re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", hay) is not None
        if hit:
            problems.append("withheld value survives: %r" % v)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "0"))
