# t0502: `pepkit pack`: folders per school, report accounting for every input, bad records not
# stopping the others, atomic 0600 outputs, resume after interruption, determinism.
. tests/lib.sh

C="$T/cohort"
"$PEPKIT" sample --children 24 --seed 11 -o "$C" >/dev/null 2>"$T/err" || { notok "sample cohort"; cat "$T/err"; }
cp "$SAMPLES"/*.xml "$C/"
printf '<pep-record version="1"><child>' > "$C/zz-truncated.xml"
sed 's|<upn>B801200005001</upn>|<upn>C801200005001</upn>|; s|LA-204817|LA-999999|' "$SAMPLES/ks4-ehcp-exclusions.xml" > "$C/zz-bad-upn.xml"
cp "$SAMPLES/ks4-ehcp-exclusions.xml" "$C/zz-duplicate-child.xml"
inputs=$(ls "$C"/*.xml | wc -l)

check_exit 1 "pack with bad records exits 1" "$PEPKIT" pack -q -o "$T/pk" "$C"
R="$T/pk/pack-report.csv"
check "pack-report.csv exists" test -f "$R"
check "pack-summary.txt exists" test -f "$T/pk/pack-summary.txt"
rows=$(($(wc -l < "$R") - 1))
[ "$rows" -eq "$inputs" ] && ok "report has one row per input ($inputs)" || notok "report rows $rows != inputs $inputs"
check "report parses as CSV with 9 columns" /usr/bin/python3 -c "
import csv,sys
rows=list(csv.reader(open('$R', newline='')))
assert rows[0]==['input','status','child_id','school','term','documents','reason','stale_documents','removed_documents'], rows[0]
assert all(len(r)==9 for r in rows), 'ragged'
"
failed=$(grep -c ',"failed",' "$R")
[ "$failed" -eq 4 ] && ok "exactly the 4 bad records failed (both records of one child id)" || notok "4 bad records failed (got $failed)"
check_grep "truncated record failed with a reason naming it" 'zz-truncated.xml","failed",.*zz-truncated.xml' "$R"
check_grep "bad UPN failed naming the field" 'zz-bad-upn.xml","failed",.*upn' "$R"
check_grep "duplicate child id failed naming the other file" 'zz-duplicate-child.xml","failed",.*LA-204817.*ks4-ehcp-exclusions.xml' "$R"
check_grep "and so did the other record of that child" 'ks4-ehcp-exclusions.xml","failed",.*LA-204817.*zz-duplicate-child.xml' "$R"
check_nogrep "neither duplicate was rendered" "" "$T/pk/record/oakfield-academy/LA-204817-2025-autumn-pep1.pdf"
done_rows=$(grep -c ',"done",' "$R")
[ "$done_rows" -eq $((inputs - 4)) ] && ok "every other record is done" || notok "done rows $done_rows"
pdfs=$(find "$T/pk" -name '*.pdf' | wc -l)
[ "$pdfs" -eq $(( (inputs - 4) * 2 )) ] && ok "two PDFs per good record ($pdfs)" || notok "PDF count $pdfs"
schools=$(find "$T/pk/record" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ "$schools" -ge 2 ] && ok "output folders per school ($schools)" || notok "folders per school ($schools)"
id1=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$C/child-000001.xml")
[ "$(ls "$T/pk/record"/*/"$id1-2025-autumn-pep1.pdf" 2>/dev/null | wc -l)" -eq 1 ] && ok "the default full copies are under OUTDIR/record/SCHOOL" || notok "the default full copies are under OUTDIR/record/SCHOOL"
one_pdf=$(find "$T/pk/record" -name '*-pep2.pdf' | sort | head -n 1)
every_page_marked "$one_pdf" "FULL RECORD COPY: NOT FOR DISTRIBUTION" && ok "every page of a full copy says it is not for distribution" || notok "every page of a full copy says it is not for distribution"
bad_modes=$(find "$T/pk" -type f ! -perm 600 | wc -l)
[ "$bad_modes" -eq 0 ] && ok "every output file has mode 0600" || notok "$bad_modes files not 0600"
n_ok=0; n_bad=0
for f in $(find "$T/pk" -name '*.pdf' | sort | head -n 12); do
	if qpdf --check "$f" >/dev/null 2>&1; then n_ok=$((n_ok + 1)); else n_bad=$((n_bad + 1)); echo "# qpdf rejects $f"; fi
done
[ "$n_bad" -eq 0 ] && [ "$n_ok" -gt 0 ] && ok "qpdf --check accepts pack PDFs ($n_ok checked)" || notok "qpdf on pack PDFs"

# re-run: nothing to do, everything skipped
check_exit 1 "re-run exits 1 (the bad records still fail)" "$PEPKIT" pack -q -o "$T/pk" "$C"
[ "$(grep -c ',"skipped",' "$R")" -eq $((inputs - 4)) ] && ok "re-run skips every up-to-date record" || notok "re-run skips"

# interruption: a stale temp file and missing outputs; the re-run finishes the job
one=$(find "$T/pk" -name '*-pep2.pdf' | sort | head -n 1)
[ -n "$one" ] || one="$T/pk/missing/none-pep2.pdf"
rm -f "$one"
mkdir -p "$(dirname "$one")"
: > "$(dirname "$one")/.pepkit-tmp.stale123"
"$PEPKIT" pack -q -o "$T/pk" "$C" 2>/dev/null
[ -f "$one" ] && ok "re-run writes the missing document" || notok "re-run writes the missing document"
[ "$(grep -c ',"done",' "$R")" -eq 1 ] && ok "only the incomplete record is redone" || notok "only the incomplete record is redone"
find "$T/pk" -name '.pepkit-tmp*' | grep -q . && notok "stale temp files removed" || ok "stale temp files removed"

# a real interruption: SIGINT mid-run, then a re-run finishes
rm -rf "$T/out2"
"$PEPKIT" sample --children 150 --seed 12 -o "$T/big" >/dev/null 2>&1
"$PEPKIT" pack -q -j 1 -o "$T/out2" "$T/big" 2>"$T/int.err" &
pid=$!
sleep 1
kill -INT "$pid" 2>/dev/null
wait "$pid"
st=$?
R2="$T/out2/pack-report.csv"
rows=$(($(wc -l < "$R2") - 1))
[ "$rows" -eq 150 ] && ok "interrupted run's report still accounts for all 150 inputs (exit $st)" || notok "interrupted report rows $rows"
others=$(tail -n +2 "$R2" | grep -v -c -e ',"done",' -e ',"not-processed",')
[ "$others" -eq 0 ] && ok "every record is done or not processed" || notok "unexpected statuses after interrupt"
find "$T/out2" -name '.pepkit-tmp*' | grep -q . && notok "no temp files after interrupt" || ok "no temp files after interrupt"
check_exit 0 "re-run after the interruption succeeds" "$PEPKIT" pack -q -o "$T/out2" "$T/big"
[ "$(tail -n +2 "$R2" | grep -c -e ',"done",' -e ',"skipped",')" -eq 150 ] && ok "after the re-run all 150 are done or skipped" || notok "re-run finished the job"
[ "$(find "$T/out2" -name '*.pdf' | wc -l)" -eq 300 ] && ok "all 300 documents exist" || notok "document count after resume"

# determinism across runs and thread counts
"$PEPKIT" pack -q --force -j 1 --doc pep1 -o "$T/d1" "$T/big" 2>/dev/null
"$PEPKIT" pack -q --force -j 2 --doc pep1 -o "$T/d2" "$T/big" 2>/dev/null
(cd "$T/d1" && find . -name '*.pdf' -exec sha256sum {} + | sort) > "$T/s1"
(cd "$T/d2" && find . -name '*.pdf' -exec sha256sum {} + | sort) > "$T/s2"
check "same documents with 1 and 2 threads" cmp "$T/s1" "$T/s2"

check_exit 3 "an unreadable cohort folder is an I/O error" "$PEPKIT" pack -o "$T/o3" "$T/no-such-dir"
done_testing
