# t0201: the PEP1 and PEP2 stylesheets through transform.c (`pepkit render --emit-ir`): every
# sample (whatever samples/ holds at run time) and the records in tests/data/transform/ give an
# IR that schemas/document.xsd accepts, with every section heading, readable values, names
# resolved, the right columns of the attainment table, term selection and a missing term.
# Records are not validated here (--no-validate): this script tests the transform only.
. tests/lib.sh

DATA="$SRCDIR/tests/data/transform"
KS4="$SAMPLES/ks4-ehcp-exclusions.xml"
HIST="$DATA/history.xml"
MIN="$DATA/minimal.xml"


PEP1_SECTIONS="Child details|People involved|Attendance and exclusions|SEND and SEMH|Attainment and progress|The child's voice|The carer's view|Social worker's update|Strengths and barriers|Interventions|Evaluation of last term's targets|New SMART targets this term|Pupil Premium Plus|Transition plan|Designated teacher's summary and sign-off"
PEP2_SECTIONS="Meeting|Attendees|Discussion|Agreed actions|Next meeting"

# --- every record, both documents ---
for f in "$SAMPLES"/*.xml "$HIST" "$MIN"; do
	b=$(basename "$f" .xml)
	given=$(xmllint --xpath 'string(/pep-record/child/legal-name/given)' "$f")
	family=$(xmllint --xpath 'string(/pep-record/child/legal-name/family)' "$f")
	id=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$f")
	for doc in pep1 pep2; do
		o="$T/$b.$doc.xml"
		check_exit 0 "$b: $doc transforms" ir "$o" "$f" --doc "$doc"
		check "$b: $doc IR validates against schemas/document.xsd" xmllint --noout --schema schemas/document.xsd "$o"
		is "$b: $doc document type" "$o" /document/@type "$doc"
		is "$b: $doc marking" "$o" /document/meta/marking "OFFICIAL-SENSITIVE"
		footer=$(x "$o" /document/meta/footer)
		case "$footer" in
		"$(echo "$doc" | tr a-z A-Z) · "*" term 20"[0-9][0-9]" · $id") ok "$b: $doc footer is document, term, child id ($footer)" ;;
		*) notok "$b: $doc footer is document, term, child id (got '$footer')" ;;
		esac
		props=$(x "$o" 'concat(/document/meta/title, "|", /document/meta/footer, "|", /document/meta/subject, "|", /document/meta/keywords)')
		case "$props" in
		*"$given"*|*"$family"*) notok "$b: $doc title, footer, subject, keywords carry no name ($props)" ;;
		*) ok "$b: $doc title, footer, subject, keywords carry no name" ;;
		esac
		is "$b: $doc subtitle has the child's name" "$o" "contains(/document/meta/subtitle, '$given $family')" true
		[ "$doc" = pep1 ] && want=$PEP1_SECTIONS || want=$PEP2_SECTIONS
		got=$(xmllint --xpath '//h[@level=1]/text()' "$o" 2>/dev/null | tr '\n' '|' | sed 's/|$//; s/|Withheld from this copy$//; s/&apos;/'"'"'/g')
		if [ "$got" = "$want" ]; then ok "$b: $doc has every section in order"; else notok "$b: $doc sections in order (got '$got')"; fi
		is "$b: $doc no section heading is left without content" "$o" \
			"count(//h[not(following-sibling::*[1])] | //h[@level=1][following-sibling::*[1][self::h[@level=1]]] | //h[@level=2][following-sibling::*[1][self::h[@level<=2]]] | //h[@level=3][following-sibling::*[1][self::h]])" 0
		ir "$T/again.xml" "$f" --doc "$doc"
		check "$b: $doc IR is the same when run twice" cmp "$o" "$T/again.xml"
		check_nogrep "$b: $doc shows no raw xs:date" ">[^<]*20[0-9][0-9]-[01][0-9]-[0-3][0-9]" "$o"
	done
done

# --- the KS4 sample: content ---
o="$T/ks4-ehcp-exclusions.pep1.xml"
row='//table[head/cell[1]="Subject"]/row[cell[1]="English"]'
is "ks4: English baseline / last term / this term / target" "$o" \
	"concat($row/cell[2], '/', $row/cell[3], '/', $row/cell[4], '/', $row/cell[5])" "3/3/4/5"
is "ks4: legal status in words" "$o" '//field[@label="Legal status"]' "Care order (s31)"
is "ks4: placement type in words" "$o" '//field[@label="Placement type"]' "Foster care"
is "ks4: dates UK style" "$o" '//field[@label="Entered care"]' "7 February 2022"
is "ks4: target owner resolved to a name" "$o" '//row[cell[1]="T-2025AU-3"]/cell[4]' "Siobhán Ó Briain"
is "ks4: target area and what" "$o" '//row[cell[1]="T-2025AU-3"]/cell[2]/b' "SEMH"
is "ks4: target set and due dates" "$o" '//row[cell[1]="T-2025AU-3"]/cell[5]' "Set 7 October 2025Due 19 December 2025"
is "ks4: target status in words" "$o" '//row[cell[1]="T-2025AU-3"]/cell[6]' "In progress"
is "ks4: sign-off by name" "$o" '//field[@label="Signed off by"]' "Gareth Llewellyn"
is "ks4: previous term's targets listed with status" "$o" '//row[cell[1]="T-2025SU-1"]/cell[4]' "Partly achieved"
is "ks4: previous term's evaluation shown" "$o" 'contains(//row[cell[1]="T-2025SU-1"]/cell[5], "One essay reached grade 4")' true
is "ks4: this term's targets are not in the evaluation table" "$o" \
	'count(//h[.="Evaluation of last term'"'"'s targets"]/following-sibling::table[1]/row[starts-with(cell[1], "T-2025AU")])' 0
is "ks4: intervention cost as money" "$o" '//table[head/cell[1]="What"]/row[1]/cell[6]' "£450.00"
is "ks4: PP+ total" "$o" '//table[head/cell[1]="What for"]/row[last()]/cell[2]' "£600.00"
is "ks4: PP+ linked targets" "$o" '//table[head/cell[1]="What for"]/row[1]/cell[3]' "T-2025AU-1, T-2025AU-3"
is "ks4: child's voice question shown" "$o" 'count(//p/b[.="What is hard?"])' 1
check_nogrep "ks4: no person id leaks where a name belongs" ">(dt1|sw1|c1|vs1)<" "$o"
is "ks4: no Withheld section in an unredacted copy" "$o" 'count(//h[.="Withheld from this copy"])' 0
o2="$T/ks4-ehcp-exclusions.pep2.xml"
is "ks4 pep2: meeting date" "$o2" '//field[@label="Meeting date"]' "7 October 2025"
is "ks4 pep2: apologies list the absent adviser" "$o2" '//h[.="Apologies"]/following-sibling::list[1]/item[1]' \
	"Chidi Okonkwo (Virtual School adviser): written comments"
is "ks4 pep2: action owner resolved" "$o2" '//table[head/cell[1]="Action"]/row[2]/cell[2]' "Priya Raman"
is "ks4 pep2: action due date" "$o2" '//table[head/cell[1]="Action"]/row[1]/cell[3]' "17 October 2025"
is "ks4 pep2: next meeting" "$o2" '//h[.="Next meeting"]/following-sibling::fields[1]/field' "20 January 2026"

# --- four terms of history: baseline, last term and this term differ ---
o="$T/history.pep1.xml"
row='//table[head/cell[1]="Subject"]/row'
is "history: reading baseline is the first result after entering care" "$o" "$row[cell[1]='English – Reading']/cell[2]" "BASE-R"
is "history: reading last term is the previous term's" "$o" "$row[cell[1]='English – Reading']/cell[3]" "LAST-R"
is "history: reading this term and target" "$o" "concat($row[cell[1]='English – Reading']/cell[4], ' ', $row[cell[1]='English – Reading']/cell[5])" "NOW-R TGT-R"
is "history: maths baseline skips the term before care" "$o" "$row[cell[1]='Maths']/cell[2]" "BASE-M"
check_nogrep "history: results from before care never appear" "PRE-CARE" "$o"
is "history: a subject new this term has no last-term result" "$o" "$row[cell[1]='Science']/cell[3]" "–"
is "history: a teacher-assessment code with its meaning" "$o" "$row[cell[1]='Science']/cell[4]" "WTS (working towards)"
is "history: previous term's targets are spring's" "$o" \
	'count(//h[.="Evaluation of last term'"'"'s targets"]/following-sibling::table[1]/row[cell[1]="Z-SP-1" or cell[1]="Z-SP-2"])' 2
is "history: a two-paragraph evaluation keeps both paragraphs" "$o" 'count(//row[cell[1]="Z-SP-1"]/cell[5]/br)' 1
is "history: not achieved in words" "$o" '//row[cell[1]="Z-SP-2"]/cell[4]' "Not achieved"
o="$T/history.pep2.xml"
got=$(xmllint --xpath '//h[@level=2]/text()' "$o" | tr '\n' '|')
[ "$got" = "Apologies|Welcome and introductions|The child's voice|Attainment and progress|Any other business|" ] &&
	ok "history pep2: discussion in the agenda's order with readable titles" ||
	notok "history pep2: discussion in agenda order (got '$got')"
is "history pep2: apologies" "$o" '//h[.="Apologies"]/following-sibling::list[1]/item' "Tomasz Kowalczyk (Social worker): report sent"
is "history pep2: no actions recorded" "$o" '//h[.="Agreed actions"]/following-sibling::p[1][@style="empty"]' "No actions recorded."

# --- choosing a term ---
o="$T/history-spring.xml"
check_exit 0 "--term 2025-spring transforms" ir "$o" "$HIST" --term 2025-spring
is "--term: footer names the chosen term" "$o" /document/meta/footer "PEP1 · Spring term 2025 · LA-310552"
is "--term: meta term is the id" "$o" /document/meta/term "2025-spring"
is "--term: last term is then autumn" "$o" '//table[head/cell[1]="Subject"]/row[cell[1]="English – Reading"]/cell[3]' "BASE-R"
is "--term: previous targets are then autumn's" "$o" '//h[.="Evaluation of last term'"'"'s targets"]/following-sibling::table[1]/row/cell[1]' "Z-AU-1"
is "--term: new targets are spring's" "$o" 'count(//h[.="New SMART targets this term"]/following-sibling::table[1]/row[starts-with(cell[1], "Z-SP-")])' 2
check_exit 1 "a term not in the record fails" ir "$T/missing.xml" "$HIST" --term 2023-autumn
check_grep "the error names the file and the term" "history.xml.*term '2023-autumn' is not in the record" "$T/err"
[ ! -e "$T/missing.xml" ] && ok "nothing written for a missing term" || notok "nothing written for a missing term"
check_exit 1 "a missing term fails for pep2 too" ir "$T/missing.xml" "$HIST" --doc pep2 --term 2026-summer

# --- nothing recorded yet: placeholders, never vanished sections ---
o="$T/minimal.pep1.xml"
is "minimal: an empty section keeps its heading and says so" "$o" \
	'//h[.="Interventions"]/following-sibling::*[1][self::p[@style="empty"]]' "None recorded."
is "minimal: no UPN said in words" "$o" '//field[@label="UPN"]' "None (not yet allocated)"
is "minimal: no school said in words" "$o" '//field[@label="School"]' "Not in education, employment or training"
is "minimal: booleans in words" "$o" '//field[@label="Unaccompanied asylum-seeking child"]' "Yes"
is "minimal: name in a non-Latin script kept exactly" "$o" '//field[@label="Name"]' "ሄኖክ ተስፋይ"
is "minimal pep2: no meeting said in words" "$T/minimal.pep2.xml" '//field[@label="Meeting date"]' "No meeting recorded for this term"

done_testing
