# t0704: one bad file never stops the pack, and merge's accounting survives faults (issues 9
# and 11): a pack with one unreadable export among good ones renders every child, reports the
# file in merge-report.csv and marks the children of the school that sent it in
# pack-report.csv, with a column saying what became of each child's export rows; merge takes
# the folder lock, removes stale temp files, writes its report and journal before replacing
# records (a re-run after a fault reports what the cut-short run merged), and prints every
# problem and its summary when the report cannot be written.
. tests/lib.sh

D="$SRCDIR/tests/data/csv"
C="$T/cohort"
mkdir -p "$C" "$T/e"
# Brookside Primary: Amara and an invented classmate, Zoë; Oakfield Academy: Łukasz
school='    <school id="brookside"><name>Brookside Primary</name><urn>999201</urn><start-date>2021-09-01</start-date></school>'
sed "/<\/placement>/a\\
$school" "$D/cohort/ks2-amara.xml" > "$C/ks2-amara.xml"
sed -e 's/LA-300002/LA-300003/; s/Q801200005002/E801200005003/; s/<given>Amara</<given>Zoë</' "$C/ks2-amara.xml" > "$C/ks2-zoe.xml"
cp "$D/cohort/ks4-lukasz.xml" "$C/"
for f in "$C"/*.xml; do check "cohort record $(basename "$f") valid" xmllint --noout --schema "$SRCDIR/schemas/pep.xsd" "$f"; done

printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nB801200005001,Wisniewski,Lukasz,History,,6,Autumn 2025,01/12/2025\r\nB801200005001,Wisniewski,Lukasz,Music,,5,Autumn 2025,01/12/2025\r\n' > "$T/e/oakfield.csv"
# Brookside's file: pasted from a report, no header row any profile knows
printf 'Brookside Primary - Autumn marks\r\nQ801200005002  Amara  EXS\r\nE801200005003  Zoe  WTS\r\nE801200005003  Zoe  EXS\r\n' > "$T/e/brookside.csv"

"$PEPKIT" pack -q --doc pep1 --term 2025-autumn --attainment "$T/e/oakfield.csv" --attainment "$T/e/brookside.csv" -o "$T/p" "$C" 2>"$T/p.err"
rc=$?
[ "$rc" -le 1 ] && ok "pack with an unreadable export finishes (exit $rc)" || notok "pack with an unreadable export: exit $rc"
for id in LA-300002 LA-300003 LA-204817; do
	n=$(find "$T/p" -name "$id-*pep1.pdf" | wc -l)
	[ "$n" -ge 1 ] && ok "every child rendered: $id" || notok "child $id not rendered"
done
check_grep "the unreadable file is in merge-report.csv with its reason" '"rejected",".*brookside.csv","0",.*"3",".*no header row in the first 20 lines' "$T/p/merge-report.csv"
/usr/bin/python3 - "$T/p/pack-report.csv" > "$T/cols.txt" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):
    print(r['child_id'], r['status'], '|', r['export_rows'], '|', 'marked' if r['school_export_rejected'] else 'unmarked')
PY
cat "$T/cols.txt" | sed 's/^/# /'
check_grep "Łukasz: done, his rows merged, his school's file was fine" "^LA-204817 done \| merged 2, rejected 0 \| unmarked" "$T/cols.txt"
check_grep "Amara: done, her school's file rejected, her row in it counted" "^LA-300002 done \| merged 0, rejected 1 \| marked" "$T/cols.txt"
check_grep "Zoë: done, marked, her two rows in the rejected file counted" "^LA-300003 done \| merged 0, rejected 2 \| marked" "$T/cols.txt"
pdftotext -q "$(find "$T/p" -name 'LA-204817-*pep1.pdf' | head -n 1)" "$T/l.txt"
check_grep "the good file's value reaches the PDF" "History" "$T/l.txt"

# merge: the folder lock; a second run refuses with a clear message
SIMS="$SRCDIR/templates/mapping-sims-long.xml"
mkdir -p "$T/lk"
check_exit 3 "merge into a folder another run holds is refused" flock "$T/lk/.pepkit.lock" "$PEPKIT" merge --map "$SIMS" -o "$T/lk" "$C" "$T/e/oakfield.csv"
check_grep "the refusal says the folder is in use" "'$T/lk' is in use by another pepkit run" "$T/err"
[ -z "$(ls "$T/lk")" ] && ok "the refused run wrote nothing" || notok "the refused run wrote something"
# stale temp files of a killed run are removed (under the lock)
mkdir -p "$T/st" && echo partial > "$T/st/.pepkit-tmp.ks2-amara.xml.A1b2C3"
check_exit 0 "merge with a stale temp file in OUTDIR" "$PEPKIT" merge --map "$SIMS" -o "$T/st" "$C" "$T/e/oakfield.csv"
ls -a "$T/st" | grep -q '^\.pepkit-tmp' && notok "stale temp file removed" || ok "stale temp file removed"

# a fault while replacing records in place (the second record's rename fails: failio shim):
# the report and the journal are already there; the re-run reports the value the cut-short
# run wrote as merged (by that run), not as a duplicate
SHIM="$SRCDIR/${PEPKIT_BUILD:-build}/failio.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
printf 'UPN,Subject,Result,Term,Date\nQ801200005002,Writing,EXS,Autumn 2025,01/12/2025\nB801200005001,History,6,Autumn 2025,01/12/2025\n' > "$T/e/two.csv"
cp -r "$C" "$T/f"
# renames: the journal, the report, Amara's record, then Łukasz's record fails
check_exit 3 "a record that cannot be replaced: exit 3" env LD_PRELOAD="$SHIM" FAILIO=rename FAILIO_AFTER=3 "$PEPKIT" merge --map "$SIMS" -o "$T/f" "$T/f" "$T/e/two.csv"
cp "$T/err" "$T/f.err"
check_grep "the fault is named" "ks4-lukasz.xml" "$T/f.err"
check_grep "the summary is still printed" "merge: 2 rows \(2 values\) from 1 files: 2 merged" "$T/f.err"
check_grep "the report was written first and lists both values as merged" '"merged",".*two.csv","3","B801200005001"' "$T/f/merge-report.csv"
check "the journal of the cut-short run is left" test -f "$T/f/.pepkit-merge-journal.csv"
ls -a "$T/f" | grep -q '^\.pepkit-tmp' && notok "no temp file left by the fault" || ok "no temp file left by the fault"
check_x() { got=$(xmllint --xpath "string($2)" "$1" 2>/dev/null); [ "$got" = "$3" ] && ok "$4" || notok "$4: got '$got'"; }
check_x "$T/f/ks2-amara.xml" "//term[@id='2025-autumn']//result[@subject='Writing']/@current" EXS "the first record was written before the fault"
check_x "$T/f/ks4-lukasz.xml" "count(//term[@id='2025-autumn']//result[@subject='History'])" 0 "the second record is as it was"
check_exit 0 "re-run after the fault" "$PEPKIT" merge --map "$SIMS" -o "$T/f" "$T/f" "$T/e/two.csv"
check_grep "re-run: no 'duplicate' for the value the cut-short run wrote" "2 merged, 0 duplicate" "$T/err"
check_grep "re-run: the report says an earlier run wrote it" '"merged",".*two.csv","2","Q801200005002",.*written by an earlier run that was interrupted' "$T/f/merge-report.csv"
check_x "$T/f/ks4-lukasz.xml" "//term[@id='2025-autumn']//result[@subject='History']/@current" 6 "re-run: the second record is written"
[ ! -e "$T/f/.pepkit-merge-journal.csv" ] && ok "re-run: the journal is removed once every record is written" || notok "journal left after a complete run"
check_exit 0 "third run" "$PEPKIT" merge --map "$SIMS" -o "$T/f" "$T/f" "$T/e/two.csv"
check_grep "third run: now duplicates" "0 merged, 2 duplicate" "$T/err"

# the report cannot be written: every problem and the summary still go to stderr
{ printf 'UPN,Subject,Result,Term\n'; for i in $(seq 1 25); do printf 'C80120000500%d,Maths,5,Autumn 2025\n' $((i % 10)); done; } > "$T/e/bad.csv"
check_exit 3 "report in a missing folder: exit 3" "$PEPKIT" merge --map "$SIMS" --report "$T/no/such/dir/r.csv" -o "$T/r" "$C" "$T/e/bad.csv"
n=$(grep -c "rejected: bad upn" "$T/err")
[ "$n" = 25 ] && ok "every one of the 25 problems is on stderr" || notok "$n of 25 problems on stderr"
check_grep "the summary is on stderr" "merge: 25 rows .* 25 rejected" "$T/err"
check_grep "stderr says the report could not be written" "could not be written; every problem is listed above" "$T/err"
[ -z "$(ls "$T/r"/*.xml 2>/dev/null)" ] && ok "no record replaced before the report" || notok "records written without a report"

done_testing
