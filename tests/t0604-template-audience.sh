# t0604: `pepkit template --from --audience`: a form prefilled from a redacted copy holds no
# withheld value, says who it is for, and cannot be imported back over the real values.
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

check_exit 1 "importing the redacted form is refused" "$PEPKIT" import --into "$T/rec.xml" -o "$T/back.xml" "$T/parent.docx"
check_grep "the refusal says it was made for the parent" "made from a copy redacted for 'parent'" "$T/err"
[ ! -e "$T/back.xml" ] && ok "nothing written" || notok "nothing written"
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
check_exit 1 "an unmarked redacted form is refused for its token" "$PEPKIT" import --into "$T/rec.xml" -o "$T/back.xml" "$T/unmarked.docx"
check_grep "... naming the box" "Attendance notes.*redacted copy" "$T/err"
# a carer's form holds no token in its boxes, but its target ids are the copy's neutral ones:
# importing it would rename the record's targets, so it is refused too
check_exit 0 "template --audience carer" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience carer -o "$T/carer.docx"
check_exit 1 "importing the carer's form is refused" "$PEPKIT" import --into "$T/rec.xml" -o "$T/back.xml" "$T/carer.docx"
check_grep "... as made from a redacted copy" "made from a copy redacted for 'carer'" "$T/err"
[ ! -e "$T/back.xml" ] && ok "nothing written" || notok "nothing written"

check_exit 0 "template --audience record equals no audience" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience record -o "$T/record.docx"
"$PEPKIT" template --doc pep1 --from "$T/rec.xml" -o "$T/plain.docx" 2>/dev/null
check "the record audience's form is the unredacted form" cmp "$T/record.docx" "$T/plain.docx"
check_exit 2 "--audience without --from is a usage error" "$PEPKIT" template --doc pep1 --audience parent -o "$T/x.docx"
check_exit 1 "an unknown audience is an error" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience nobody -o "$T/x.docx"
[ ! -e "$T/x.docx" ] && ok "nothing written for an unknown audience" || notok "nothing written for an unknown audience"
done_testing
