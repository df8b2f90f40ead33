# t0507: the pack's account survives faults and odd inputs: a failed record's old documents are
# kept and listed as stale (with the date made); two packs into one folder (the second refuses,
# the first finishes); a report that cannot be written (ENOSPC from the shim) leaves the full
# account on stderr and no stale report; a folder that takes no file is refused before any
# rendering; pack-report.csv parses (python3 csv) for file names with commas, quotes and
# newlines; control characters in names never reach stderr or the summary raw; --recursive,
# *.XML and an empty cohort.
. tests/lib.sh

SHIM="$SRCDIR/${PEPKIT_BUILD:-build}/failio.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
C="$T/cohort"
"$PEPKIT" sample --children 4 --seed 21 -o "$C" >/dev/null 2>"$T/err" || { notok "sample cohort"; cat "$T/err"; }
O="$T/pk"

# --- stale documents of a record that fails this time
check "first pack" "$PEPKIT" pack -q --doc pep1 -o "$O" "$C"
id3=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$C/child-000003.xml")
old=$(ls "$O"/record/*/"$id3"-*-pep1.pdf)
cp "$C/child-000003.xml" "$T/keep.xml"
printf '<pep-record version="1"><child>' > "$C/child-000003.xml"
check_exit 1 "a pack with a now-broken record exits 1" "$PEPKIT" pack -q --doc pep1 -o "$O" "$C"
check_grep "stderr gives the failure's reason" "error: .*child-000003.xml" "$T/err"
check_grep "stderr names the stale document kept" "warning: kept from an earlier run, now stale: record/.*$id3-.*-pep1.pdf \(made [0-9]{4}-[0-9]{2}-[0-9]{2} " "$T/err"
check "the old document is kept (the default)" test -f "$old"
check "the report lists it as stale with the date made" /usr/bin/python3 -c "
import csv,sys
rows=list(csv.DictReader(open('$O/pack-report.csv', newline='')))
r=[x for x in rows if x['input'].endswith('child-000003.xml')][0]
assert r['status']=='failed', r
assert '$id3' in r['stale_documents'] and '(made 20' in r['stale_documents'], r
assert all(x['stale_documents']=='' for x in rows if x is not r)
"
check_grep "the summary counts it" "^stale documents kept .*: 1$" "$O/pack-summary.txt"
check_grep "the summary lists it" "stale, kept from an earlier run: record/.*$id3" "$O/pack-summary.txt"
check "the previous report was moved aside" test -f "$O/pack-report.previous.csv"
cp "$T/keep.xml" "$C/child-000003.xml"

# --- two packs into one folder: the second refuses while the first holds the lock
check "pack A runs pack B into the same folder while it has a record open" env LD_PRELOAD="$SHIM" \
	FAILIO_EXEC_MATCH=child-000002.xml FAILIO_EXEC="'$PEPKIT' pack -q --doc pep1 --force -o '$O' '$C' 2>'$T/b.err'; echo \$? > '$T/b.status'" \
	"$PEPKIT" pack -q --doc pep1 --force -o "$O" "$C"
[ "$(cat "$T/b.status")" = 3 ] && ok "the second pack exits 3" || notok "the second pack exits 3 (got $(cat "$T/b.status"))"
check_grep "the second pack says the folder is in use" "is in use by another pepkit run \(pid [0-9]+\)" "$T/b.err"
check "the first pack's report accounts for all 4" test "$(grep -c '"done"' "$O/pack-report.csv")" -eq 4
find "$O" -name '.pepkit-tmp*' | grep -q . && notok "no temp files after the two packs" || ok "no temp files after the two packs"

# --- the report cannot be written (disk full): the account is on stderr, no stale report
printf '<pep-record version="1"><child>' > "$C/zz-broken.xml"
check_exit 3 "pack whose report hits ENOSPC exits 3" env LD_PRELOAD="$SHIM" FAILIO=write FAILIO_PATH="$O/.pepkit-tmp.pack-report" \
	"$PEPKIT" pack -q --doc pep1 -o "$O" "$C"
check_grep "stderr has the summary" "pack: 5 records: 0 done, 4 skipped \(up to date\), 1 failed" "$T/err"
check_grep "stderr has the failure's reason" "error: .*zz-broken.xml" "$T/err"
check_grep "stderr says why the report is missing" "cannot write .*pack-report.csv.*No space left" "$T/err"
check_grep "stderr says the account above is the only one" "account above is the only one" "$T/err"
check "no pack-report.csv is left to be mistaken for this run's" test ! -e "$O/pack-report.csv"
check "the previous one is kept aside" test -f "$O/pack-report.previous.csv"
find "$O" -name '.pepkit-tmp*' | grep -q . && notok "no temp file after ENOSPC" || ok "no temp file after ENOSPC"
rm -f "$C/zz-broken.xml"

# --- an output folder that takes no file: refused before rendering
check_exit 3 "a full output folder is refused" env LD_PRELOAD="$SHIM" FAILIO=write FAILIO_PATH="$T/full" \
	"$PEPKIT" pack -q --doc pep1 -o "$T/full" "$C"
check_grep "before any rendering, saying so" "output folder '.*full' is not writable .*nothing was rendered" "$T/err"
[ "$(find "$T/full" -name '*.pdf' | wc -l)" -eq 0 ] && ok "no document was written" || notok "no document was written"

# --- file names with commas, quotes, newlines and control characters
N="$T/odd"
mkdir -p "$N"
i=1
for name in 'a,b.xml' 'q"uote.xml' "$(printf 'new\nline.xml')" "$(printf 'esc\033[31mred.xml')"; do
	cp "$C/child-00000$i.xml" "$N/$name"
	i=$((i + 1))
done
printf '<pep-record version="1"><child>' > "$N/$(printf 'bad\033]0;title\007.xml')"
check_exit 1 "pack of oddly named records (one broken)" "$PEPKIT" pack --doc pep1 -o "$T/odd-out" "$N"
cp "$T/err" "$T/odd.err"
check "pack-report.csv parses: one row per input, names whole (control characters as ?)" /usr/bin/python3 -c "
import csv,os,re,sys
rows=list(csv.reader(open('$T/odd-out/pack-report.csv', newline='')))
assert len(rows)==6 and all(len(r)==9 for r in rows), rows
got=sorted(os.path.basename(r[0]) for r in rows[1:])
want=sorted(re.sub('[\\x00-\\x1f\\x7f]', '?', n) for n in os.listdir('$N'))
assert got==want, (got, want)
assert sorted(r[1] for r in rows[1:])==['done']*4+['failed'], rows
"
if grep -q "$(printf '\033')" "$T/odd.err" || grep -q "$(printf '\007')" "$T/odd.err"; then notok "no raw control characters on stderr"; else ok "no raw control characters on stderr"; fi
check_grep "they are shown escaped" 'bad\\x1b\]0;title\\x07.xml' "$T/odd.err"
if grep -q "$(printf '\033')" "$T/odd-out/pack-summary.txt"; then notok "no raw control characters in the summary"; else ok "no raw control characters in the summary"; fi

# --- --recursive, *.XML, an empty cohort
R="$T/rec"
mkdir -p "$R/school-a" "$R/school-b" "$T/empty"
cp "$C/child-000001.xml" "$R/school-a/one.xml"
cp "$C/child-000002.xml" "$R/school-b/TWO.XML"
check_exit 1 "a cohort with only subfolders, without --recursive, exits 1" "$PEPKIT" pack -q -o "$T/r1" "$R"
check_grep "saying there are no records and pointing to --recursive" "no records .* in cohort folder .*--recursive" "$T/err"
check "with --recursive the subfolders are read" "$PEPKIT" pack -q --doc pep1 --recursive -o "$T/r2" "$R"
check "both records are in the report (*.XML counts)" /usr/bin/python3 -c "
import csv
rows=list(csv.DictReader(open('$T/r2/pack-report.csv', newline='')))
assert sorted(r['input'][len('$R')+1:] for r in rows)==['school-a/one.xml','school-b/TWO.XML'], rows
assert all(r['status']=='done' for r in rows), rows
"
check_exit 1 "an empty cohort exits 1" "$PEPKIT" pack -q -o "$T/r3" "$T/empty"
check_grep "with a message" "no records \(\*\.xml\) in cohort folder" "$T/err"
# --- --records-out: the merged records written back, a complete cohort for next term
CC="$SRCDIR/tests/data/csv/cohort"
check_exit 1 "pack --attainment --records-out (exit 1: one export row is for a term the record lacks)" "$PEPKIT" pack -q --doc pep1 --attainment "$SRCDIR/tests/data/csv/good-sims.csv" --records-out "$T/next" -o "$T/ro" "$CC"
[ "$(ls "$T/next" | wc -l)" -eq "$(ls "$CC" | wc -l)" ] && ok "every record is written back (unchanged ones too)" || notok "every record is written back"
check "the written records are valid" "$PEPKIT" validate "$T/next"/*.xml
check_grep "the merged value is in the written record" "current=\"104\" .*source=\"good-sims.csv:6\"" "$T/next/ks2-amara.xml"
check_nogrep "the cohort itself is untouched" "current=\"104\"" "$CC/ks2-amara.xml"
check_exit 2 "--records-out without --attainment is a usage error" "$PEPKIT" pack -q --records-out "$T/x" -o "$T/ro2" "$CC"

# --- --records-out DIR takes DIR's lock, as merge does (F13): refused while another run holds
# it, and DIR is not written
before=$(sha256sum "$T/next/ks2-amara.xml")
rm -f "$T/held"
( flock 9 && : > "$T/held" && exec sleep 60 ) 9>"$T/next/.pepkit.lock" &
holder=$!
i=0; while [ ! -e "$T/held" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check_exit 3 "pack --records-out into a folder another run holds is refused" "$PEPKIT" pack -q --doc pep1 --attainment "$SRCDIR/tests/data/csv/good-sims.csv" --records-out "$T/next" -o "$T/ro3" "$CC"
check_grep "saying the folder is in use" "error: --records-out: '.*next' is in use by another pepkit run" "$T/err"
[ "$(sha256sum "$T/next/ks2-amara.xml")" = "$before" ] && ok "nothing was written to the locked folder" || notok "nothing was written to the locked folder"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
# --- a killed run's temp files in --records-out DIR are removed by the next run (F18); other
# files there are not
printf '<pep-record' > "$T/next/.pepkit-tmp.gone.xmlAbC123"
echo "not ours" > "$T/next/notes.txt"
check_exit 1 "pack --records-out again (exit 1: the same unplaced export row)" "$PEPKIT" pack -q --doc pep1 --attainment "$SRCDIR/tests/data/csv/good-sims.csv" --records-out "$T/next" -o "$T/ro" "$CC"
check "the stale temp file in --records-out is removed" test ! -e "$T/next/.pepkit-tmp.gone.xmlAbC123"
check "a file that is not a temp file of ours stays" test -f "$T/next/notes.txt"
check "--records-out may be OUTDIR itself (one lock)" "$PEPKIT" pack -q --doc pep1 --term 2025-autumn --attainment "$SRCDIR/tests/data/csv/wide-bromcom.csv" --map bromcom-wide --records-out "$T/same" -o "$T/same" "$CC"

# --- a symlinked record is read like any record, as validate and qa read it (F8); a dangling
# one fails with its reason: never left out unseen
L="$T/links"
mkdir -p "$L"
cp "$SAMPLES/eyfs-nursery.xml" "$L/"
ln -s "$SAMPLES/uasc-pashto.xml" "$L/LA-640377.xml"
ln -s "$T/nowhere.xml" "$L/dangling.xml"
check_exit 1 "pack of a cohort with a linked and a dangling record exits 1" "$PEPKIT" pack -q --doc pep1 -o "$T/lk" "$L"
cp "$T/err" "$T/lk.err"
check "the linked record is packed, the dangling one fails with a reason" /usr/bin/python3 -c "
import csv
rows={r['input'].rsplit('/',1)[1]: r for r in csv.DictReader(open('$T/lk/pack-report.csv', newline=''))}
assert sorted(rows)==['LA-640377.xml','dangling.xml','eyfs-nursery.xml'], rows
assert rows['LA-640377.xml']['status']=='done' and rows['LA-640377.xml']['child_id']=='LA-640377', rows
assert rows['dangling.xml']['status']=='failed' and 'dangling.xml' in rows['dangling.xml']['reason'], rows
"
check_grep "the dangling link's failure is on stderr" "error: .*dangling.xml" "$T/lk.err"

# --- child ids that differ only in ASCII case are one child (F17): both records fail, as any
# two records for one child do, and nothing is rendered for either
K="$T/case"
mkdir -p "$K"
cp "$SAMPLES/ks2-initial.xml" "$K/a.xml"
sed 's/LA-512093/la-512093/' "$SAMPLES/ks2-initial.xml" > "$K/b.xml"
check_exit 1 "pack of two records whose ids differ only in case exits 1" "$PEPKIT" pack -q --doc pep1 -o "$T/ck" "$K"
[ "$(grep -c '","failed",.*differ only in case' "$T/ck/pack-report.csv")" -eq 2 ] && ok "both fail, saying the ids differ only in case" || notok "both fail: $(cat "$T/ck/pack-report.csv")"
[ -z "$(find "$T/ck" -name '*.pdf')" ] && ok "no document is rendered for either" || notok "documents: $(find "$T/ck" -name '*.pdf')"

# --- a record that fails part-way on a first run (the disk fills: ENOSPC from the shim on its
# second document): the document this run wrote is listed as written by this run, never as
# "stale, kept from an earlier run" (F16)
F="$T/fresh"
mkdir -p "$F/c"
cp "$SAMPLES/ks2-initial.xml" "$F/c/"
check_exit 1 "a first pack whose second document hits a full disk exits 1" env LD_PRELOAD="$SHIM" FAILIO=write FAILIO_PATH="$F/pk/record" FAILIO_NTH=2 "$PEPKIT" pack -q -j 1 -o "$F/pk" "$F/c"
cp "$T/err" "$T/full.err"
check "the first document was written" test -f "$(find "$F/pk/record" -name '*-pep1.pdf')"
check_nogrep "no document is called stale or from an earlier run" "earlier run|stale:" "$F/pk/pack-summary.txt"
check_nogrep "nor on stderr" "earlier run|stale" "$T/full.err"
check_grep "it is listed as written by this run" "written by this run before it failed \(complete\): record/thornley-primary/LA-512093-2025-autumn-pep1.pdf" "$F/pk/pack-summary.txt"
check "a re-run completes the record" "$PEPKIT" pack -q -o "$F/pk" "$F/c"
check_grep "skipping the document already written" '"done","LA-512093",.*,"1",' "$F/pk/pack-report.csv"
done_testing
