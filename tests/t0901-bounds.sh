# t0901: numbers that drive loops and layout are bounded (issue 11): in the schemas (a
# schema-valid input can no longer crash or corrupt the renderers) and in the code (the unit
# test test_bounds drives the renderers past the schema). Each case of the issue:
# - <cell span="2147483647"> (was a segfault), a column width of 10^12 (was a negative OOXML
#   width), a chart with min 1e24 and max 0 (was drawn at -9.2e13): refused by document.xsd,
#   with the line and attribute named, nothing written;
# - a PP+ request linking 4,000 target ids (was libxslt's recursion limit, exit 4 and a dump on
#   stderr): renders as PDF and DOCX, every id shown;
# - a stylesheet that does hit the recursion limit fails with one line on stderr, no dump;
# - record bounds: sessions, exclusion days, SDQ score, id lists.
. tests/lib.sh

KS4="$SAMPLES/ks4-ehcp-exclusions.xml"
"$PEPKIT" render --emit-ir -o "$T/ir.xml" "$KS4" || notok "emit the KS4 IR"

# --- hostile IRs ----------------------------------------------------------------------------
hostile_ir() { # NAME PYTHON-EXPR-ON-s
	python3 - "$T/ir.xml" "$T/$1.xml" "$2" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = eval(sys.argv[3])
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
}
hostile_ir span 's.replace("<cell>Setting</cell>", "<cell span=\"2147483647\">Setting</cell>", 1)'
hostile_ir width 's.replace("<col width=\"6\"/>", "<col width=\"1000000000000\"/>", 1)'
hostile_ir chart 's.replace("min=\"0\" max=\"9\"", "min=\"1e24\" max=\"0\"", 1).replace("min=\"0\" max=\"9\"", "min=\"1000000000000000000000000\" max=\"0\"", 1)'
for c in span width chart; do
	for fmt in pdf docx; do
		check_exit 1 "IR with the $c case is refused ($fmt)" "$PEPKIT" render -o "$T/$c.$fmt" "$T/$c.xml"
		[ ! -e "$T/$c.$fmt" ] && ok "nothing written for the $c case ($fmt)" || notok "nothing written for the $c case ($fmt)"
	done
	[ "$(wc -l < "$T/err")" -le 2 ] && ok "$c: a short error" || notok "$c: a short error ($(wc -l < "$T/err") lines)"
done
"$PEPKIT" render -o "$T/x.pdf" "$T/span.xml" 2>"$T/span.err"
check_grep "span: the error names the line and the attribute" "line [0-9]+.*span" "$T/span.err"
"$PEPKIT" render -o "$T/x.pdf" "$T/chart.xml" 2>"$T/chart.err"
check_grep "chart: the error names min" "min" "$T/chart.err"

# --- a valid record linking 4,000 target ids --------------------------------------------------
python3 - "$KS4" "$T/ids.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index('<target id="T-2025AU-1"'); j = s.index('</targets>', i)
tg = ''.join(f'<target id="T-2025AU-X{k}" owner="dt1" set="2025-10-07" due="2025-12-12" status="in-progress"><area>Maths</area><what>Step {k}.</what><measure>Checked.</measure></target>\n' for k in range(990))
s = s[:j] + tg + s[j:]
s = s.replace('targets="T-2025AU-2"', 'targets="' + ' '.join(f'T-2025AU-X{k % 990}' for k in range(4000)) + '"')
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
check_exit 0 "the 4,000-id record is valid" "$PEPKIT" validate "$T/ids.xml"
for fmt in pdf docx; do
	check_exit 0 "the 4,000-id record renders ($fmt)" "$PEPKIT" render --term 2025-autumn -o "$T/ids.$fmt" "$T/ids.xml"
	[ ! -s "$T/err" ] && ok "nothing on stderr ($fmt)" || notok "nothing on stderr ($fmt): $(head -c 200 "$T/err")"
done
check "qpdf --check accepts the 4,000-id PDF" qpdf --check "$T/ids.pdf"
n=$(pdftotext -q "$T/ids.pdf" - | grep -o 'T-2025AU-X[0-9]*' | wc -l)
[ "$n" -ge 4000 ] && ok "all 4,000 linked ids are shown ($n)" || notok "all 4,000 linked ids are shown (got $n)"

# --- a stylesheet at the recursion limit: one line on stderr, no libxslt dump -------------------
mkdir -p "$T/data"
cp -r "$SRCDIR/schemas" "$SRCDIR/stylesheets" "$SRCDIR/templates" "$T/data/"
python3 - "$T/data/stylesheets/common.xsl" <<'PY'
import sys, re
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.index('<xsl:template name="comma-list"'); j = s.index('</xsl:template>', i) + len('</xsl:template>')
s = s[:i] + '''<xsl:template name="comma-list"><xsl:param name="s"/><xsl:choose><xsl:when test="contains($s, ' ')"><xsl:value-of select="concat(substring-before($s, ' '), ', ')"/><xsl:call-template name="comma-list"><xsl:with-param name="s" select="substring-after($s, ' ')"/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise></xsl:choose></xsl:template>''' + s[j:]
open(p, "w", encoding="utf-8").write(s)
PY
PEPKIT_DATADIR="$T/data" "$PEPKIT" render --term 2025-autumn -o "$T/deep.pdf" "$T/ids.xml" 2>"$T/deep.err"
rc=$?
[ $rc -ne 0 ] && ok "a recursive stylesheet fails (exit $rc)" || notok "a recursive stylesheet fails"
[ "$(wc -l < "$T/deep.err")" -eq 1 ] && ok "one line on stderr, no template dump" || notok "one line on stderr (got $(wc -l < "$T/deep.err"))"
check_nogrep "no libxslt stack dump" "^Templates:|^#[0-9]+ name" "$T/deep.err"
[ ! -e "$T/deep.pdf" ] && ok "nothing written when the stylesheet fails" || notok "nothing written when the stylesheet fails"

# --- record bounds ---------------------------------------------------------------------------
bad_record() { # DESC PYTHON-EXPR-ON-s PATTERN
	python3 - "$KS4" "$T/bad.xml" "$2" <<'PY'
import sys, re
s = open(sys.argv[1], encoding="utf-8").read()
s2 = eval(sys.argv[3])
assert s2 != s, "the change did not apply"
open(sys.argv[2], "w", encoding="utf-8").write(s2)
PY
	check_exit 1 "$1 is invalid" "$PEPKIT" validate "$T/bad.xml"
	check_grep "$1: the message names the field" "$3" "$T/out"
}
bad_record "an exclusion of 400 days" 're.sub(r"days=\"[0-9.]+\"", "days=\"400\"", s, count=1)' "days"
bad_record "an SDQ score of 41" 're.sub(r"(<sdq-score[^>]*>)[0-9]+", r"\g<1>41", s, count=1)' "sdq-score"
bad_record "10,001 linked ids" 's.replace("targets=\"T-2025AU-2\"", "targets=\"" + " ".join(["T-2025AU-2"] * 10001) + "\"")' "targets"
done_testing
