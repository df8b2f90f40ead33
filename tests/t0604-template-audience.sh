# t0604: `pepkit template --from --audience`: a form prefilled from a redacted copy holds no
# withheld value, says who it is for, and comes back into the record without writing the token
# or its neutral ids over the real values.
. tests/lib.sh

KS4="$SAMPLES/ks4-ehcp-exclusions.xml"
# the placement address repeated in free text the form prefills (attendance notes)
sed 's|most absence was the two-day suspension in October.|most absence was the two-day suspension in October; he walked from 14 Orchard Row.|' "$KS4" > "$T/rec.xml"
check "the test record is valid" "$PEPKIT" validate "$T/rec.xml"

check_exit 0 "template --audience parent" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience parent -o "$T/parent.docx"
mkdir -p "$T/parts"
unzip -qq -o "$T/parent.docx" -d "$T/parts"
cat "$T"/parts/word/*.xml "$T"/parts/docProps/*.xml > "$T/all.xml"
for canary in "Orchard Row" "07700 900412" "Agnieszka" "CAMHS"; do
	check_nogrep "no '$canary' in any part of the parent's form" "$canary" "$T/all.xml"
done
check_grep "the form says who it is for" "Copy for: parent \\(redacted\\)" "$T/all.xml"
check_grep "the repeated address became the token" "walked from \\[REDACTED\\]" "$T/all.xml"

# the parent's form comes back unchanged: lined up with the record, every box takes the
# record's own value (t0620 covers changes and refusals)
"$PEPKIT" template --doc pep1 --from "$T/rec.xml" -o "$T/plain.docx" 2>/dev/null
"$PEPKIT" import --into "$T/rec.xml" -o "$T/plain.xml" "$T/plain.docx" >/dev/null 2>&1
check_exit 0 "the parent's form imports into the record" "$PEPKIT" import --into "$T/rec.xml" -o "$T/back.xml" "$T/parent.docx"
check "... giving the record the unredacted form gives" cmp "$T/back.xml" "$T/plain.xml"
check_grep "the withheld address is still in the record" "walked from 14 Orchard Row" "$T/back.xml"
check_nogrep "no token reached the record" "REDACTED" "$T/back.xml"
check_exit 1 "without --into it is refused" "$PEPKIT" import -o "$T/back2.xml" "$T/parent.docx"
check_grep "the refusal says it was made for the parent" "made from the copy for 'parent'" "$T/err"
[ ! -e "$T/back2.xml" ] && ok "nothing written" || notok "nothing written"
# a form whose mark was deleted (or made before the mark) is still refused for the token
/usr/bin/python3 - "$T/parent.docx" "$T/unmarked.docx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); parts = {n: z.read(n) for n in z.namelist()}
d = parts['word/document.xml'].decode()
i = d.index('<w:tag w:val="form.audience"/>'); s = d.rindex('<w:sdt>', 0, i); e = d.index('</w:sdt>', i) + 8
parts['word/document.xml'] = (d[:s] + d[e:]).encode()
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as o:
    for n, b in parts.items(): o.writestr(n, b)
PY
check_exit 1 "an unmarked redacted form is refused for its token" "$PEPKIT" import --into "$T/rec.xml" -o "$T/back3.xml" "$T/unmarked.docx"
check_grep "... naming the box" "Attendance notes.*redacted copy" "$T/err"
# a carer's form: its target ids are the copy's neutral ones; they go back to the record's
check_exit 0 "template --audience carer" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience carer -o "$T/carer.docx"
check_exit 0 "the carer's form imports" "$PEPKIT" import --into "$T/rec.xml" -o "$T/back4.xml" "$T/carer.docx"
check "... keeping the record's target ids (the same record as the unredacted form)" cmp "$T/back4.xml" "$T/plain.xml"

check_exit 0 "template --audience record equals no audience" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience record -o "$T/record.docx"
check "the record audience's form is the unredacted form" cmp "$T/record.docx" "$T/plain.docx"
check_exit 2 "--audience without --from is a usage error" "$PEPKIT" template --doc pep1 --audience parent -o "$T/x.docx"
check_exit 2 "an unknown audience is a usage error" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience nobody -o "$T/x.docx"
[ ! -e "$T/x.docx" ] && ok "nothing written for an unknown audience" || notok "nothing written for an unknown audience"
done_testing
