#!/usr/bin/python3
"""bigrecord.py OUT.xml: write the worst valid record for redaction time (issue 11): about 7 MB
(under the 8 MB input cap), 60 terms, each with 50 withheld third-party strengths (distinct
names that all begin the same way, the case that made a per-position scan quadratic), a
withheld health paragraph, and long allowed paragraphs (carer section, 10 x 8,000
characters) that mention many of the withheld names. Synthetic, deterministic."""
import random
import sys

SYL = ["al", "dri", "vos", "ken", "mar", "tho", "lin", "quor", "zep", "hy", "rin", "bel",
       "tan", "ves", "ora", "pel", "gru", "nix", "sol", "wen"]


def name(r):
    return "".join(r.choice(SYL) for _ in range(3)).capitalize()


def main(out):
    r = random.Random(11)
    base = open(__file__.replace("bigrecord.py", "../../../samples/ks2-initial.xml"), encoding="utf-8").read()
    head = base[:base.index("<terms>")]
    terms = []
    for t in range(60):
        year = 2000 + t // 3
        kind = ["autumn", "spring", "summer"][t % 3]
        start, end = {"autumn": ("09-03", "12-19"), "spring": ("01-05", "03-28"),
                      "summer": ("04-14", "07-20")}[kind]
        y = year + (1 if kind != "autumn" else 0)
        names = ["Neighbour %s %s" % (name(r), name(r)) for _ in range(50)]
        items = "".join('<item confidential="third-party">%s helps with reading</item>' % n for n in names)
        items += "".join("<item>Kind to %s</item>" % r.choice(["friends", "staff", "others"]) for _ in range(50))
        paras = []
        for _ in range(13):
            words = []
            while sum(len(w) + 1 for w in words) < 8000:
                if r.random() < 0.08:
                    words.append(r.choice(names) + ",")
                else:
                    words.append(r.choice(["the", "walked", "to", "school", "and", "read", "with",
                                           "Neighbour", "a", "book", "today", "we", "noticed"]))
            paras.append("<p>%s.</p>" % " ".join(words))
        terms.append('<term id="%d-%s" kind="review" start="%d-%s" end="%d-%s">'
                     '<carer-section>%s</carer-section>'
                     '<social-worker-update><health confidential="health"><p>Reviewed by Dr %s at '
                     'the %s clinic.</p></health></social-worker-update>'
                     '<strengths>%s</strengths>'
                     '</term>' % (y, kind, y, start, y, end, "".join(paras), name(r), name(r), items))
    doc = head + "<terms>\n" + "\n".join(terms) + "\n</terms>\n</pep-record>\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(doc)


if __name__ == "__main__":
    main(sys.argv[1])
