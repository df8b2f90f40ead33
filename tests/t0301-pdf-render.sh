# t0301: the PDF renderer end to end: `pepkit render` on IR documents, checked with qpdf,
# pdfinfo, pdffonts and pdftotext (poppler): names in several scripts extract exactly, every
# page is marked and numbered, fonts are embedded, long tables repeat their header row, long
# words are broken without losing characters, and output is deterministic.
. tests/lib.sh

IR="$SRCDIR/tests/data/ir"


# --- the fixture with every block type and names in several scripts ---
check_exit 0 "render the names fixture" "$PEPKIT" render -o "$T/names.pdf" "$IR/names.xml"
check "qpdf --check accepts it" qpdf --check "$T/names.pdf"
[ "$(pages_of "$T/names.pdf")" = 3 ] && ok "3 pages (content, then an explicit page break)" \
	|| notok "3 pages (pdfinfo says $(pages_of "$T/names.pdf"))"
pdftotext -q "$T/names.pdf" "$T/names.txt"
for name in "Zoë Łukasz-Nguyễn" "Nguyễn Thị Hương" "Олександр Коваленко" "Σοφία Παπαδοπούλου" \
	"Siobhán Ó Briain" "Ἀλέξανδρος"; do
	check_grep "pdftotext shows '$name' exactly" "$name" "$T/names.txt"
done
if every_page_marked "$T/names.pdf" "Copy for: carer (redacted)"; then
	ok "every page: marking top and bottom, Page X of Y, audience"
else
	notok "every page: marking top and bottom, Page X of Y, audience"
fi
check_grep "footer line on the pages" "PEP1 · 2025-autumn · LA-204817" "$T/names.txt"
check_grep "inline bold/italic text kept in order" "I like science and art\. I want help with maths\." "$T/names.txt"
check_grep "numbered list" "^2\. Review in six weeks" "$T/names.txt"
check_grep "choices of an input box" "☐ EHCP" "$T/names.txt"
check_grep "chart legend" "English" "$T/names.txt"
pdffonts "$T/names.pdf" > "$T/fonts.txt" 2>/dev/null
for f in 'DejaVuSans ' 'DejaVuSans-Bold' 'DejaVuSans-Oblique'; do
	check_grep "pdffonts: $f embedded as CID TrueType with a ToUnicode map" \
		"\+$f.* CID TrueType +Identity-H +yes +yes +yes" "$T/fonts.txt"
done
check_nogrep "pdffonts: no font left unembedded" " no +(yes|no) +(yes|no) +[0-9]" "$T/fonts.txt"
pdfinfo "$T/names.pdf" > "$T/info.txt"
check_grep "document info: title" "^Title: +Personal Education Plan: Zoë Łukasz-Nguyễn$" "$T/info.txt"
check_grep "document info: subject" "^Subject: +Personal Education Plan$" "$T/info.txt"
check_grep "document info: keywords" "^Keywords: +PEP, looked-after child$" "$T/info.txt"
check_grep "document info: creator" "^Creator: +pepkit$" "$T/info.txt"
check_nogrep "document info: no dates" "^(CreationDate|ModDate):" "$T/info.txt"
check_grep "A4 pages" "^Page size: +595.27.? x 841.89 pts \(A4\)" "$T/info.txt"

# determinism
"$PEPKIT" render -o "$T/names2.pdf" "$IR/names.xml"
check "rendering twice gives byte-identical PDFs" cmp "$T/names.pdf" "$T/names2.pdf"

# --- a several-page PEP1-shaped document ---
check_exit 0 "render the PEP1-shaped fixture" "$PEPKIT" render -o "$T/pep1.pdf" "$IR/pep1-like.xml"
check "qpdf --check accepts it" qpdf --check "$T/pep1.pdf"
n=$(pages_of "$T/pep1.pdf")
[ "$n" -ge 3 ] && [ "$n" -le 8 ] && ok "PEP1-shaped fixture has a sensible page count ($n)" || notok "PEP1 page count ($n)"
if every_page_marked "$T/pep1.pdf"; then ok "PEP1: every page marked and numbered"; else notok "PEP1: every page marked and numbered"; fi
pdftotext -q "$T/pep1.pdf" "$T/pep1.txt"
for name in "Nguyễn Thị Hương" "Олександр Коваленко" "Σοφία Παπαδοπούλου" "Zoë Łukasz" "Siobhán Ó Briain"; do
	check_grep "PEP1 shows '$name' exactly" "$name" "$T/pep1.txt"
done
"$PEPKIT" render -o "$T/pep1-again.pdf" "$IR/pep1-like.xml"
check "PEP1 rendered twice is byte-identical" cmp "$T/pep1.pdf" "$T/pep1-again.pdf"

# --- generated IR: long tables, long words, long lists, empty sections ---
META='<meta><title>Stress test</title><marking>OFFICIAL-SENSITIVE</marking><footer>TEST · LA-000001</footer></meta>'

# 500 targets-like rows: header row repeated on every page the table crosses
{
	echo "<document type='pep1'>$META<body><h level='1'>New SMART targets</h>"
	echo "<table caption='Targets'><columns><col width='5'/><col width='3'/><col width='2'/><col width='2'/></columns>"
	echo "<head><cell>Target</cell><cell>Measure</cell><cell>Owner</cell><cell>Due date</cell></head>"
	i=1
	while [ "$i" -le 500 ]; do
		echo "<row><cell>Target-$i: read with an adult for twenty minutes each evening</cell><cell>Reading log signed weekly</cell><cell>Carer</cell><cell>2026-03-31</cell></row>"
		i=$((i + 1))
	done
	echo "</table><p>After the table.</p></body></document>"
} > "$T/targets.xml"
check "the 500-row IR is schema-valid" xmllint --noout --schema schemas/document.xsd "$T/targets.xml"
check_exit 0 "render 500 target rows" "$PEPKIT" render -o "$T/targets.pdf" "$T/targets.xml"
check "qpdf --check accepts it" qpdf --check "$T/targets.pdf"
n=$(pages_of "$T/targets.pdf")
[ "$n" -ge 10 ] && [ "$n" -le 60 ] && ok "500 rows: a sensible page count ($n)" || notok "500 rows: page count ($n)"
if every_page_marked "$T/targets.pdf" "Due date"; then
	ok "the header row is repeated on every page the table crosses"
else
	notok "the header row is repeated on every page the table crosses"
fi
pdftotext -q "$T/targets.pdf" "$T/targets.txt"
got=$(grep -oE 'Target-[0-9]+:' "$T/targets.txt" | sort -u | wc -l)
[ "$got" -eq 500 ] && ok "all 500 rows extracted" || notok "all 500 rows extracted ($got)"
check_grep "the paragraph after the table" "After the table\." "$T/targets.txt"
"$PEPKIT" render -o "$T/targets-again.pdf" "$T/targets.xml"
check "500 rows rendered twice is byte-identical" cmp "$T/targets.pdf" "$T/targets-again.pdf"

# a word longer than a line (5,000 characters, mixed scripts) is broken, nothing lost
word=$(awk 'BEGIN { for (i = 0; i < 1250; i++) printf "ŁxΣy"; }')
printf "<document type='t'>%s<body><p>Before %s after</p></body></document>\n" "$META" "$word" > "$T/word.xml"
check_exit 0 "render a 5,000-character word" "$PEPKIT" render -o "$T/word.pdf" "$T/word.xml"
check "qpdf --check accepts it" qpdf --check "$T/word.pdf"
pdftotext -q "$T/word.pdf" "$T/word.txt"
lines=$(grep -c 'ŁxΣy' "$T/word.txt")
[ "$lines" -ge 10 ] && ok "the word is broken over lines ($lines)" || notok "the word is broken over lines ($lines)"
joined=$(grep -v -e 'OFFICIAL-SENSITIVE' -e 'Page [0-9]* of' -e 'TEST · LA' "$T/word.txt" | tr -d '\n\f ')
case "$joined" in
*"Before${word}after"*) ok "every character of the word extracted, in order" ;;
*) notok "every character of the word extracted, in order" ;;
esac

# 500 list items; an empty section (a heading straight after a heading)
{
	echo "<document type='t'>$META<body><h level='2'>Empty section</h><h level='2'>Next section</h><p>Its text.</p>"
	echo "<list style='number'>"
	i=1
	while [ "$i" -le 500 ]; do echo "<item>List item $i</item>"; i=$((i + 1)); done
	echo "</list></body></document>"
} > "$T/list.xml"
check_exit 0 "render 500 list items after an empty section" "$PEPKIT" render -o "$T/list.pdf" "$T/list.xml"
pdftotext -q "$T/list.pdf" "$T/list.txt"
got=$(grep -cE '^[0-9]+\. List item [0-9]+$' "$T/list.txt")
[ "$got" -eq 500 ] && ok "all 500 numbered items extracted" || notok "all 500 numbered items extracted ($got)"
check_grep "item 500 is numbered 500" "^500\. List item 500$" "$T/list.txt"
tr '\n' '|' < "$T/list.txt" | grep -q 'Empty section|*Next section|*Its text\.' \
	&& ok "empty section: both headings, in order, then the text" || notok "empty section"
if every_page_marked "$T/list.pdf"; then ok "list: every page marked and numbered"; else notok "list: every page marked"; fi

# an empty body still makes a marked, titled page
printf "<document type='t'>%s<body/></document>\n" "$META" > "$T/empty.xml"
check_exit 0 "render an empty body" "$PEPKIT" render -o "$T/empty.pdf" "$T/empty.xml"
[ "$(pages_of "$T/empty.pdf")" = 1 ] && ok "empty body: one page" || notok "empty body: one page"
if every_page_marked "$T/empty.pdf"; then ok "empty body: marked and numbered"; else notok "empty body: marked"; fi

# fonts missing: a clear error, no output
PEPKIT_FONTDIR="$T/nofonts" check_exit 3 "missing fonts fail with the I/O exit status" "$PEPKIT" render -o "$T/nofont.pdf" "$IR/names.xml"
check_grep "the error names the font file" "nofonts/DejaVuSans.ttf" "$T/err"
[ ! -e "$T/nofont.pdf" ] && ok "no output file when rendering fails" || notok "no output file when rendering fails"

done_testing
