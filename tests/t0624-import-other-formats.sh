#!/bin/sh
# t0624: a form saved as, or renamed from, another kind of document (.doc, .odt, .rtf, a PDF)
# is named for what it is, with what to do, instead of "not a Word document: not a readable zip
# (Not a zip archive)" or "part '[Content_Types].xml' is missing"; nothing is written. A real
# .docx form still imports.
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
PY=/usr/bin/python3
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" -o "$T/k2.docx"
$PY - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
# an OLE2 compound file, as Word 97-2003 writes a .doc (header magic, then sectors)
open(t + '/doc.docx', 'wb').write(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 504 + b'Word.Document.8' * 40)
# an OpenDocument text: its "mimetype" entry first and stored, as every ODF writer does
z = zipfile.ZipFile(t + '/odt.docx', 'w')
z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
z.writestr('content.xml', '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>', zipfile.ZIP_DEFLATED)
z.close()
open(t + '/rtf.docx', 'w').write('{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Calibri;}} PEP1 form}')
PY
check "a PDF of the record" "$PEPKIT" render -o "$T/k2.pdf" "$K2"
cp "$T/k2.pdf" "$T/pdf.docx"
while IFS='|' read -r f what; do
	check_exit 1 "$f renamed .docx is refused" "$PEPKIT" import --into "$K2" -o "$T/o-$f.xml" "$T/$f.docx"
	check_grep "... named as $what" "is $what.*, not a Word form \(\.docx\).*pepkit template" "$T/err"
	[ ! -e "$T/o-$f.xml" ] && ok "... nothing written" || notok "... nothing written"
done <<'EOT'
doc|a Word 97-2003 document \(\.doc\)
odt|an OpenDocument file \(\.odt
rtf|a Rich Text Format document \(\.rtf\)
pdf|a PDF
EOT
check "the .docx form still imports" "$PEPKIT" import --into "$K2" -o "$T/o.xml" "$T/k2.docx"
done_testing
