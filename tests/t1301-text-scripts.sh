# t1301: names in their own scripts (issue 15). An IR with names in Pashto, Dari, Arabic (with
# lam-alef), Sorani, Tigrinya, Hebrew, Bengali, Devanagari, Gurmukhi and Adlam (outside the BMP),
# a mixed English/Pashto paragraph and a Dari paragraph, rendered as PDF and DOCX:
#  - pdftotext gives each name's logical text (after NFKC and removing bidi controls);
#  - the glyph ids drawn for each name (qpdf --qdf content stream + the font's CID = glyph id)
#    are, in visual order, what hb-shape gives for the same text and font; a reversed name does
#    not match (the check can fail);
#  - qpdf --check, pdffonts (every font an embedded subset with ToUnicode), byte-identical reruns;
#  - LibreOffice's PDF of the DOCX extracts the same names (see the two known exceptions);
#  - the DOCX marks right-to-left runs (w:rtl, w:rFonts w:cs, w:lang w:bidi) and paragraphs
#    (w:bidi);
#  - PNGs of the pages go to test-out/t1301/ for a person to look at;
#  - a record whose name is in a script no font has fails with the documented error; free text
#    with such a character renders with a warning.
. tests/lib.sh

D="$SRCDIR/tests/data/text"
OUT="$SRCDIR/test-out/t1301"
mkdir -p "$OUT"

check_exit 0 "render the multi-script fixture as PDF" "$PEPKIT" render -o "$T/s.pdf" "$D/scripts.xml"
check "qpdf --check accepts it" qpdf --check "$T/s.pdf"
pdffonts "$T/s.pdf" > "$T/fonts.txt" 2>/dev/null
for f in DejaVuSans NotoSansArabicUI-Regular NotoSansEthiopic-Regular NotoSansHebrew-Regular \
	NotoSansBengali-Regular NotoSansDevanagari-Regular NotoSansGurmukhi-Regular NotoSansAdlam-Regular; do
	check_grep "pdffonts: $f is an embedded subset with a ToUnicode map" \
		"^[A-Z]{6}\+$f +CID TrueType +Identity-H +yes +yes +yes" "$T/fonts.txt"
done
check_nogrep "pdffonts: no font that is not an embedded subset" " (no +(yes|no)|yes +no) +(yes|no) +[0-9]" "$T/fonts.txt"

pdftotext -q "$T/s.pdf" "$T/s.txt"
python3 "$D/extract.py" "$T/s.txt" "$D/names.txt" | sed 's/^\(not \)\{0,1\}ok - /&PDF: /' > "$T/x.txt"
cat "$T/x.txt"
grep -q '^not ok' "$T/x.txt" && _failures=$((_failures + 1))
python3 "$D/extract.py" "$T/s.txt" "$D/paras.txt" | sed 's/^\(not \)\{0,1\}ok - /&PDF: /' > "$T/x.txt"
cat "$T/x.txt"
grep -q '^not ok' "$T/x.txt" && _failures=$((_failures + 1))

python3 "$D/pdfglyphs.py" "$T/s.pdf" "$D/names.txt" > "$T/g.txt"
cat "$T/g.txt"
grep -q '^not ok' "$T/g.txt" && _failures=$((_failures + 1))
# the glyph check can fail: the Pashto name reversed is not what is drawn
printf 'reversed\t%s\n' "$(python3 -c 'import sys; print(sys.argv[1][::-1])' "$(awk -F'\t' '$1=="pashto" {print $2}' "$D/names.txt")")" > "$T/rev.txt"
check_fail "the glyph check fails for a reversed name" python3 "$D/pdfglyphs.py" "$T/s.pdf" "$T/rev.txt"

"$PEPKIT" render -o "$T/s2.pdf" "$D/scripts.xml"
check "rendering twice gives byte-identical PDFs" cmp "$T/s.pdf" "$T/s2.pdf"
rm -f "$OUT"/pdf-*.png
check "pdftoppm writes PNGs of the PDF pages" pdftoppm -r 70 -png "$T/s.pdf" "$OUT/pdf"

# DOCX
check_exit 0 "render the multi-script fixture as DOCX" "$PEPKIT" render --format docx -o "$T/s.docx" "$D/scripts.xml"
python3 - "$T/s.docx" > "$T/docx.txt" <<'PY'
import re, sys, zipfile
d = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
runs = re.findall(r"<w:r>(?:(?!</w:r>).)*</w:r>", d)
def run_of(text):
    return [r for r in runs if ">" + text + "<" in r]
for key, text, font, lang in [("pashto", "زرغونه احمدزۍ", "Noto Sans Arabic UI", "ps-AF"),
                              ("dari", "فرشته کریمی", "Noto Sans Arabic UI", "prs-AF"),
                              ("sorani", "ئاوات ڕەسوڵ", "Noto Sans Arabic UI", "ckb-IQ"),
                              ("hebrew", "נועה לוי", "Noto Sans Hebrew", "he-IL")]:
    r = run_of(text)
    ok = r and '<w:rtl/>' in r[0] and 'w:cs="%s"' % font in r[0] and 'w:bidi="%s"' % lang in r[0]
    print("%s - DOCX: the %s name is a run with w:rtl, w:rFonts w:cs=%s and w:lang w:bidi=%s" % ("ok" if ok else "not ok", key, font, lang))
paras = re.findall(r"<w:p>(?:(?!</w:p>).)*</w:p>", d)
dari = [p for p in paras if "معلم من" in p]
print("%s - DOCX: the Dari paragraph has w:bidi" % ("ok" if dari and "<w:bidi/>" in dari[0] else "not ok"))
mixed = [p for p in paras if "Zarghuna (" in p]
print("%s - DOCX: the mixed paragraph is left-to-right with its Pashto name in an rtl run" % (
    "ok" if mixed and "<w:bidi/>" not in mixed[0] and "<w:rtl/>" in mixed[0] else "not ok"))
PY
cat "$T/docx.txt"
grep -q '^not ok' "$T/docx.txt" && _failures=$((_failures + 1))

# LibreOffice's PDF of the DOCX (its own profile in $T; bounded)
if HOME="$T/lo" timeout 180 soffice --headless --norestore --convert-to pdf --outdir "$T/lo" "$T/s.docx" >/dev/null 2>&1 \
	&& [ -s "$T/lo/s.pdf" ]; then
	ok "LibreOffice converts the DOCX to PDF"
	pdftotext -q "$T/lo/s.pdf" "$T/lo.txt"
	# Known, not pepkit's: LibreOffice's own PDF maps lam-alef to alef+lam in ToUnicode (so the
	# Arabic name extracts as عالء), and poppler keeps Adlam, outside the BMP, in visual order.
	python3 "$D/extract.py" "$T/lo.txt" "$D/names.txt" pashto dari sorani tigrinya hebrew bengali devanagari gurmukhi \
		| sed 's/^\(not \)\{0,1\}ok - /&LibreOffice PDF of the DOCX: /' > "$T/x.txt"
	cat "$T/x.txt"
	grep -q '^not ok' "$T/x.txt" && _failures=$((_failures + 1))
	rm -f "$OUT"/docx-*.png
	check "pdftoppm writes PNGs of the DOCX's pages" pdftoppm -r 70 -png "$T/lo/s.pdf" "$OUT/docx"
else
	notok "LibreOffice converts the DOCX to PDF"
fi

# a name in a script no font has (Mongolian): the documented error, no output
sed 's|<given>[^<]*</given>|<given>ᠪᠠᠲᠤ</given>|' "$SAMPLES/ks2-initial.xml" > "$T/mongolian.xml"
check_exit 1 "a name no font can draw fails (invalid input)" "$PEPKIT" render -o "$T/m.pdf" "$T/mongolian.xml"
check_grep "the error names file, line, field and code point" \
	"^pepkit: error: '.*mongolian.xml' line [0-9]+: child/legal-name/given: character U\+182A \(MONGOLIAN LETTER BA\) is in no font of the chain \(templates/fonts.conf\)" "$T/err"
[ ! -e "$T/m.pdf" ] && ok "no output for that name" || notok "no output for that name"
check_exit 1 "the same fails as DOCX" "$PEPKIT" render --format docx -o "$T/m.docx" "$T/mongolian.xml"
# the same character in free text: a warning, the document is made
sed '0,/<p>/s|<p>|<p>ᠮᠣᠷᠢ |' "$SAMPLES/ks2-initial.xml" > "$T/freetext.xml"
check_exit 0 "free text no font can draw renders" "$PEPKIT" render -o "$T/f.pdf" "$T/freetext.xml"
check_grep "with a warning naming field and code point" \
	"^pepkit: warning: '.*freetext.xml' line [0-9]+: [a-z/-]+: character U\+182E \(MONGOLIAN LETTER MA\) is in no font" "$T/err"
done_testing
