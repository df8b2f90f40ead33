# t0701: `pepkit merge` on hand-made exports, one per case (BOM/CRLF/quoted newlines, wide,
# bad UPN, out-of-scale, conflict, duplicate, unmatched, ragged, invalid UTF-8, oversized
# field, bad term/date): each gives its documented outcome and exit status, and the report's
# rows add up to the rows read. Records are checked with xmllint against schemas/pep.xsd.
. tests/lib.sh

D="$SRCDIR/tests/data/csv"
COHORT="$D/cohort"
SIMS="$SRCDIR/templates/mapping-sims-long.xml"
BROMCOM="$SRCDIR/templates/mapping-bromcom-wide.xml"


# merge_case NAME EXIT ROWS "merged=.. duplicate=.. ..." CSV... : run the merge of the CSVs
# into a fresh OUT, check the exit status, the rows read (stderr summary), and the report.
merge_case() {
	name=$1 want=$2 rows=$3 expect=$4
	shift 4
	rm -rf "$T/$name"
	check_exit "$want" "$name: exit $want" "$PEPKIT" merge --map "$SIMS" -o "$T/$name" "$COHORT" "$@"
	cp "$T/err" "$T/$name.err"
	check_grep "$name: summary counts $rows rows" "merge: $rows rows" "$T/$name.err"
	got=$(report_sums "$T/$name/merge-report.csv")
	if [ "$got" = "$rows $expect" ]; then ok "$name: report rows add up ($got)"
	else notok "$name: report rows '$got', expected '$rows $expect'"; fi
	for f in "$T/$name"/*.xml; do
		[ -f "$f" ] || continue
		check "$name: $(basename "$f") valid against pep.xsd" xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$f"
	done
}

# BOM, CRLF, quoted comma and newline, a blank line; a term the record does not have.
merge_case good 1 6 "merged=3 duplicate=1 conflict=0 held=0 unmatched=0 rejected=1" "$D/good-sims.csv"
check_grep "good: row after a quoted newline has its physical line" '"merged","[^"]*good-sims.csv","5","Q801200005002","2026-spring","Reading"' "$T/good/merge-report.csv"
check_grep "good: row after a blank line has its physical line" 'good-sims.csv","8","Q801200005002","2025-autumn","Writing"' "$T/good/merge-report.csv"
check_grep "good: missing term rejected with reason" '"rejected",.*,"2","B801200005001","2026-spring","English Language".*not in the record' "$T/good/merge-report.csv"
check_grep "good: lowercase code written canonically with date and source" 'subject="Reading" scale="ks-ta" target="EXS" current="EXS" date="2026-03-20" source="good-sims.csv:5"' "$T/good/ks2-amara.xml"
check_grep "good: KS2 test on the scaled-score scale" 'subject="Maths" aspect="Test" scale="ks2-scaled" current="104"' "$T/good/ks2-amara.xml"
check_grep "good: a term without attainment gets one" 'subject="Writing" scale="ks-ta" current="WTS" date="[0-9-]{10}" source="good-sims.csv:8"' "$T/good/ks2-amara.xml"
# issue 9: OUTDIR is a whole cohort: the unchanged record is copied as it is
cmp -s "$T/good/ks4-lukasz.xml" "$COHORT/ks4-lukasz.xml" && ok "good: unchanged record copied byte for byte" || notok "good: unchanged record copied"
mode=$(stat -c %a "$T/good/ks2-amara.xml")
[ "$mode" = 600 ] && ok "good: record written 0600" || notok "good: record written 0600 (got $mode)"

# wide Bromcom export: header terms, subject aliases, skipped target column, attendance with --term
rm -rf "$T/wide"
check_exit 0 "wide: exit 0" "$PEPKIT" merge --map "$BROMCOM" --term 2025-autumn -o "$T/wide" "$COHORT" "$D/wide-bromcom.csv"
check_grep "wide: 2 rows, 6 values" "merge: 2 rows \(6 values\)" "$T/err"
got=$(report_sums "$T/wide/merge-report.csv")
[ "$got" = "6 merged=3 duplicate=3 conflict=0 held=0 unmatched=0 rejected=0" ] && ok "wide: report adds up to the values" || notok "wide: report '$got'"
check_grep "wide: attendance written with its as-of date" "<attendance as-of=\"[0-9-]{10}\"><percent>96.5</percent></attendance>" "$T/wide/ks2-amara.xml"
check_grep "wide: Mathematics header became Maths, dated as of the file (no date column)" 'subject="Maths" scale="ks-ta" current="WTS" date="[0-9]{4}-[0-9]{2}-[0-9]{2}" source="wide-bromcom.csv:3"' "$T/wide/ks2-amara.xml"
check_nogrep "wide: Target Grade columns skipped" 'current="EXS".*Maths|subject="Maths".*current="EXS"' "$T/wide/ks2-amara.xml"
check_exit 1 "wide: without --term the attendance rows are rejected" "$PEPKIT" merge --map "$BROMCOM" -o "$T/wide2" "$COHORT" "$D/wide-bromcom.csv"
check_grep "wide: reason says no term" "no term" "$T/err"

merge_case bad-upn 1 3 "merged=1 duplicate=0 conflict=0 held=0 unmatched=0 rejected=2" "$D/bad-upn.csv"
check_grep "bad-upn: check letter named with file and line" "'[^']*bad-upn.csv' line 2: rejected: bad upn 'C801200005001': check letter is 'C', expected 'B'" "$T/bad-upn.err"
check_grep "bad-upn: short UPN rejected" "line 3: rejected: bad upn 'B80120000500'" "$T/bad-upn.err"

merge_case out-of-scale 1 4 "merged=1 duplicate=0 conflict=0 held=0 unmatched=0 rejected=3" "$D/out-of-scale.csv"
check_grep "out-of-scale: GCSE 10 rejected" "line 2: rejected: .*'10' is not on the gcse scale used at KS4" "$T/out-of-scale.err"
check_grep "out-of-scale: letter Z rejected" "line 3: rejected: .*'Z' is not on the gcse scale" "$T/out-of-scale.err"
check_grep "out-of-scale: scaled score 79 rejected" "line 4: rejected: .*'79' is not on the ks2-scaled scale used at KS2 \(80-120\)" "$T/out-of-scale.err"

# two different values as of the same date (the files' dates, fixed here) are a conflict
cp "$D/conflict-a.csv" "$D/conflict-b.csv" "$T/" && touch -d 2025-12-01T12:00 "$T/conflict-a.csv" "$T/conflict-b.csv"
merge_case conflict 1 5 "merged=0 duplicate=0 conflict=3 held=2 unmatched=0 rejected=0" "$T/conflict-a.csv" "$T/conflict-b.csv"
check_grep "conflict: both files and lines named" "conflict-b.csv' line 2: conflict: Q801200005002 2025-autumn Writing 'WTS': 'WTS' here, 'EXS' in '[^']*conflict-a.csv' line 2 \\(both as of 2025-12-01\\)" "$T/conflict.err"
check_grep "conflict: a value differing from the record is a conflict" "conflict-b.csv' line 3: conflict: .*Maths '5': the record has '4'" "$T/conflict.err"
cmp -s "$T/conflict/ks2-amara.xml" "$COHORT/ks2-amara.xml" && cmp -s "$T/conflict/ks4-lukasz.xml" "$COHORT/ks4-lukasz.xml" && ok "conflict: records of conflicted children copied unchanged" || notok "conflict: records changed despite conflicts"

merge_case duplicate 0 3 "merged=1 duplicate=2 conflict=0 held=0 unmatched=0 rejected=0" "$D/duplicate.csv"
check_grep "duplicate: one History result" 'subject="History" scale="gcse" current="6" date="2025-12-02" source="duplicate.csv:2"' "$T/duplicate/ks4-lukasz.xml"
n=$(grep -c 'subject="History"' "$T/duplicate/ks4-lukasz.xml")
[ "$n" = 1 ] && ok "duplicate: written once" || notok "duplicate: written $n times"

merge_case unmatched 1 3 "merged=1 duplicate=0 conflict=0 held=0 unmatched=2 rejected=0" "$D/unmatched.csv"
check_grep "unmatched: listed with file and line" "unmatched.csv' line 2: unmatched: E801200005003" "$T/unmatched.err"

merge_case ragged 1 3 "merged=1 duplicate=0 conflict=0 held=0 unmatched=0 rejected=2" "$D/ragged.csv"
check_grep "ragged: short row" "ragged.csv' line 2: rejected: ragged row: 7 fields, the header has 8" "$T/ragged.err"
check_grep "ragged: long row" "ragged.csv' line 3: rejected: ragged row: 9 fields" "$T/ragged.err"

# issue 9: a file that is not valid UTF-8 is read in the profile's encoding (windows-1252);
# with a profile that says UTF-8, the invalid bytes are only in columns pepkit does not use
# (names), so no row is rejected
merge_case invalid-utf8 0 3 "merged=3 duplicate=0 conflict=0 held=0 unmatched=0 rejected=0" "$D/invalid-utf8.csv"
check_grep "invalid-utf8: read as windows-1252, said in the report" 'invalid-utf8.csv","1",.*"read as windows-1252' "$T/invalid-utf8/merge-report.csv"
sed 's/encoding="windows-1252"/encoding="UTF-8"/' "$SIMS" > "$T/sims-utf8.xml"
rm -rf "$T/strict"
check_exit 0 "invalid-utf8, UTF-8 profile: bytes in unused columns reject nothing" "$PEPKIT" merge --map "$T/sims-utf8.xml" -o "$T/strict" "$COHORT" "$D/invalid-utf8.csv"
printf 'UPN,Surname,Subject,Result,Term\nQ801200005002,Ok,Writ\351,EXS,2025-autumn\nQ801200005002,Nwosu,Reading,EXS,2025-autumn\n' > "$T/badused.csv"
rm -rf "$T/strict2"
check_exit 1 "invalid byte in a used column: exit 1" "$PEPKIT" merge --map "$T/sims-utf8.xml" -o "$T/strict2" "$COHORT" "$T/badused.csv"
check_grep "invalid byte in a used column: line and field named" "badused.csv' line 2: rejected: field 3: invalid UTF-8" "$T/err"

# issue 9: a cell over 64 KiB rejects its row only, naming line and field; the others merge
# (t0751: before, the rest of its file was not read)
rm -rf "$T/big"
check_exit 1 "oversized field: exit 1" "$PEPKIT" merge --map "$SIMS" -o "$T/big" "$COHORT" "$D/oversized-field.csv"
check_grep "oversized field: file, line and field named" "oversized-field.csv' line 3: rejected: field 2: over 65536 bytes" "$T/err"
check_grep "oversized field: the rows around it merge" '^"merged",.*oversized-field.csv","4",' "$T/big/merge-report.csv"
check_nogrep "oversized field: its own row does not" '^"merged",.*oversized-field.csv","3",' "$T/big/merge-report.csv"

merge_case bad-term-date 1 3 "merged=0 duplicate=0 conflict=0 held=0 unmatched=0 rejected=3" "$D/bad-term-date.csv"
check_grep "bad term named" "line 2: rejected: field [0-9]+: term 'Xmas 2025' is not recognised" "$T/bad-term-date.err"
check_grep "impossible date named, with the accepted forms" "line 3: rejected: date '31/02/2025' is not dd/mm/yyyy, d/m/yyyy, dd/mm/yy, d/m/yy, YYYY-MM-DD or 5 Dec 2025" "$T/bad-term-date.err"
check_grep "empty result rejected" "line 4: rejected: no result for 'Music'" "$T/bad-term-date.err"

# all of them at once: the counts still add up
rm -rf "$T/all"
"$PEPKIT" merge --map "$SIMS" -o "$T/all" "$COHORT" "$D/good-sims.csv" "$D/bad-upn.csv" "$D/unmatched.csv" "$D/ragged.csv" "$D/invalid-utf8.csv" "$D/duplicate.csv" 2>"$T/all.err"
rows=$(sed -n 's/.*merge: \([0-9]*\) rows.*/\1/p' "$T/all.err")
got=$(report_sums "$T/all/merge-report.csv" | cut -d' ' -f1)
[ "$rows" = 21 ] && [ "$got" = 21 ] && ok "six files: 21 rows read (one blank), report rows sum to 21" || notok "six files: rows '$rows', report sum '$got'"

# usage and profile errors
# issue 9: --map may be left out: the file is matched to a shipped profile by its columns
check_exit 1 "no --map: matched to a shipped profile" "$PEPKIT" merge -o "$T/auto" "$COHORT" "$D/good-sims.csv"
check_grep "no --map: the report says which profile" "profile 'SIMS marksheet \\(long\\)' \\(matched by its columns\\)" "$T/auto/merge-report.csv"
check_exit 2 "bad --term is a usage error" "$PEPKIT" merge --map "$SIMS" --term autumn -o "$T/x" "$COHORT" "$D/good-sims.csv"
printf '<mapping version="1" name="x">\n<long key="UPN" subject="S" result="R"/>\n<scales><rule scale="levels"/></scales></mapping>\n' > "$T/bad-map.xml"
check_exit 1 "invalid profile refused" "$PEPKIT" merge --map "$T/bad-map.xml" -o "$T/x" "$COHORT" "$D/good-sims.csv"
check_grep "invalid profile: file and line named" "bad-map.xml' line 3: not a valid mapping profile" "$T/err"
printf '<mapping version="1" name="x"><long key="UPN" subject="S"/></mapping>\n' > "$T/empty-map.xml"
check_exit 1 "profile mapping no values refused" "$PEPKIT" merge --map "$T/empty-map.xml" -o "$T/x" "$COHORT" "$D/good-sims.csv"
check_grep "profile mapping no values: says why" "empty-map.xml': the profile maps no values" "$T/err"
printf 'Pupil,Subject\nB801200005001,Maths\n' > "$T/nocols.csv"
check_exit 1 "export without the profile's key column rejected" "$PEPKIT" merge --map "$SIMS" -o "$T/x" "$COHORT" "$T/nocols.csv"
check_grep "missing column: columns found and delimiter named" "nocols.csv': no header row in the first 20 lines has the profile's key and required columns: line 1 has 'Pupil', 'Subject' \\(delimiter ','\\)" "$T/err"
for m in "$SRCDIR"/templates/mapping-*.xml; do
	check "shipped profile $(basename "$m") valid" xmllint --noout --schema "$SRCDIR/schemas/mapping.xsd" "$m"
done

# hostile input: seeded random mutations of a good export never crash the reader (exit 0 or 1,
# and the report still adds up to the rows read)
/usr/bin/python3 - "$D/good-sims.csv" "$T/fuzz" <<'PY'
import os, random, sys
src = open(sys.argv[1], 'rb').read()
os.mkdir(sys.argv[2])
rng = random.Random(4)
for i in range(12):
    b = bytearray(src * 3)
    for _ in range(rng.randint(1, 40)):
        op = rng.randint(0, 2)
        at = rng.randrange(len(b))
        if op == 0: b[at] = rng.randrange(256)
        elif op == 1: b.insert(at, rng.choice(b'",\r\n\xff\xc3\x00'))
        else: del b[at]
    open('%s/f%02d.csv' % (sys.argv[2], i), 'wb').write(bytes(b))
PY
fuzz_ok=1 nrep=0
for f in "$T"/fuzz/*.csv; do
	rm -rf "$T/fz"
	"$PEPKIT" merge --map "$SIMS" -o "$T/fz" "$COHORT" "$f" >/dev/null 2>"$T/fz.err"
	rc=$?
	if [ "$rc" -gt 1 ]; then fuzz_ok=0; echo "# $(basename "$f"): exit $rc"; head -n 3 "$T/fz.err"; continue; fi
	[ -f "$T/fz/merge-report.csv" ] || continue   # a file-level error: nothing written
	nrep=$((nrep + 1))
	rows=$(sed -n 's/.*merge: \([0-9]*\) rows (\([0-9]*\) values).*/\1 \2/p' "$T/fz.err")
	got=$(report_sums "$T/fz/merge-report.csv" | cut -d' ' -f1)
	r=${rows% *} v=${rows#* }
	[ "$got" = "$r" ] && [ "$r" -ge "$v" ] || { fuzz_ok=0; echo "# $(basename "$f"): rows $rows, report $got"; }
done
[ "$fuzz_ok" = 1 ] && [ "$nrep" -ge 6 ] && ok "mutated exports: no crash, $nrep reports add up" || notok "mutated exports"

done_testing
