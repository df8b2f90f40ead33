#!/usr/bin/python3
"""leakscan.py: search files for canary values in every encoding a renderer might use.

Used by tests/t0850-leak.sh. Two modes:

  leakscan.py leaks CANARIES.tsv ALLOWED DIR...
      For every canary whose category is not in ALLOWED (comma-separated, may be empty), search
      every file under each DIR (contents and the file's path below DIR) for the value as UTF-8,
      UTF-16BE, UTF-16LE, XML-escaped (entities and numeric references), PDF-escaped (literal
      strings with octal escapes, hex strings of UTF-16BE and UTF-8), case-insensitively where
      the form allows, and with white space runs taken as one space; also NFKC-normalised and
      case-folded with invisible characters (soft hyphen, zero-width) dropped, so a value
      that reaches the output decomposed or in full-width form is found. Values under 6 bytes are
      searched as text only in files that are UTF-8 text (in binary data such as an embedded
      font, 3 given letters occur by chance); their UTF-16 forms are searched everywhere. Prints one line per hit
      ("HIT category 'value' form in path") and exits 1 if there was any.

  leakscan.py present CANARIES.tsv DIR...
      Every canary must occur (UTF-8, white space folded, case-insensitive) in some file under
      the DIRs. Prints one line per missing canary and exits 1 if any is missing.

CANARIES.tsv: one "CATEGORY<TAB>VALUE" a line.
"""
import os
import re
import sys
import unicodedata

IGNORABLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def load(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                cat, val = line.split("\t", 1)
                out.append((cat, val))
    return out


def files(dirs):
    for d in dirs:
        for root, _, names in os.walk(d):
            for n in names:
                p = os.path.join(root, n)
                yield d, p


def ws(s):
    return re.sub(r"\s+", " ", s)


def norm(s):
    """NFKC, case-folded, invisible characters dropped, white space folded."""
    return ws(unicodedata.normalize("NFKC", s).casefold().translate(IGNORABLE))


def pdf_literal(b):
    return "".join(chr(c) if 32 <= c < 127 and chr(c) not in "()\\" else "\\%03o" % c for c in b)


def text_forms(v):
    """Forms searched in the lower-cased, decoded text of a file."""
    forms = {"utf-8": v}
    esc = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    forms["xml-escaped"] = esc
    forms["xml-apos"] = esc.replace("'", "&apos;").replace('"', "&quot;")
    forms["xml-dec"] = "".join(c if ord(c) < 128 else "&#%d;" % ord(c) for c in esc)
    forms["xml-hex"] = "".join(c if ord(c) < 128 else "&#x%x;" % ord(c) for c in esc)
    u16 = v.encode("utf-16-be")
    u8 = v.encode("utf-8")
    forms["pdf-literal-utf16"] = pdf_literal(u16)
    forms["pdf-literal-utf8"] = pdf_literal(u8)
    forms["pdf-literal-paren"] = v.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    forms["pdf-hex-utf16"] = u16.hex()
    forms["pdf-hex-utf8"] = u8.hex()
    return {k: ws(f.lower()) for k, f in forms.items()}


def byte_forms(v):
    """Forms searched in the raw bytes of a file."""
    out = {}
    for name, s in (("", v), ("-lower", v.lower()), ("-upper", v.upper())):
        out["utf-16be" + name] = s.encode("utf-16-be")
        out["utf-16le" + name] = s.encode("utf-16-le")
    return out


def read(path):
    """(bytes, lower-cased text, same with white space folded, 1 if the file is UTF-8 text)."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        data.decode("utf-8")
        is_text = b"\0" not in data
    except UnicodeDecodeError:
        is_text = False
    text = data.decode("utf-8", "replace").lower()
    return data, text, ws(text), is_text, norm(text) if is_text else ""


def leaks(canaries, allowed, dirs):
    hits = 0
    targets = [(c, v, text_forms(v), byte_forms(v)) for c, v in canaries if c not in allowed]
    for top, path in files(dirs):
        data, text, textws, is_text, textnorm = read(path)
        rel = os.path.relpath(path, top).lower()
        for cat, val, tf, bf in targets:
            found = None
            if val.lower() in rel or norm(val) in norm(rel):
                found = "file name"
            elif textnorm and norm(val) in textnorm:
                found = "normalised text"
            for k, f in tf.items():
                if found or (not is_text and len(val.encode("utf-8")) < 6):
                    break
                if f and (f in text or f in textws):
                    found = k
            for k, f in bf.items():
                if found:
                    break
                if f in data:
                    found = k
            if found:
                hits += 1
                print("HIT %s '%s' %s in %s" % (cat, val, found, path))
    return 1 if hits else 0


def present(canaries, dirs):
    missing = 0
    texts = [read(p)[4] for _, p in files(dirs)]
    for cat, val in canaries:
        v = norm(val)
        if not any(v in t for t in texts):
            missing += 1
            print("MISSING %s '%s'" % (cat, val))
    return 1 if missing else 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "leaks":
        allowed = set(a for a in argv[3].split(",") if a)
        return leaks(load(argv[2]), allowed, argv[4:])
    if len(argv) >= 3 and argv[1] == "present":
        return present(load(argv[2]), argv[3:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
