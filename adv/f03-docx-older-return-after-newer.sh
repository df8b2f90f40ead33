#!/bin/sh
# Attack: a designated teacher returns a form (saved 5 December), then an earlier copy of it
# (saved 1 December, found in a sent folder) is imported after it. The older return's text
# replaced the newer one's, exit 0: the newer values were lost without a word. Exits 1 while
# the older return is imported over the newer.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
cp samples/ks2-initial.xml "$t/r.xml"
./pepkit template --doc pep1 --from "$t/r.xml" --term 2025-autumn -o "$t/f.docx" 2>/dev/null || exit 2
/usr/bin/python3 tests/data/docx/saved_return.py "$t/f.docx" "$t/new.docx" 2025-12-05T14:00:00 "Newer words." || exit 2
/usr/bin/python3 tests/data/docx/saved_return.py "$t/f.docx" "$t/old.docx" 2025-12-01T09:30:00 "Older words." || exit 2
./pepkit import --into "$t/r.xml" -o "$t/r.xml" "$t/new.docx" 2>/dev/null || exit 2
./pepkit import --into "$t/r.xml" -o "$t/r.xml" "$t/old.docx" 2>/dev/null
grep -q 'Newer words.' "$t/r.xml" && exit 0
echo "DEFECT: the older return replaced the newer one:"; grep -o '<summary><p>[^<]*words.' "$t/r.xml"; exit 1
