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
check_grep "the refusal names the field and the reason" "Attendance notes.*redacted copy" "$T/err"
[ ! -e "$T/back.xml" ] && ok "nothing written" || notok "nothing written"

check_exit 0 "template --audience record equals no audience" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience record -o "$T/record.docx"
"$PEPKIT" template --doc pep1 --from "$T/rec.xml" -o "$T/plain.docx" 2>/dev/null
check "the record audience's form is the unredacted form" cmp "$T/record.docx" "$T/plain.docx"
check_exit 2 "--audience without --from is a usage error" "$PEPKIT" template --doc pep1 --audience parent -o "$T/x.docx"
check_exit 1 "an unknown audience is an error" "$PEPKIT" template --doc pep1 --from "$T/rec.xml" --audience nobody -o "$T/x.docx"
[ ! -e "$T/x.docx" ] && ok "nothing written for an unknown audience" || notok "nothing written for an unknown audience"
done_testing
