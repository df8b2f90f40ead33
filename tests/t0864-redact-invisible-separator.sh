#!/bin/sh
# t0864: a withheld name with a character between its letters that the fonts draw with no width
# (U+2028, U+2029, U+FFF9-U+FFFC, U+FBBC, U+FC5E) is withheld from the parent's copy, or shown
# parted by a space, never drawn as "Mert": the PDF read by pdftotext with those characters
# removed (as the eye skips them) and the parent's XML read by xmllint. The DOCX's text
# (python-docx) holds no such character next to a withheld name's letters. Text with a line
# separator between ordinary words keeps its words; the record copy keeps the name, and its
# PDF and DOCX show a line separator as a space ("M ert").
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
grep -q 'her older brother Mert' "$REC" || notok "the sample's withheld brother"
put() {  # put VALUE OUT: VALUE (XML) into the child's interests
	python3 -c 'import sys; s=open(sys.argv[1]).read(); open(sys.argv[2],"w").write(s.replace("Gymnastics, drawing","Gymnastics with "+sys.argv[3]+", drawing"))' "$REC" "$2" "$1"
}
seen() {  # seen FILE: FILE's text as drawn (characters with no width removed)
	python3 -c 'import sys; t=open(sys.argv[1],encoding="utf-8").read()
for c in "\u2028\u2029\ufff9\ufffa\ufffb\ufffc\ufbbc\ufc5e\u200e\u200f\u202a\u202b\u202c\u202d\u202e": t=t.replace(c,"")
sys.stdout.write(t)' "$1"
}
for c in '&#x2028;' '&#x2029;' '&#xFFF9;' '&#xFFFC;' '&#xFBBC;' '&#xFC5E;'; do
	put "M${c}ert and Leah${c}and${c}Biscuit" "$T/r.xml"
	check "render the parent's PEP1 ('M${c}ert')" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.pdf" "$T/r.xml"
	pdftotext "$T/c.pdf" "$T/c.txt" || notok "pdftotext"
	seen "$T/c.txt" > "$T/seen.txt"
	check_grep "... whose text the check reads" "Gymnastics with" "$T/seen.txt"
	check_nogrep "... the PDF does not show Mert" "Mert" "$T/seen.txt"
	check "redact for the parent" "$PEPKIT" redact -a parent -o "$T/c.xml" "$T/r.xml"
	xmllint --xpath 'string(//interests)' "$T/c.xml" > "$T/i.txt" || notok "xmllint"
	seen "$T/i.txt" > "$T/iseen.txt"
	check_nogrep "... nor its XML" "Mert" "$T/iseen.txt"
	check_grep "... Leah, and, Biscuit are kept" "Leah.{0,3}and.{0,3}Biscuit" "$T/iseen.txt"
	check "render the parent's PEP1 as DOCX" "$PEPKIT" render -a parent --doc pep1 -o "$T/c.docx" "$T/r.xml"
	/usr/bin/python3 -c 'import docx, sys; print("\n".join(p.text for p in docx.Document(sys.argv[1]).paragraphs))' "$T/c.docx" > "$T/d.txt" || notok "python-docx"
	seen "$T/d.txt" > "$T/dseen.txt"
	check_grep "... the DOCX's text is read" "Gymnastics with" "$T/dseen.txt"
	check_nogrep "... the DOCX does not show Mert" "Mert" "$T/dseen.txt"
	check "the record copy" "$PEPKIT" redact -a record -o "$T/rc.xml" "$T/r.xml"
	xmllint --xpath 'string(//interests)' "$T/rc.xml" > "$T/ri.txt"
	seen "$T/ri.txt" > "$T/riseen.txt"
	check_grep "... keeps it" "Mert" "$T/riseen.txt"
done
# the renderers read a line or paragraph separator as white space, as redaction does: the full
# record's PDF and DOCX show "M ert", never "Mert" (the fonts draw U+2028 with no width)
for c in '&#x2028;' '&#x2029;'; do
	put "M${c}ert" "$T/r.xml"
	check "render the record's PEP1 ('M${c}ert')" "$PEPKIT" render --doc pep1 -o "$T/f.pdf" "$T/r.xml"
	pdftotext "$T/f.pdf" "$T/f.txt" || notok "pdftotext"
	seen "$T/f.txt" > "$T/fseen.txt"
	check_grep "... shows the two words" "Gymnastics with M ert," "$T/fseen.txt"
	check "render it as DOCX" "$PEPKIT" render --doc pep1 -o "$T/f.docx" "$T/r.xml"
	/usr/bin/python3 -c 'import docx, sys; print("\n".join(p.text for p in docx.Document(sys.argv[1]).paragraphs))' "$T/f.docx" > "$T/fd.txt" || notok "python-docx"
	check_grep "... the DOCX too" "Gymnastics with M ert," "$T/fd.txt"
done
done_testing
