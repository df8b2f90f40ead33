#!/usr/bin/python3
"""canon.py: search extracted copies for withheld values under issue 10's canonical matching.

Written from the rules, not from pepkit's code (used by tests/t0851 and t0852):
  canonical text = NFKC, case-folded, accents removed (NFKD without marks; ł ø đ ı æ œ þ ð by
  hand), a letter + hyphen + line break + letter joined, every run of characters that are not
  letters or digits one space, address abbreviations as their full word (Rd Road, St Street,
  Cl Close, Ln Lane, Ave Avenue, Dr Drive, Ctr Centre, Cres Crescent, ...); a value is found
  when its canonical words occur as whole words. Phone numbers are compared by digits (+44 or
  0044, with an optional (0), as 0; separators between digits ignored); postcodes without
  spaces.

  canon.py leaks VALUES.tsv RECORD AUDIENCE FILE...
      Each value of RECORD that AUDIENCE may not see (VALUES.tsv: RECORD, SEEN-BY, KIND,
      VALUE) must occur in none of the FILEs (contents or name). Prints "HIT ..." lines, exit 1.
  canon.py present VALUES.tsv RECORD FILE...
      Each value of RECORD must occur in some FILE (so the leak check can fail). Exit 1 if not.
  canon.py filter VALUES.tsv RECORD FILE...
      Print the rows of RECORD's values that occur in some FILE.
  canon.py kept KEPT.tsv RECORD FILE...
      Each value of RECORD in KEPT.tsv (RECORD, VALUE) must occur in every FILE exactly as
      written (white space runs as one space). Exit 1 if not.
"""
import re
import sys
import unicodedata

SPECIAL = str.maketrans({"ł": "l", "ŀ": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ħ": "h",
                         "æ": "ae", "œ": "oe", "þ": "th", "ŧ": "t"})
ABBR = {"rd": "road", "st": "street", "cl": "close", "ln": "lane", "ave": "avenue", "av": "avenue",
        "dr": "drive", "ctr": "centre", "center": "centre", "cres": "crescent", "gdns": "gardens",
        "pl": "place", "sq": "square", "ct": "court", "tce": "terrace", "gr": "grove", "pk": "park"}


def canon(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    s = s.translate(SPECIAL)
    s = s.replace("\u00ad", "")
    s = re.sub(r"(?<=[^\W\d_])[-\u2010\u2011][ \t]*\n\s*(?=[^\W\d_])", "", s)
    s = re.sub(r"[\W_]+", " ", s)
    return " " + " ".join(ABBR.get(t, t) for t in s.split()) + " "


def digits(s):
    s = re.sub(r"(\+\s*44|\b0044)[\s\-.]*(\(0\))?", "0", s)
    return re.sub(r"(?<=\d)[\s\-.()/]+(?=\d)", "", s)


def found(kind, value, text, ctext):
    if kind == "phone":
        d = digits(value).replace(" ", "")
        return d in digits(text)
    if kind == "postcode":
        return value.replace(" ", "").lower() in re.sub(r"\s+", "", text.lower())
    return canon(value) in ctext


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def load(path, rec):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == rec:
                out.append(parts[1:])
    return out


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    mode, table, rec = argv[1], argv[2], argv[3]
    if mode == "leaks":
        aud, files = argv[4], argv[5:]
        bad = 0
        values = [(k, v) for seen, k, v in load(table, rec) if aud not in seen.split(",")]
        for p in files:
            text = read(p) + "\n" + p
            ctext = canon(text)
            for k, v in values:
                if found(k, v, text, ctext):
                    bad += 1
                    print("HIT %s '%s' (%s) in %s" % (aud, v, k, p))
        return 1 if bad else 0
    files = argv[4:]
    texts = [read(p) for p in files]
    if mode == "filter":  # the rows of VALUES.tsv for RECORD found in some FILE
        with open(table, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if parts[0] == rec and any(found(parts[2], parts[3], t, canon(t)) for t in texts):
                    print(line, end="")
        return 0
    if mode == "present":
        bad = 0
        for seen, k, v in load(table, rec):
            if not any(found(k, v, t, canon(t)) for t in texts):
                bad += 1
                print("MISSING '%s' (%s)" % (v, k))
        return 1 if bad else 0
    if mode == "kept":
        bad = 0
        for (v,) in load(table, rec):
            for p, t in zip(files, texts):
                if re.sub(r"\s+", " ", v) not in re.sub(r"\s+", " ", t):
                    bad += 1
                    print("DAMAGED '%s' not in %s" % (v, p))
        return 1 if bad else 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
