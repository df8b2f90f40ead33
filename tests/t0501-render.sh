# t0501: `pepkit render` end to end on the samples, checked with qpdf, pdftotext and pdfinfo.
. tests/lib.sh

KS4="$SAMPLES/ks4-ehcp-exclusions.xml"


for doc in pep1 pep2; do
	check_exit 0 "render $doc of the KS4 sample" "$PEPKIT" render --doc "$doc" -o "$T/$doc.pdf" "$KS4"
	check "qpdf --check accepts $doc" qpdf --check "$T/$doc.pdf"
	pdftotext -q "$T/$doc.pdf" "$T/$doc.txt"
	check_grep "$doc shows the child's name exactly" "Łukasz Wiśniewski" "$T/$doc.txt"
	if every_page_marked "$T/$doc.pdf"; then ok "$doc: every page has OFFICIAL-SENSITIVE top and bottom and Page X of Y"; else notok "$doc: every page marked"; fi
	check_grep "$doc footer names the child id" "LA-204817" "$T/$doc.txt"
	mode=$(stat -c %a "$T/$doc.pdf")
	[ "$mode" = 600 ] && ok "$doc written with mode 0600" || notok "$doc written with mode 0600 (got $mode)"
	pdfinfo "$T/$doc.pdf" > "$T/$doc.info"
	check_nogrep "$doc properties carry no child name" "Łukasz|Wiśniewski" "$T/$doc.info"
	check_grep "$doc has a title" "^Title: +Personal Education Plan" "$T/$doc.info"
done
# content checks on the text with line breaks folded into spaces (-raw: drawing order, so the
# lines of one table cell stay together instead of interleaving with the next column)
pdftotext -q -raw "$T/pep1.pdf" - | tr '\n' ' ' | tr -s ' ' > "$T/pep1.flat"
pdftotext -q -raw "$T/pep2.pdf" - | tr '\n' ' ' | tr -s ' ' > "$T/pep2.flat"
check_grep "pep1 has the attainment section" "[Aa]ttainment" "$T/pep1.flat"
check_grep "pep1 lists a SMART target" "simultaneous equations" "$T/pep1.flat"
check_grep "pep1 evaluates last term's target" "Scored 85% on the unit assessment" "$T/pep1.flat"
check_grep "pep2 lists an agreed action" "early lunch pass" "$T/pep2.flat"
check_nogrep "pep1 has no unexpanded markup" "<p>|&lt;|&amp;" "$T/pep1.txt"

# determinism
"$PEPKIT" render -o "$T/again.pdf" "$KS4"
check "rendering twice gives byte-identical PDFs" cmp "$T/pep1.pdf" "$T/again.pdf"

# the IR: valid against its schema
check_exit 0 "--emit-ir writes the document IR" "$PEPKIT" render --emit-ir -o "$T/pep1.ir.xml" "$KS4"
check "the IR validates against schemas/document.xsd" xmllint --noout --schema schemas/document.xsd "$T/pep1.ir.xml"
check_exit 0 "an IR document renders directly" "$PEPKIT" render -o "$T/from-ir.pdf" "$T/pep1.ir.xml"
check "IR render equals record render" cmp "$T/pep1.pdf" "$T/from-ir.pdf"

# every sample: name exact in its PEP1
for f in "$SAMPLES"/*.xml; do
	b=$(basename "$f" .xml)
	given=$(xmllint --xpath 'string(/pep-record/child/legal-name/given)' "$f")
	family=$(xmllint --xpath 'string(/pep-record/child/legal-name/family)' "$f")
	if "$PEPKIT" render -o "$T/$b.pdf" "$f" 2>"$T/err" && qpdf --check "$T/$b.pdf" >/dev/null 2>&1; then
		pdftotext -q "$T/$b.pdf" "$T/$b.txt"
		check_grep "$b: name '$given $family' extracted exactly" "$given $family" "$T/$b.txt"
		if every_page_marked "$T/$b.pdf"; then ok "$b: every page marked"; else notok "$b: every page marked"; fi
	else
		notok "$b renders and passes qpdf --check"; sed 's/^/#   /' "$T/err"
	fi
done

# failures write nothing
sed 's|<upn>B801200005001</upn>|<upn>C801200005001</upn>|' "$KS4" > "$T/badupn.xml"
check_exit 1 "an invalid record is refused" "$PEPKIT" render -o "$T/bad.pdf" "$T/badupn.xml"
check_grep "the error names file, line and field" "badupn.xml' line [0-9]+: .*upn" "$T/err"
[ ! -e "$T/bad.pdf" ] && ok "nothing written for an invalid record" || notok "nothing written for an invalid record"
check_exit 1 "a term not in the record is an error" "$PEPKIT" render --term 2019-spring -o "$T/t.pdf" "$KS4"
check_grep "the error names the term" "2019-spring" "$T/err"
[ ! -e "$T/t.pdf" ] && ok "nothing written for a missing term" || notok "nothing written for a missing term"
check_exit 0 "an earlier term renders" "$PEPKIT" render --term 2025-summer -o "$T/summer.pdf" "$KS4"
pdftotext -q "$T/summer.pdf" "$T/summer.txt"
check_grep "the earlier term's footer names it" "Summer term 2025" "$T/summer.txt"
ls -a "$T" | grep -q '^\.pepkit-tmp' && notok "no temp files left" || ok "no temp files left"
done_testing
