#!/bin/sh
# Attack: dates in a Word form as Word's date picker (long date format) and people write them:
# "Monday, 1 December 2025", "1/12/2025 09:00", "2025-12-01T00:00:00Z" (merge reads a time
# after an export's date). import refused each as "not a date". Exits 1 while refused.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
"$P" template --doc pep1 --from samples/ks2-initial.xml --term 2025-autumn -o "$t/f.docx" 2>/dev/null || exit 2
bad=0
for v in 'Monday, 1 December 2025' '1/12/2025 09:00' '2025-12-01T00:00:00Z'; do
	/usr/bin/python3 tests/data/docx/fill_form.py "$t/f.docx" "$t/g.docx" set term.next-meeting "$v" || exit 2
	rm -f "$t/out.xml"
	"$P" import --into samples/ks2-initial.xml --term 2025-autumn -o "$t/out.xml" "$t/g.docx" 2>/dev/null &&
		grep -q '<next-meeting>2025-12-01</next-meeting>' "$t/out.xml" || { echo "DEFECT: date '$v' refused"; bad=1; }
done
exit $bad
