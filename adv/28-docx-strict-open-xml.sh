#!/bin/sh
# Attack: a form saved by Word as "Strict Open XML Document" (File > Save As): the same boxes,
# in the ISO/IEC 29500 Strict namespaces (http://purl.oclc.org/ooxml/...). It was refused as
# "not a Word document: _rels/.rels names no main document". Exits 1 while it is not imported.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
./pepkit template --doc pep1 --from samples/ks2-initial.xml -o "$t/f.docx" 2>/dev/null || exit 2
python3 tests/data/docx/strict.py "$t/f.docx" "$t/s.docx" term.semh.summary "She is settling well." || exit 2
./pepkit import --into samples/ks2-initial.xml -o "$t/o.xml" "$t/s.docx" 2>"$t/err" && exit 0
echo "DEFECT: a Strict Open XML form is refused:"; cat "$t/err"; exit 1
