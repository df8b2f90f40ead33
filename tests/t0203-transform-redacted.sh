# t0203: redacted records (hand-made in tests/data/transform/, shaped as redaction leaves them:
# content removed, redacted="CATEGORY" on the element) through `pepkit render --emit-ir`:
# "[REDACTED]" wherever a withheld value would have been printed, and a closing section
# "Withheld from this copy" naming each category once, in words. (The audience line is tested
# in the unit test test_transform, which passes the parameter directly.)
. tests/lib.sh

DATA="$SRCDIR/tests/data/transform"
RK="$DATA/redacted-ks4.xml"
RS="$DATA/redacted-school.xml"

R="[REDACTED]"

for f in "$RK" "$RS"; do
	b=$(basename "$f" .xml)
	for doc in pep1 pep2; do
		check_exit 0 "$b: $doc transforms" ir "$T/$b.$doc.xml" "$f" --doc "$doc"
		check "$b: $doc IR validates" xmllint --noout --schema schemas/document.xsd "$T/$b.$doc.xml"
		is "$b: $doc ends with 'Withheld from this copy'" "$T/$b.$doc.xml" '//body/h[last()]' "Withheld from this copy"
		is "$b: $doc lists only readable category names" "$T/$b.$doc.xml" \
			'count(//h[.="Withheld from this copy"]/following-sibling::list/item[translate(., "abcdefghijklmnopqrstuvwxyz-", "") = ""])' 0
	done
done

# the KS4 sample, redacted
o="$T/redacted-ks4.pep1.xml"
is "an address shows [REDACTED]" "$o" '//field[@label="Placement address"]' "$R"
is "a text block is one [REDACTED] paragraph" "$o" '//h[.="Birth family and contact"]/following-sibling::*[1][self::p]' "$R"
is "the social worker's health note is [REDACTED]" "$o" '//h[.="Health"]/following-sibling::*[1]' "$R"
is "a withheld SDQ score is [REDACTED]" "$o" '//field[@label="SDQ score"]' "$R"
is "a withheld list item is [REDACTED], the others stay" "$o" \
	'concat(//h[.="Barriers to learning"]/following-sibling::list[1]/item[1], "|", //h[.="Barriers to learning"]/following-sibling::list[1]/item[2])' \
	"$R|Gaps in science from missed Year 8"
is "a redacted person is [REDACTED] in the people table, role kept" "$o" '//row[cell[1]="Carer"]/cell[2]' "$R"
is "a redacted person's contact is [REDACTED]" "$o" '//row[cell[1]="Carer"]/cell[4]' "$R"
is "a withheld email is [REDACTED]" "$o" '//row[cell[1]="Social worker"]/cell[4]' "$R"
is "a redacted person owning a target shows [REDACTED]" "$o" '//row[cell[1]="T-2025AU-3"]/cell[4]' "$R"
is "a withheld exclusion reason is [REDACTED]" "$o" '//table[head/cell[4]="Reason"]/row/cell[4]' "$R"
is "unredacted content is untouched" "$o" '//field[@label="School"]' "Oakfield Academy"
got=$(xmllint --xpath '//h[.="Withheld from this copy"]/following-sibling::list/item/text()' "$o" | tr '\n' '|')
[ "$got" = "Placement address|Carer contact details|Birth family and contact arrangements|Health information|Safeguarding information|Third-party information|" ] &&
	ok "the six categories are listed once each, in words, in the fixed order" || notok "the categories listed (got '$got')"
check_nogrep "no withheld value reaches the IR" "Orchard Row|07700|Agnieszka|first appointment|Verbal abuse|Siobhán" "$o"
o="$T/redacted-ks4.pep2.xml"
is "pep2: a redacted attendee is [REDACTED], role kept" "$o" '//table[head/cell[1]="Name"]/row[3]' "$R Carer Yes"
is "pep2: a redacted action owner is [REDACTED]" "$o" '//table[head/cell[1]="Action"]/row[3]/cell[2]' "$R"
is "pep2: a withheld discussion item is one [REDACTED] paragraph under its heading" "$o" \
	'//h[.="Barriers to learning"]/following-sibling::*[1]' "$R"
check_nogrep "pep2: no withheld value reaches the IR" "Siobhán|Busy corridors" "$o"

# a category the schema does not have (an unvalidated record) is still listed, once, in words
sed 's|<item>Practical, creative cook</item>|<item redacted="court-papers"/>|; s|<item>Confident in maths</item>|<item redacted="court-papers"/>|' "$RK" > "$T/unknown.xml"
ir "$T/unknown.xml.ir" "$T/unknown.xml"
is "an unknown category is listed after the known ones" "$T/unknown.xml.ir" \
	'//h[.="Withheld from this copy"]/following-sibling::list/item[last()]' "Court papers"
is "an unknown category is listed once" "$T/unknown.xml.ir" 'count(//list/item[.="Court papers"])' 1

# a location-confidential placement: the whole school withheld
o="$T/redacted-school.pep1.xml"
is "a withheld school's name is [REDACTED]" "$o" '//field[@label="School"]' "$R"
is "a withheld school's address is [REDACTED]" "$o" '//field[@label="School address"]' "$R"
is "a withheld evaluation is [REDACTED]" "$o" '//row[cell[1]="Z-SP-1"]/cell[5]' "$R"
is "pep2: a withheld school's name is [REDACTED]" "$T/redacted-school.pep2.xml" '//field[@label="School"]' "$R"
check_nogrep "no school name leaks" "Brook Lane" "$o"

# the unredacted originals have no such section
"$PEPKIT" render --no-validate --emit-ir -o "$T/plain.xml" "$SAMPLES/ks4-ehcp-exclusions.xml"
is "an unredacted record has no Withheld section" "$T/plain.xml" 'count(//h[.="Withheld from this copy"])' 0
check_nogrep "an unredacted record shows no [REDACTED]" "REDACTED" "$T/plain.xml"

done_testing
