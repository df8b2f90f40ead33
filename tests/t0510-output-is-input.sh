#!/bin/sh
# t0510: an -o that names the command's own input (the same path, spelt otherwise, or a link to
# it) is refused with exit 2 and the input is left as it was. Before, `redact -o r.xml r.xml`
# replaced the full record with the redacted copy and `template --from r.xml -o r.xml` with a
# Word form: the only full record was lost; `merge --report EXPORT.csv` replaced a school's export
# and `send --dry-run --plan R.xml R.xml` the record. `import --into R -o R` (update in place)
# still works.
. tests/lib.sh
"$PEPKIT" sample --children 1 --seed 3 -o "$T/c" > /dev/null 2>&1 || notok "sample"
R=$T/c/child-000001.xml
cp "$R" "$T/orig.xml"
unchanged() { if cmp -s "$R" "$T/orig.xml"; then ok "$1: the record is unchanged"; else notok "$1: the record was replaced"; cp "$T/orig.xml" "$R"; fi; }
check_exit 2 "redact -o the record itself" "$PEPKIT" redact --audience school -o "$R" "$R"
check_grep "... says why" "is the record .* itself: the redacted copy would replace it" "$T/err"
unchanged redact
check_exit 2 "redact -o the record spelt otherwise" "$PEPKIT" redact --audience school -o "$T/c/../c/child-000001.xml" "$R"
unchanged "redact (other spelling)"
ln -s "$R" "$T/link.xml"
check_exit 2 "redact -o a link to the record" "$PEPKIT" redact --audience school -o "$T/link.xml" "$R"
unchanged "redact (link)"
[ -L "$T/link.xml" ] && ok "... the link is left" || notok "the link was replaced"
ln "$R" "$T/hard.xml"
check_exit 2 "redact -o a hard link to the record" "$PEPKIT" redact --audience school -o "$T/hard.xml" "$R"
unchanged "redact (hard link)"
check_exit 2 "template --from R -o R" "$PEPKIT" template --doc pep1 --from "$R" --term 2025-autumn -o "$R"
check_grep "... says why" "the form would replace it" "$T/err"
unchanged template
check_exit 2 "render --emit-ir -o R R" "$PEPKIT" render --emit-ir --term 2025-autumn -o "$R" "$R"
unchanged render
check "template for a form" "$PEPKIT" template --doc pep1 --from "$R" --term 2025-autumn -o "$T/f.docx"
cp "$T/f.docx" "$T/f0.docx"
check_exit 2 "import -o the form itself" "$PEPKIT" import -o "$T/f.docx" "$T/f.docx"
cmp -s "$T/f.docx" "$T/f0.docx" && ok "... the form is unchanged" || notok "the form was replaced"
check "import --into R -o R (in place) still works" "$PEPKIT" import --into "$R" -o "$R" "$T/f.docx"
check "redact to another file still works" "$PEPKIT" redact --audience school -o "$T/school.xml" "$R"

# merge --report naming an export (by its path, or in an export folder given)
"$PEPKIT" sample --children 2 --seed 5 --attainment "$T/att" -o "$T/c2" > /dev/null 2>&1 || notok "sample exports"
E=$(ls "$T"/att/sims-long/*.csv | head -1)
cp "$E" "$T/e0.csv"
M=$SRCDIR/templates/mapping-sims-long.xml
check_exit 2 "merge --report the export itself" "$PEPKIT" merge --map "$M" --report "$E" -o "$T/m" "$T/c2" "$E"
check_grep "... says why" "the report would replace it" "$T/err"
cmp -s "$E" "$T/e0.csv" && ok "... the export is unchanged" || notok "the export was replaced"
check_exit 2 "merge --report an export in a folder given" "$PEPKIT" merge --map "$M" --report "$E" -o "$T/m" "$T/c2" "$T/att/sims-long"
cmp -s "$E" "$T/e0.csv" && ok "... the export is unchanged" || notok "the export was replaced"
check "merge --report elsewhere still works" "$PEPKIT" merge --map "$M" --report "$T/merge.csv" -o "$T/m" "$T/c2" "$E"
# send --plan / --audit naming a record
cp "$R" "$T/orig.xml"
check_exit 2 "send --dry-run --plan the record" "$PEPKIT" send -c "$SRCDIR/templates/council-example.xml" -l "$T/log" --dry-run --plan "$R" "$R"
unchanged "send --plan"
check_exit 2 "send --dry-run --audit a record in the cohort given" "$PEPKIT" send -c "$SRCDIR/templates/council-example.xml" -l "$T/log" --dry-run --audit "$R" "$T/c"
unchanged "send --audit"
done_testing
