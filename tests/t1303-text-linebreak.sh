# t1303: a word wider than its column breaks at the opportunities of the Unicode line breaking
# algorithm (UAX #14, issue 15) before it is broken between characters: in a narrow table column
# "after-school" breaks after the hyphen, "(art—music)" after the em dash, "<b>pre</b>-school"
# after the hyphen across a change of font; a word with no opportunity is still broken between
# characters. (Words that fit move whole to the next line; t0901 counts 4,000 ids that way.) Positions are read
# back with poppler (pdftotext -bbox). The exactness of the quick "no break inside" answer
# against ICU is in tests/unit/test_text.c.
. tests/lib.sh

D="$SRCDIR/tests/data/text"
check_exit 0 "render the line-breaking fixture" "$PEPKIT" render -o "$T/lb.pdf" "$D/linebreak.xml"
check "qpdf --check accepts it" qpdf --check "$T/lb.pdf"
pdftotext -bbox "$T/lb.pdf" "$T/lb.html" 2>/dev/null
python3 - "$T/lb.html" > "$T/x.txt" <<'PY' || notok "the positions could be read (exit $?)"
import html, re, sys
words = [(float(a), float(b), html.unescape(w)) for a, b, w in
         re.findall(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>([^<]*)</word>', open(sys.argv[1]).read())]
colx = [x for x, y, t in words if t == "after-"][0]
col = sorted((y, t) for x, y, t in words if abs(x - colx) < 0.5)     # the first column, top down
texts = [t for y, t in col]
def broken(a, b, why):
    good = any(texts[i] == a and texts[i + 1] == b for i in range(len(texts) - 1))
    print(("ok - " if good else "not ok - ") + "'%s' ends a line and '%s' starts the next in the first column: %s" % (a, b, why))
broken("after-", "school", "a break after the hyphen")
broken("(art\u2014", "music)", "a break after the em dash")
broken("pre-", "school", "an opportunity found across a change of font")
good = any("".join(texts[i:j]) == "fourteenletters" for i in range(len(texts)) for j in range(i + 2, len(texts) + 1))
print(("ok - " if good else "not ok - ") + "a word with no opportunity is broken between characters on consecutive lines")
print("# first column: %s" % texts)
PY
cat "$T/x.txt"
grep -q '^not ok' "$T/x.txt" && _failures=$((_failures + 1))
done_testing
