# t1304: libexslt (and the libgcrypt and libgpg-error it brings) is not loaded at start: pepkit's
# own stylesheets use no EXSLT (libxslt's own node-set(), a comma list without str:tokenize), and
# a stylesheet that declares an EXSLT namespace gets libexslt loaded and registered before it is
# compiled, with the same result (issue 15: a single render's CPU with process start).
. tests/lib.sh

readelf -d "$PEPKIT" >"$T/dyn" 2>&1
check_grep "readelf reads the binary's dynamic section" 'NEEDED' "$T/dyn"
check_nogrep "libexslt is not linked" 'libexslt' "$T/dyn"
check_nogrep "libgcrypt is not linked" 'libgcrypt' "$T/dyn"
check_nogrep "pepkit's stylesheets declare no EXSLT namespace" 'http://exslt\.org/' "$SRCDIR"/stylesheets/*.xsl

# what a render of each document loads (the dynamic loader's own trace)
for doc in pep1 pep2; do
	LD_DEBUG=libs "$PEPKIT" render --doc $doc -o "$T/$doc.pdf" "$SAMPLES/ks4-ehcp-exclusions.xml" >/dev/null 2>"$T/$doc.trace"
	check "render --doc $doc works" qpdf --check "$T/$doc.pdf"
	check_grep "the $doc trace lists the libraries loaded" 'calling init: .*libxslt' "$T/$doc.trace"
	check_nogrep "render --doc $doc loads no libexslt" 'calling init: .*libexslt' "$T/$doc.trace"
	check_nogrep "render --doc $doc loads no libgcrypt" 'calling init: .*libgcrypt' "$T/$doc.trace"
done

# The stylesheets as they were with EXSLT (exsl:node-set, str:tokenize), in a data folder of
# their own: libexslt is then loaded, and documents are byte for byte the same.
mkdir -p "$T/data"
cp -r "$SRCDIR/schemas" "$SRCDIR/stylesheets" "$SRCDIR/templates" "$T/data/"
python3 - "$T/data/stylesheets" <<'PY'
import sys
d = sys.argv[1]
p = d + "/pep1.xsl"; s = open(p, encoding="utf-8").read()
a = 'xmlns:lx="http://xmlsoft.org/XSLT/namespace" exclude-result-prefixes="lx"'
assert a in s and "lx:node-set(" in s
s = s.replace(a, 'xmlns:exsl="http://exslt.org/common" exclude-result-prefixes="exsl"').replace("lx:node-set(", "exsl:node-set(")
open(p, "w", encoding="utf-8").write(s)
p = d + "/common.xsl"; s = open(p, encoding="utf-8").read()
i = s.index('<xsl:template name="comma-list"'); j = s.index('</xsl:template>', i) + len('</xsl:template>')
s = s[:i] + '''<xsl:template name="comma-list" xmlns:str="http://exslt.org/strings"><xsl:param name="s"/><xsl:for-each select="str:tokenize($s, ' ')"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each></xsl:template>''' + s[j:]
open(p, "w", encoding="utf-8").write(s)
PY
check_grep "the copy's pep1.xsl uses exsl:node-set" 'exsl:node-set\(' "$T/data/stylesheets/pep1.xsl"
check_grep "the copy's common.xsl uses str:tokenize" 'str:tokenize\(' "$T/data/stylesheets/common.xsl"

# a record linking 4,000 target ids (the comma list's largest case; names and ids invented)
python3 - "$SAMPLES/ks4-ehcp-exclusions.xml" "$T/ids.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index('<target id="T-2025AU-1"'); j = s.index('</targets>', i)
tg = ''.join(f'<target id="T-2025AU-X{k}" owner="dt1" set="2025-10-07" due="2025-12-12" status="in-progress"><area>Maths</area><what>Step {k}.</what><measure>Checked.</measure></target>\n' for k in range(990))
s = s[:j] + tg + s[j:]
assert 'targets="T-2025AU-2"' in s
s = s.replace('targets="T-2025AU-2"', 'targets="' + ' '.join(f'T-2025AU-X{k % 990}' for k in range(4000)) + '"')
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
for f in "$SAMPLES/ks2-initial.xml" "$SAMPLES/ks4-ehcp-exclusions.xml" "$SAMPLES/uasc-pashto.xml" "$T/ids.xml"; do
	b=$(basename "$f" .xml)
	term=""
	[ "$b" = ids ] && term="--term 2025-autumn"   # the term whose request links the 4,000 ids
	"$PEPKIT" render $term -o "$T/$b.own.pdf" "$f"
	LD_DEBUG=libs PEPKIT_DATADIR="$T/data" "$PEPKIT" render $term -o "$T/$b.exslt.pdf" "$f" 2>"$T/$b.trace" >/dev/null
	test -s "$T/$b.own.pdf" && cmp -s "$T/$b.own.pdf" "$T/$b.exslt.pdf" && ok "$b: the same PDF bytes with and without EXSLT" ||
		notok "$b: the same PDF bytes with and without EXSLT"
	ir "$T/$b.own.ir" "$f" $term
	PEPKIT_DATADIR="$T/data" "$PEPKIT" render --no-validate --emit-ir $term -o "$T/$b.exslt.ir" "$f"
	test -s "$T/$b.own.ir" && cmp -s "$T/$b.own.ir" "$T/$b.exslt.ir" && ok "$b: the same IR with and without EXSLT" ||
		notok "$b: the same IR with and without EXSLT"
done
check_grep "a stylesheet declaring EXSLT gets libexslt loaded" 'calling init: .*libexslt' "$T/ids.trace"
n=$(pdftotext -q "$T/ids.own.pdf" - | grep -o 'T-2025AU-X[0-9]*' | wc -l)
[ "$n" -ge 4000 ] && ok "all 4,000 linked ids are shown ($n)" || notok "all 4,000 linked ids are shown (got $n)"
check_grep "the ids are listed with commas" 'T-2025AU-X988, T-2025AU-X989, T-2025AU-X0, T-2025AU-X1' "$T/ids.own.ir"

# libexslt that cannot be loaded: pepkit's own stylesheets do not need it; one that declares
# EXSLT is refused with the loader's reason, nothing written
mkdir -p "$T/bogus"
echo 'not a library' >"$T/bogus/libexslt.so.0"
check_exit 0 "render without a usable libexslt works" \
	env LD_LIBRARY_PATH="$T/bogus" "$PEPKIT" render -o "$T/ok.pdf" "$SAMPLES/ks2-initial.xml"
cmp -s "$T/ok.pdf" "$T/ks2-initial.own.pdf" && ok "the same bytes as with it" || notok "the same bytes as with it"
check_exit 4 "an EXSLT stylesheet without a usable libexslt fails (internal error)" \
	env LD_LIBRARY_PATH="$T/bogus" PEPKIT_DATADIR="$T/data" "$PEPKIT" render -o "$T/bad.pdf" "$SAMPLES/ks2-initial.xml"
check_grep "the error names libexslt and the loader's reason" "pepkit: error: .*cannot load libexslt\.so\.0: .*bogus/libexslt\.so\.0" "$T/err"
check "no PDF is written" test ! -e "$T/bad.pdf"
done_testing
