# t0401: the hand-written records in samples/ are valid against schemas/pep.xsd and follow the
# rules beyond it (checked by `pepkit validate` and by an independent script),
# and together they cover what the samples are for.
. tests/lib.sh

for f in "$SAMPLES"/*.xml; do
	check "$(basename "$f") is valid against pep.xsd" xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$f"
done
check "samples follow the rules beyond the schema" /usr/bin/python3 "$SRCDIR/tests/data/sample/check-rules.py" "$SAMPLES"/*.xml
check "pepkit validate accepts every sample" "$PEPKIT" validate "$SAMPLES"/*.xml

# coverage of the set
check_grep "an early-years child (N1/N2/R, EYFS)" "<key-stage>EYFS</key-stage>" "$SAMPLES/eyfs-nursery.xml"
check_grep "early-years attainment on the ELG scale" 'scale="eyfs-elg"' "$SAMPLES/eyfs-nursery.xml"
check_nogrep "the early-years child has no UPN" "<upn>" "$SAMPLES/eyfs-nursery.xml"
check_grep "a KS2 child with an initial PEP" 'kind="initial"' "$SAMPLES/ks2-initial.xml"
check_grep "the initial-PEP child is in KS2" "<key-stage>KS2</key-stage>" "$SAMPLES/ks2-initial.xml"
n=$(grep -c '<term ' "$SAMPLES/ks2-initial.xml")
[ "$n" -eq 1 ] && ok "the initial-PEP child has one term" || notok "the initial-PEP child has one term (found $n)"
check_grep "a KS4 child with an EHCP" "<status>ehcp</status>" "$SAMPLES/ks4-ehcp-exclusions.xml"
check_grep "the KS4 child has exclusions" "<exclusion " "$SAMPLES/ks4-ehcp-exclusions.xml"
check_grep "a post-16 young person" "<key-stage>post-16</key-stage>" "$SAMPLES/post16-college.xml"
check_grep "the post-16 young person has a personal adviser" 'role="personal-adviser"' "$SAMPLES/post16-college.xml"
check_grep "an unaccompanied asylum-seeking child" "<unaccompanied-asylum-seeking>true" "$SAMPLES/uasc-cyrillic.xml"
check_grep "who needs an interpreter" "<interpreter-needed>true" "$SAMPLES/uasc-cyrillic.xml"
check_grep "whose legal name is in Cyrillic" "<given>Олександр</given>" "$SAMPLES/uasc-cyrillic.xml"
check_grep "a placement whose location is confidential" 'location-confidential="true"' "$SAMPLES/uasc-cyrillic.xml"
for name in Zoë Łukasz "Nguyễn" Siobhán Ayşe; do
	if grep -q -- "$name" "$SAMPLES"/*.xml; then ok "names with diacritics: $name"; else notok "names with diacritics: $name"; fi
done
for cat in placement-address carer-contact birth-family health safeguarding third-party; do
	if grep -q "confidential=\"$cat\"" "$SAMPLES"/*.xml; then ok "a confidential field of category $cat"; else notok "a confidential field of category $cat"; fi
done
# invented contact details only
if grep -ho '[A-Za-z0-9._-]*@[A-Za-z0-9.-]*' "$SAMPLES"/*.xml | grep -v '@example\.org$' > "$T/emails"; then
	notok "every email is @example.org"; sed 's/^/#   /' "$T/emails"
else
	ok "every email in samples is @example.org"
fi
if grep -ho '<postcode>[^<]*' "$SAMPLES"/*.xml | grep -v '<postcode>ZZ9 ' > "$T/pc"; then
	notok "every postcode is in the fake ZZ9 area"; sed 's/^/#   /' "$T/pc"
else
	ok "every postcode in samples is in the fake ZZ9 area"
fi
done_testing
