# t0702: re-running a merge changes nothing (byte-identical records, cmp), merging into the
# merged records in place finds only duplicates; LA-child-id keys, council-defined scales,
# ISO dates and attendance columns (Arbor-style profile).
. tests/lib.sh

D="$SRCDIR/tests/data/csv"
BROMCOM="$SRCDIR/templates/mapping-bromcom-wide.xml"
SIMS="$SRCDIR/templates/mapping-sims-long.xml"

for run in 1 2; do
	check_exit 1 "run $run: merge good-sims + duplicate (one row rejected)" "$PEPKIT" merge --map "$SIMS" --term 2025-autumn \
		-o "$T/out$run" "$D/cohort" "$D/good-sims.csv" "$D/duplicate.csv"
done
same=1
for f in "$T/out1"/*; do cmp -s "$f" "$T/out2/$(basename "$f")" || { same=0; echo "# differs: $(basename "$f")"; }; done
[ "$(ls "$T/out1" | wc -l)" -ge 3 ] && [ "$same" = 1 ] && ok "two runs give byte-identical records and report" || notok "two runs differ"

# in place: the first merge changes the records, the second finds everything already there
cp -r "$D/cohort" "$T/inplace"
check_exit 0 "in place: wide export merges" "$PEPKIT" merge --map "$BROMCOM" --term 2025-autumn -o "$T/inplace" "$T/inplace" "$D/wide-bromcom.csv"
check_exit 0 "in place: duplicate.csv merges" "$PEPKIT" merge --map "$SIMS" -o "$T/inplace" "$T/inplace" "$D/duplicate.csv"
mkdir "$T/snap" && cp "$T/inplace"/*.xml "$T/snap/"
check_exit 0 "in place again: exit 0" "$PEPKIT" merge --map "$BROMCOM" --term 2025-autumn -o "$T/inplace" "$T/inplace" "$D/wide-bromcom.csv"
check_grep "in place again: all duplicates, nothing written" "6 values\) from 1 files: 0 merged, 6 duplicate.*" "$T/err"
check_grep "in place again: no record updated" "merge: 0 records updated" "$T/err"
check_exit 0 "in place again (long): exit 0" "$PEPKIT" merge --map "$SIMS" -o "$T/inplace" "$T/inplace" "$D/duplicate.csv"
check_grep "in place again (long): 3 duplicates" "0 merged, 3 duplicate" "$T/err"
same=1
for f in "$T/snap"/*.xml; do cmp -s "$f" "$T/inplace/$(basename "$f")" || same=0; done
[ "$same" = 1 ] && ok "in place again: records byte-identical" || notok "in place again: records changed"
for f in "$T/inplace"/*.xml; do
	check "in place: $(basename "$f") valid against pep.xsd" xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$f"
done

# LA child id key, council scales (codes and a range), ISO dates, attendance normalised
check_exit 1 "council profile: some rows rejected" "$PEPKIT" merge --map "$D/council-steps.xml" -o "$T/council" "$D/cohort" "$D/council-steps.csv"
check_grep "council: 5 rows, 7 values, counted" "5 rows \(7 values\) from 1 files: 2 merged, 3 duplicate, 0 conflict, 0 held, 0 unmatched, 3 rejected" "$T/err"
check_grep "council: code on a council scale, canonical case" 'subject="Art" scale="custom" scale-name="steps" current="D2" date="2025-11-30" source="council-steps.csv:2"' "$T/council/ks4-lukasz.xml"
check_grep "council: range scale" 'scale-name="reading-age-months" current="150"' "$T/council/ks4-lukasz.xml"
check_grep "council: code not on the scale" "line 4: rejected: LA-204817 2025-autumn Drama 'X9': 'X9' is not on the steps scale" "$T/err"
check_grep "council: below the range" "line 5: rejected: .*'30' is not on the reading-age-months scale" "$T/err"
check_grep "council: bad ISO date" "line 6: rejected: date '2025-13-01' is not YYYY-MM-DD" "$T/err"
check_grep "council: 91.2 and 91.20% are the same attendance as the record's" '"duplicate",.*,"2","LA-204817","2025-autumn","attendance","","91.2","3","already in the record"' "$T/council/merge-report.csv"

check_exit 1 "arbor profile: some rows rejected" "$PEPKIT" merge --map "$SRCDIR/templates/mapping-arbor-long.xml" -o "$T/arbor" "$D/cohort" "$D/arbor.csv"
check_grep "arbor: attendance added to the term, with its as-of date" '<attendance as-of="2026-03-20"><percent>95</percent></attendance>' "$T/arbor/ks2-amara.xml"
check_grep "arbor: phonics score" 'subject="Phonics" aspect="Check" scale="phonics" current="36"' "$T/arbor/ks2-amara.xml"
# issue 9: the profile's date-format (iso) is honoured: a dd/mm/yyyy date is refused
check_grep "arbor: a dd/mm/yyyy date refused by an iso profile" "line 4: rejected: date '20/03/2026' is not YYYY-MM-DD" "$T/err"
check_grep "arbor: attendance 101 rejected" "line 5: rejected: attendance '101'" "$T/err"
check "arbor: record valid" xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$T/arbor/ks2-amara.xml"

# exclusions: an export with one row per exclusion and no results (profile without scales)
check_exit 1 "exclusions: some rows rejected" "$PEPKIT" merge --map "$D/exclusions.xml" -o "$T/exc" "$D/cohort" "$D/exclusions.csv"
check_grep "exclusions: 6 rows, 3 values, counted" "6 rows \(3 values\) from 1 files: 1 merged, 2 duplicate, 0 conflict, 0 held, 0 unmatched, 3 rejected" "$T/err"
check_grep "exclusions: 'fixed term' and 2.0 days match the record's suspension" '"duplicate",.*,"2","B801200005001","2025-autumn","exclusion","2025-10-13","suspension[|]2","2","already in the record"' "$T/exc/merge-report.csv"
check_grep "exclusions: new internal exclusion written" '<exclusion type="internal" start="2025-11-05" days="0.5">' "$T/exc/ks2-amara.xml"
check_grep "exclusions: reason with a comma kept" "<reason><p>Left lessons without permission, twice</p></reason>" "$T/exc/ks2-amara.xml"
check_grep "exclusions: unknown type rejected" "line 6: rejected: exclusion type 'Expelled'" "$T/err"
check_grep "exclusions: negative days rejected" "line 7: rejected: exclusion days '-1'" "$T/err"
check "exclusions: record valid" xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$T/exc/ks2-amara.xml"
cp -r "$D/cohort" "$T/excp"
check_exit 1 "exclusions: merge in place" "$PEPKIT" merge --map "$D/exclusions.xml" -o "$T/excp" "$T/excp" "$D/exclusions.csv"
cp "$T/excp/ks2-amara.xml" "$T/exc-first.xml"
check_exit 1 "exclusions: merge in place again" "$PEPKIT" merge --map "$D/exclusions.xml" -o "$T/excp" "$T/excp" "$D/exclusions.csv"
check_grep "exclusions: second merge finds only duplicates" "0 merged, 3 duplicate, 0 conflict, 0 held, 0 unmatched, 3 rejected" "$T/err"
check "exclusions: record unchanged by the second merge" cmp "$T/exc-first.xml" "$T/excp/ks2-amara.xml"

done_testing
