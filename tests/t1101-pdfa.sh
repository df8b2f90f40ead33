#!/bin/sh
# t1101: `render --pdfa` writes PDF/A-2b. The rules checked (ISO 19005-2 clause numbers) are
# listed in tests/pdfa_check.py: header, /ID, no /Encrypt, qpdf --check, GTS_PDFA1 OutputIntent
# with an RGB ICC profile, every font embedded, /W widths = the embedded fonts' advances
# (fontTools), no JavaScript/actions/embedded files, an unfiltered well-formed XMP packet with
# pdfaid part 2 / conformance B, and every Info entry equal to its XMP property.
. tests/lib.sh

for s in ks2-initial uasc-cyrillic post16-college; do
	check "render --pdfa $s" "$PEPKIT" render --pdfa -o "$T/$s.pdf" "$SAMPLES/$s.xml"
	mkdir -p "$T/w-$s"
	/usr/bin/python3 tests/pdfa_check.py "$T/$s.pdf" "$T/w-$s" > "$T/check-$s.txt"
	sed "s/ - / - $s: /" "$T/check-$s.txt"
	check "rerun of $s is byte-identical (content-derived /ID)" \
		sh -c "'$PEPKIT' render --pdfa -o '$T/again.pdf' '$SAMPLES/$s.xml' && cmp '$T/$s.pdf' '$T/again.pdf'"
done
check "render --pdfa --doc pep2" "$PEPKIT" render --pdfa --doc pep2 -o "$T/pep2.pdf" "$SAMPLES/ks2-initial.xml"
mkdir -p "$T/w-pep2"
/usr/bin/python3 tests/pdfa_check.py "$T/pep2.pdf" "$T/w-pep2" | sed 's/ - / - pep2: /'

# the date is the term's meeting date, in Info and XMP alike
date=$(xmllint --xpath "string(/pep-record/terms/term[last()]/meeting/@date)" "$SAMPLES/ks2-initial.xml")
check_grep "XMP CreateDate is the meeting date ($date)" "<xmp:CreateDate>${date}T00:00:00\+00:00</xmp:CreateDate>" "$T/w-ks2-initial/xmp.xml"

# XML-escaping of the title in the XMP: an IR whose title has & < > and quotes
cat > "$T/ir.xml" <<'XML'
<document type="test"><meta><title>Tom &amp; Jerry &lt;notes&gt; "quoted" 'single'</title>
<marking>OFFICIAL-SENSITIVE</marking><footer>f</footer></meta><body><p>Text.</p></body></document>
XML
check "render --pdfa an IR with & < > in its title" "$PEPKIT" render --pdfa -o "$T/ir.pdf" "$T/ir.xml"
mkdir -p "$T/w-ir"
/usr/bin/python3 tests/pdfa_check.py "$T/ir.pdf" "$T/w-ir" | sed 's/ - / - escaped title: /'
is "XMP dc:title read back equals the title" "$T/w-ir/xmp.xml" "//*[local-name()='title']//*[local-name()='li']" "Tom & Jerry <notes> \"quoted\" 'single'"

# the checker can fail: a plain (non-PDF/A) render fails it
"$PEPKIT" render -o "$T/plain.pdf" "$SAMPLES/ks2-initial.xml"
mkdir -p "$T/w-plain"
if /usr/bin/python3 tests/pdfa_check.py "$T/plain.pdf" "$T/w-plain" > "$T/plain.txt" 2>&1; then
	notok "a plain PDF fails the PDF/A checks"
else
	ok "a plain PDF fails the PDF/A checks ($(grep -c '^not ok' "$T/plain.txt") rules)"
fi
check_exit 2 "--pdfa with docx output is a usage error" "$PEPKIT" render --pdfa -o "$T/x.docx" "$SAMPLES/ks2-initial.xml"
check_exit 3 "a missing ICC profile is an I/O error naming it" env PEPKIT_ICC_PROFILE="$T/none.icc" "$PEPKIT" render --pdfa -o "$T/n.pdf" "$SAMPLES/ks2-initial.xml"
check_grep "the error names the profile" "none.icc" "$T/err"
[ ! -e "$T/n.pdf" ] && ok "no output after the ICC failure" || notok "no output after the ICC failure"
done_testing
