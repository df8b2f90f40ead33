#!/bin/sh
# Attack: a blank Word form's term box filled in as people write a term ("Autumn 2025"),
# which merge reads in an export: import refused it ("'Autumn 2025' is not a term (e.g.
# 2026-spring)"), asking a designated teacher for pepkit's internal id. Exits 1 while refused.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
"$P" template --doc pep1 --from samples/ks2-initial.xml -o "$t/f.docx" 2>/dev/null || exit 2
/usr/bin/python3 tests/data/docx/fill_form.py "$t/f.docx" "$t/g.docx" set term.id 'Autumn 2025' set term.dt-summary 'Settled well.' || exit 2
"$P" import --into samples/ks2-initial.xml -o "$t/out.xml" "$t/g.docx" 2>/dev/null &&
	grep -q 'Settled well' "$t/out.xml" || { echo "DEFECT: the form's term 'Autumn 2025' is refused"; exit 1; }
exit 0
