#!/bin/sh
# t0011-messages: messages a user meets, said once and in the fixed wording. A Word form's
# date box that holds no date is reported once, not also as "required"; a council
# configuration whose role names an audience pepkit lacks names the file, line and attribute;
# send's plan says "1 delivery from 1 record".
. tests/lib.sh
REC=$SAMPLES/ks4-ehcp-exclusions.xml
FILL="/usr/bin/python3 $SRCDIR/tests/data/docx/fill_form.py"

$PEPKIT template --doc pep1 --from "$REC" --term 2026-spring -o "$T/f.docx" 2>/dev/null
$FILL "$T/f.docx" "$T/bad.docx" date term.start 2026-01-05 set term.end 31/02/2026 >"$T/fill.log" 2>&1 ||
	{ notok "python-docx fills the form"; cat "$T/fill.log"; }
check_exit 1 "import of a form with 'Term ends' 31/02/2026 fails" $PEPKIT import --into "$REC" -o "$T/out.xml" "$T/bad.docx"
check_grep "... saying it is not a date, by the box's label" "^pepkit: error: '$T/bad.docx': 'Term ends': '31/02/2026' is not a date \(e.g. 20/01/2026, 20/1/26, 20 Jan 2026 or 2026-01-20\)$" "$T/err"
n=$(grep -c "'Term ends'" "$T/err")
[ "$n" -eq 1 ] && ok "... once (not also 'required: a new term')" || { notok "'Term ends' reported $n times"; cat "$T/err" | sed 's/^/#   /'; }
check_grep "... counted as 1 problem" "1 problem in the form; nothing was written" "$T/err"
[ ! -e "$T/out.xml" ] && ok "nothing written" || notok "out.xml written"
$FILL "$T/f.docx" "$T/empty-end.docx" date term.start 2026-01-05 >"$T/fill.log" 2>&1
check_exit 1 "a new term's empty 'Term ends' box" $PEPKIT import --into "$REC" -o "$T/out.xml" "$T/empty-end.docx"
check_grep "... is still required" "'Term ends': required: '2026-spring' is a new term" "$T/err"

sed 's|<role name="carer" audience="carer"/>|<role name="carer" audience="carr"/>|' "$SRCDIR/templates/council-example.xml" >"$T/council.xml"
line=$(grep -n 'audience="carr"' "$T/council.xml" | cut -d: -f1)
check_exit 1 "send with a role whose audience is unknown" $PEPKIT send --config "$T/council.xml" --dry-run --log "$T/log" "$REC"
check_grep "... names the file, line, attribute and role, and suggests carer" "^pepkit: error: '$T/council.xml' line $line: roles/role/@audience: role 'carer': unknown audience 'carr': did you mean 'carer'\? \(readers: carer, child, health, iro, parent, record, school; or a profile file's path\)$" "$T/err"

check "send --dry-run of one record" $PEPKIT send --config "$SRCDIR/templates/council-example.xml" --term 2025-autumn --dry-run --log "$T/log2" "$REC"
check_grep "... says 'from 1 record'" "deliveries from 1 record:" "$T/err"
check_nogrep "... never '1 records'" " 1 records" "$T/err"

# a folder where one record file goes
check_exit 3 "render of a folder" $PEPKIT render -o "$T/x.pdf" "$SAMPLES"
check_grep "... says it is a folder, not a file" "^pepkit: error: cannot read '$SAMPLES': it is a folder, not a file$" "$T/err"
check_exit 3 "redact of a folder" $PEPKIT redact --audience carer -o "$T/x.xml" "$SAMPLES"
check_grep "... says so" "'$SAMPLES': it is a folder, not a file" "$T/err"
check_exit 3 "template --from a folder" $PEPKIT template --doc pep1 --from "$SAMPLES" -o "$T/x.docx"
check_grep "... says so" "'$SAMPLES': it is a folder, not a file" "$T/err"
# send's plan table: the doc column holds form-pep1
$PEPKIT send --config "$SRCDIR/templates/council-example.xml" --term 2025-autumn --dry-run --log "$T/log3" "$REC" >"$T/plan" 2>/dev/null
check_grep "send's plan lines up form-pep1 under its column" "^[^ ]+ +[^ ]+ +form-pep1 +dt1 " "$T/plan"
awk 'NR == 1 { h = index($0, "person") } NR > 1 && $3 == "form-pep1" { if (index($0, " " $4 " ") + 1 != h) bad = 1 } END { exit bad }' "$T/plan" &&
	ok "... the person column starts where its heading does" || notok "send's plan columns do not line up"

# an export row with no term, and no --term: the message says what to give
$PEPKIT sample --children 3 --seed 5 --attainment "$T/ex" -o "$T/c3" 2>/dev/null
f=$(ls "$T/ex/bromcom-wide/"*.csv | head -n 1)
check_exit 1 "merge of a Bromcom export without --term" $PEPKIT merge -o "$T/m" "$T/c3" "$f"
check_grep "... names file and line and says to give --term" "^pepkit: error: '$f' line 2: rejected: no term: the export gives none for this row, and no --term was given \(e.g. --term 2025-autumn\)$" "$T/err"

# a missing -o is said the same way by every command
for c in "render $REC" "redact --audience carer $REC" "template --doc pep1" "import $T/f.docx"; do
	check_exit 2 "$(echo "$c" | cut -d' ' -f1) without -o" $PEPKIT $c
	check_grep "... says 'no output file: give -o ...'" "^pepkit: error: no output file: give -o [A-Z]" "$T/err"
done
for c in "pack $SAMPLES" "qa $SAMPLES" "merge $SAMPLES $T/ex" "sample --children 1"; do
	check_exit 2 "$(echo "$c" | cut -d' ' -f1) without -o" $PEPKIT $c
	check_grep "... says 'no output folder: give -o ...'" "^pepkit: error: no output folder: give -o [A-Z]" "$T/err"
done
check_exit 2 "merge with a cohort and no export" $PEPKIT merge -o "$T/m9" "$SAMPLES"
check_grep "... says an export is missing" "no export given: after COHORT_DIR, give the exports" "$T/err"
done_testing
