#!/bin/sh
# t0601-docx-render: `pepkit render --format docx` of document IRs: the zip's parts, identical
# bytes on a re-run, python-docx finds every text with the built-in heading styles and the
# header/footer, LibreOffice converts it with a sensible page count and "Page X of Y".
. tests/lib.sh
D=tests/data/docx
PY=/usr/bin/python3

check "render the all-blocks IR as DOCX" $PEPKIT render --format docx -o "$T/a.docx" $D/all-blocks.xml
check "render it again" $PEPKIT render -o "$T/a2.docx" $D/all-blocks.xml
check "same IR gives identical bytes" cmp "$T/a.docx" "$T/a2.docx"
check "zip is intact (unzip -t)" unzip -tq "$T/a.docx"
zipinfo -1 "$T/a.docx" >"$T/parts" 2>&1
for p in '\[Content_Types\].xml' '_rels/.rels' 'word/document.xml' 'word/styles.xml' \
	 'word/numbering.xml' 'word/header1.xml' 'word/footer1.xml' \
	 'word/_rels/document.xml.rels' 'docProps/core.xml' 'docProps/app.xml'; do
	check_grep "part $p present" "^$p\$" "$T/parts"
done
mode=$(stat -c %a "$T/a.docx")
[ "$mode" = 600 ] && ok "output has mode 0600" || notok "output mode is $mode"
for p in word/document.xml word/styles.xml word/numbering.xml word/header1.xml word/footer1.xml docProps/core.xml; do
	unzip -p "$T/a.docx" "$p" >"$T/part.xml"
	check "$p is well-formed XML" xmllint --noout "$T/part.xml"
done
unzip -p "$T/a.docx" word/footer1.xml >"$T/footer.xml"
check_grep "footer has a PAGE field" 'w:instr=" PAGE ' "$T/footer.xml"
check_grep "footer has a NUMPAGES field" 'w:instr=" NUMPAGES ' "$T/footer.xml"
unzip -p "$T/a.docx" word/document.xml >"$T/doc.xml"
check_grep "page is A4 with 20 mm margins" '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"' "$T/doc.xml"
check_grep "table header row repeats" '<w:tblHeader/>' "$T/doc.xml"
check_grep "italic in a bold header cell: b then i, as the schema orders them" '<w:rPr><w:b/><w:i/></w:rPr><w:t xml:space="preserve">Target' "$T/doc.xml"
check_nogrep "bold in a bold header cell is not doubled" '<w:b/><w:b/>' "$T/doc.xml"
check_grep "cell span becomes gridSpan" '<w:gridSpan w:val="2"/>' "$T/doc.xml"
check_grep "grid widths follow the column weights (3:1:1 of 9638)" '<w:gridCol w:w="5782"/><w:gridCol w:w="1927"/><w:gridCol w:w="1929"/>' "$T/doc.xml"
check_grep "input becomes a tagged content control" '<w:sdt><w:sdtPr><w:alias w:val="Attendance \(%\)"/><w:tag w:val="term.attendance.percent"/>' "$T/doc.xml"
unzip -p "$T/a.docx" docProps/core.xml >"$T/core.xml"
check_nogrep "core properties carry no dates or author" 'dcterms:created|dcterms:modified|dc:creator|lastModifiedBy' "$T/core.xml"

# python-docx: every text, the heading styles, header and footer, properties
cat >"$T/read.py" <<'PYEOF'
import sys, docx
d = docx.Document(sys.argv[1])
out = []
for p in d.paragraphs:
    out.append("P\t%s\t%s" % (p.style.name, p.text.replace("\n", "\\n")))
for t in d.tables:
    for r in t.rows:
        out.append("R\t" + "|".join(c.text for c in r.cells))
s = d.sections[0]
out.append("HEADER\t" + " / ".join(p.text for p in s.header.paragraphs))
out.append("FOOTER\t" + " / ".join(p.text for p in s.footer.paragraphs))
out.append("TITLE\t" + d.core_properties.title)
out.append("SIZE\t%d %d %d" % (s.page_width.mm + 0.5, s.page_height.mm + 0.5, s.left_margin.mm + 0.5))
body = d.element.body
ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
for sdt in body.iter("{%s}sdt" % ns["w"]):
    tag = sdt.find("w:sdtPr/w:tag", ns).get("{%s}val" % ns["w"])
    txt = "\\n".join("".join(t.text or "" for t in p.iter("{%s}t" % ns["w"])) for p in sdt.iter("{%s}p" % ns["w"]))
    out.append("SDT\t%s\t%s" % (tag, txt))
print("\n".join(out))
PYEOF
if $PY "$T/read.py" "$T/a.docx" >"$T/read.txt" 2>"$T/read.err"; then ok "python-docx opens it"; else notok "python-docx opens it"; sed 's/^/#   /' "$T/read.err"; fi
check_grep "Title style" '^P	Title	Personal Education Plan \(PEP1\): Zainab Oyelaran-Ní Bhriain$' "$T/read.txt"
check_grep "Heading 1 style" '^P	Heading 1	Child details$' "$T/read.txt"
check_grep "Heading 2 style" '^P	Heading 2	Attendance$' "$T/read.txt"
check_grep "Heading 3 style" '^P	Heading 3	Strengths$' "$T/read.txt"
check_grep "inline bold/italic and line break kept" '^P	Pepkit Text	Attendance this term was 93.4% of possible sessions.\\nSecond line after a break.$' "$T/read.txt"
check_grep "note paragraph" '^P	Note	Guidance: record sessions, not days.$' "$T/read.txt"
check_grep "list items use List Paragraph" '^P	List Paragraph	Loves reading$' "$T/read.txt"
check_grep "fields grid: label and value" '^R	Languages\|Yorùbá, English, 日本語$' "$T/read.txt"
check_grep "table header row" '^R	Subject\|Current\|Target$' "$T/read.txt"
check_grep "spanned cell" '^R	Writing\|Not assessed this term\|Not assessed this term$' "$T/read.txt"
check_grep "chart data as a table" '^R	2025-autumn\|32\|–$' "$T/read.txt"
check_grep "header carries the marking" '^HEADER	OFFICIAL-SENSITIVE$' "$T/read.txt"
check_grep "footer carries the footer line and marking" '^FOOTER	PEP1 · 2025-autumn · LA-900123	Page  of  / OFFICIAL-SENSITIVE$' "$T/read.txt"
check_grep "document title property" '^TITLE	Personal Education Plan' "$T/read.txt"
check_grep "A4, 20 mm margins" '^SIZE	210 297 20$' "$T/read.txt"
check_grep "prefilled text control" '^SDT	child.preferred-name	Zee$' "$T/read.txt"
check_grep "multi-line control keeps paragraphs" '^SDT	term.carer-section	First paragraph, with “quotes”.\\nSecond paragraph: ŻÓŁĆ.$' "$T/read.txt"
check_grep "empty control shows its prompt" '^SDT	term.attendance.percent	e.g. 94.5$' "$T/read.txt"

# a longer document: many paragraphs and a long table (header row repeats across pages)
$PY - "$T/long.xml" <<'PYEOF'
import sys
rows = "".join('<row><cell>Pupil row %d: Ñandú Øster-Kowalczyk</cell><cell>%d</cell></row>' % (i, i) for i in range(120))
paras = "".join('<h level="2">Section %d</h><p>Paragraph %d of invented text about progress in reading, writing and mathematics, long enough to wrap over several lines of an A4 page at eleven points.</p>' % (i, i) for i in range(40))
open(sys.argv[1], "w").write('<?xml version="1.0" encoding="UTF-8"?><document type="pep1"><meta><title>Long test</title><marking>OFFICIAL-SENSITIVE</marking><footer>long</footer></meta><body>'
  + paras + '<table><columns><col width="4"/><col width="1"/></columns><head><cell>Row</cell><cell>N</cell></head>' + rows + '</table></body></document>')
PYEOF
check "schema-valid long IR" xmllint --noout --schema schemas/document.xsd "$T/long.xml"
check "render the long IR" $PEPKIT render --format docx -o "$T/long.docx" "$T/long.xml"

# LibreOffice: both files in one call
if (cd "$T" && HOME="$T" soffice --headless --convert-to pdf --outdir "$T/pdf" a.docx long.docx) >"$T/so.log" 2>&1 \
   && [ -f "$T/pdf/a.pdf" ] && [ -f "$T/pdf/long.pdf" ]; then
	ok "LibreOffice converts both to PDF"
	pa=$(pdfinfo "$T/pdf/a.pdf" | awk '/^Pages:/ {print $2}')
	pl=$(pdfinfo "$T/pdf/long.pdf" | awk '/^Pages:/ {print $2}')
	[ "$pa" = 2 ] && ok "all-blocks is 2 pages (page break honoured)" || notok "all-blocks has $pa pages, expected 2"
	[ "$pl" -ge 5 ] && [ "$pl" -le 12 ] && ok "long document has a sensible page count ($pl)" || notok "long document has $pl pages"
	pdftotext "$T/pdf/long.pdf" "$T/long.txt"
	check_grep "fields resolve to Page X of Y" "Page $pl of $pl" "$T/long.txt"
	n=$(grep -o OFFICIAL-SENSITIVE "$T/long.txt" | wc -l)
	[ "$n" -ge $((pl * 2)) ] && ok "marking at top and bottom of every page" || notok "marking found $n times on $pl pages"
	n=$(grep -c '^Row$' "$T/long.txt")
	[ "$n" -ge 2 ] && ok "table header row repeated on a new page ($n times)" || notok "table header row found $n times"
else
	notok "LibreOffice converts both to PDF"; sed 's/^/#   /' "$T/so.log" | head
fi

check_fail "an IR without meta is refused" $PEPKIT render --format docx -o "$T/bad.docx" $D/not-ir.xml
[ ! -e "$T/bad.docx" ] && ok "nothing written on failure" || notok "a file was written on failure"
done_testing
