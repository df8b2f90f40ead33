# t0506: re-runs of `pepkit pack` are decided by content (OUTDIR/.pepkit-manifest), never by
# modification times: change each input in turn (a record, an export row, a mapping profile, an
# audience profile, a stylesheet, all in a copy of the data folder) and each re-run renders
# exactly the documents it affects; a run with the same inputs renders nothing; a record
# restored with an OLDER mtime, and a record replaced while a pack has it open, are re-rendered;
# tightening an audience profile (issue 11) removes the withheld text from that audience's
# copies. Which files were rewritten is told by their inode (an atomic write is a new file), so
# no test waits for a clock.
. tests/lib.sh

SHIM="$SRCDIR/${PEPKIT_BUILD:-build}/failio.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
DD="$T/data"
mkdir -p "$DD"
cp -r "$SRCDIR/schemas" "$SRCDIR/stylesheets" "$SRCDIR/templates" "$DD/"
export PEPKIT_DATADIR="$DD"
C="$T/cohort"
mkdir -p "$C"
cp "$SRCDIR"/tests/data/csv/cohort/*.xml "$SAMPLES/eyfs-nursery.xml" "$SAMPLES/ks2-initial.xml" "$SAMPLES/post16-college.xml" "$C/"
grep -v "Spring 2026" "$SRCDIR/tests/data/csv/good-sims.csv" > "$T/sims.csv"   # rows this cohort can take (a rejected row would make every pack exit 1)
O="$T/pk"
pack() { "$PEPKIT" pack -q --audience school,carer --attainment "$T/sims.csv" -o "$O" "$C"; }
written() { sed -n 's/^documents written: //p' "$O/pack-summary.txt"; }
inodes() { (cd "$O" && find . -name '*.pdf' -exec stat -c '%i %n' {} + | sort -k2); }
# the documents whose file changed between two inode lists
changed() { join -1 2 -2 2 "$1" "$2" | awk '$2 != $3 {print $1}' | sort; }
expect() {   # DESC WANT_COUNT WANT_PATTERN: the files rewritten by the last run
	inodes > "$T/after"
	changed "$T/before" "$T/after" > "$T/changed"
	n=$(wc -l < "$T/changed")
	w=$(written)
	if [ "$n" -eq "$2" ] && [ "$w" -eq "$2" ] && { [ "$2" -eq 0 ] || ! grep -qv -- "$3" "$T/changed"; }; then
		ok "$1: exactly $2 documents re-rendered"
	else
		notok "$1: $n files changed, $w written (want $2 matching '$3')"; head -n 12 "$T/changed" | sed 's/^/#   /'
	fi
	cp "$T/after" "$T/before"
}

check "first pack" pack
[ "$(written)" -eq 20 ] && ok "first run renders 5 records x 2 documents x 2 audiences" || notok "first run wrote $(written)"
check "the manifest is in the output folder" test -s "$O/.pepkit-manifest"
check "the manifest is private (0600)" test "$(stat -c %a "$O/.pepkit-manifest")" = 600
inodes > "$T/before"
check "second pack" pack
expect "same inputs" 0 x

# one record
cp "$C/post16-college.xml" "$T/post16-orig.xml"
sed -i 's|</p>|, and revised.</p>|' "$C/post16-college.xml"
check "pack after changing one record" pack
expect "one record changed" 4 LA-187730

# one export row (Amara's KS2 test score)
sed -i 's/,Maths,Test,104,/,Maths,Test,105,/' "$T/sims.csv"
check "pack after changing one export row" pack
expect "one export row changed" 4 LA-300002
pdftotext -q "$(find "$O/carer" -name 'LA-300002-*-pep1-carer.pdf')" "$T/amara.txt"
check_grep "the new value is in the child's document" "105" "$T/amara.txt"

# a mapping profile: shapes only the records the merge changed (Amara's)
sed -i 's|<subjects>|<subjects><!-- reviewed -->|' "$DD/templates/mapping-sims-long.xml"
check "pack after changing the mapping profile" pack
expect "mapping profile changed" 4 LA-300002

# an audience profile, tightened: the carer no longer sees health (issue 11)
nursery_carer=$(find "$O/carer" -name 'LA-310552-*-pep1-carer.pdf')
pdftotext -q "$nursery_carer" - | tr '\n' ' ' | grep -q 'hearing test' && ok "before: the carer's copy has the health note" || notok "before: the carer's copy has the health note"
sed -i '/<allow category="health"\/>/d' "$DD/templates/audiences/carer.xml"
check "pack after tightening the carer profile" pack
expect "audience profile tightened" 10 '/carer/'
pdftotext -q "$nursery_carer" - | tr '\n' ' ' | grep -q 'hearing test' && notok "after: the health note is gone from the carer's copy" || ok "after: the health note is gone from the carer's copy"
check_grep "the redaction log counts the health withheld" "health" "$(find "$O/carer" -name 'LA-310552-*.redaction.txt')"

# a stylesheet: only that document type
sed -i 's|</xsl:stylesheet>|<!-- reviewed --></xsl:stylesheet>|' "$DD/stylesheets/pep2.xsl"
check "pack after changing pep2.xsl" pack
expect "one stylesheet changed" 10 'pep2'
# a stylesheet both include
sed -i 's|</xsl:stylesheet>|<!-- reviewed --></xsl:stylesheet>|' "$DD/stylesheets/common.xsl"
check "pack after changing common.xsl" pack
expect "an included stylesheet changed" 20 'pdf'

check "third run" pack
expect "nothing changed" 0 x
check_nogrep "every record is skipped" '"done"' "$O/pack-report.csv"

# another pepkit program (a fix in redaction or layout at the same version number): the code
# that made the documents shaped them, so every document is made again, and only once
cp "$PEPKIT" "$T/pepkit-fixed" && printf 'x' >> "$T/pepkit-fixed"
all=$(find "$O" -name '*.pdf' | wc -l)
check "pack with a changed program" "$T/pepkit-fixed" pack -q --audience school,carer --attainment "$T/sims.csv" -o "$O" "$C"
expect "changed program" "$all" pdf
check "the same program again" "$T/pepkit-fixed" pack -q --audience school,carer --attainment "$T/sims.csv" -o "$O" "$C"
expect "same program" 0 x
check "the first program again" pack
expect "first program again" "$all" pdf

# a record restored from a backup with an OLDER modification time (cp -p, rsync -a, unzip)
cp "$T/post16-orig.xml" "$C/post16-college.xml"
touch -d '2001-01-01' "$C/post16-college.xml"
check "pack after restoring an older record" pack
expect "older-mtime record" 4 LA-187730

# a record replaced while the pack has the old one open (the second open of the file is the
# render pass; the first is the pass that reads child ids)
sed 's|</p>|, replaced mid-run.</p>|' "$C/ks2-initial.xml" > "$T/ks2-new.xml"
touch -d '2001-01-01' "$T/ks2-new.xml"
check "pack while the record is replaced" env LD_PRELOAD="$SHIM" FAILIO_EXEC_MATCH=ks2-initial.xml FAILIO_EXEC_NTH=2 \
	FAILIO_EXEC="mv '$T/ks2-new.xml' '$C/ks2-initial.xml'" "$PEPKIT" pack -q --audience school,carer --attainment "$T/sims.csv" -o "$O" "$C"
check "the record was replaced during the run" test ! -e "$T/ks2-new.xml"
inodes > "$T/before"
check "pack after the mid-run replacement" pack
expect "record replaced mid-run" 4 LA-512093
pdftotext -q "$(find "$O/school" -name 'LA-512093-*-pep1-school.pdf')" "$T/ks2.txt"
check_grep "the replacement's text is in the document" "replaced mid-run" "$T/ks2.txt"
check "last run" pack
expect "nothing changed" 0 x

# a run killed (SIGKILL) after it replaced a record's documents and before it saved the
# manifest: the journal tells the next run, so restoring the old record re-renders them (the
# kill comes from the shim when the run opens a record that sorts after, in its render pass)
cp "$C/eyfs-nursery.xml" "$T/eyfs-orig.xml"
sed -i 's|</p>|, killed-run text.</p>|' "$C/eyfs-nursery.xml"
env LD_PRELOAD="$SHIM" FAILIO_EXEC_MATCH=ks2-amara.xml FAILIO_EXEC_NTH=2 FAILIO_EXEC='kill -9 $PPID' \
	"$PEPKIT" pack -q -j 1 --audience school,carer --attainment "$T/sims.csv" -o "$O" "$C" 2>/dev/null
[ $? -eq 137 ] && ok "the run was killed mid-way" || notok "the run was killed mid-way"
nursery_school=$(find "$O/school" -name 'LA-310552-*-pep1-school.pdf')
pdftotext -q "$nursery_school" - | grep -q 'killed-run text' && ok "the killed run had replaced the record's documents" || notok "the killed run had replaced the record's documents"
check "the killed run left its journal" test -s "$O/.pepkit-manifest.journal"
cp -p "$T/eyfs-orig.xml" "$C/eyfs-nursery.xml"
check "pack after the kill, with the old record back" pack
pdftotext -q "$nursery_school" - | grep -q 'killed-run text' && notok "the restored record's documents are re-rendered" || ok "the restored record's documents are re-rendered"
check "the journal is folded into the manifest" test ! -e "$O/.pepkit-manifest.journal"
find "$O" -name '.pepkit-tmp*' | grep -q . && notok "no temp files after the kill and re-run" || ok "no temp files after the kill and re-run"
inodes > "$T/before"
check "run after the kill" pack
expect "nothing changed after the kill" 0 x

# --force renders everything; the pack never looks at modification times
touch -d '2035-01-01' "$C"/*.xml
check "pack after touching every record" pack
expect "touched records (content unchanged)" 0 x
check "pack --force" "$PEPKIT" pack -q --force --audience school,carer --attainment "$T/sims.csv" -o "$O" "$C"
[ "$(written)" -eq 20 ] && ok "--force renders everything" || notok "--force wrote $(written)"

# --- a document damaged in the pack folder (truncated, or replaced by other bytes of the same
# size, as a sync conflict leaves it) is not up to date: the manifest holds each output's
# SHA-256 as written, checked before it is skipped; it is made again and the report says why
inodes > "$T/before"
dmg=$(find "$O/school" -name 'LA-512093-*-pep1-school.pdf')
truncate -s 1000 "$dmg"
check "pack after truncating one document" pack
expect "truncated document" 1 LA-512093
check "the truncated document is whole again" qpdf --check "$dmg"
check_grep "the report says why it was made again" 'ks2-initial.xml","done",.*"1 document made again: not as this pack wrote it \(damaged, truncated or changed since\)' "$O/pack-report.csv"
check_grep "the summary counts it" "made again \(not as the pack wrote them: damaged or changed\): 1" "$O/pack-summary.txt"
size=$(stat -c %s "$dmg")
head -c "$size" /dev/zero > "$dmg"
check "pack after replacing one document with other bytes of the same size" pack
expect "replaced document" 1 LA-512093
check "the replaced document is whole again" qpdf --check "$dmg"

# --- obsolete documents are not left looking current (adversarial finding F4): a placement
# that becomes location-confidential moves the parent's copy to parent/withheld/, and the older
# copy naming the school is removed (with its redaction log, and the school's folder once
# empty); a record no longer in the cohort has its documents removed, with a "removed" row;
# a document changed since the pack wrote it, and files the pack never wrote, are not removed;
# documents of other audiences than this run's are left alone
W="$T/w"
mkdir -p "$W/c"
cp "$SAMPLES/ks2-initial.xml" "$W/c/a.xml"
cp "$SAMPLES/eyfs-nursery.xml" "$W/c/b.xml"
cp "$SAMPLES/post16-college.xml" "$W/c/c.xml"
wpack() { "$PEPKIT" pack --audience parent,school -o "$W/pk" "$W/c"; }
check "first pack (parent and school copies)" wpack
old=$(find "$W/pk/parent" -name 'LA-512093-*' | sort)
[ "$(echo "$old" | grep -c /thornley-primary/)" -eq 3 ] && ok "the parent's copies and log are under the school's folder" || notok "parent copies: $old"
sed -i 's/location-confidential="false"/location-confidential="true"/' "$W/c/a.xml"
check "pack after the placement became location-confidential" wpack
cp "$T/err" "$T/conf.err"
left=$(find "$W/pk/parent" -name 'LA-512093-*' | sort)
[ "$(echo "$left" | grep -c /withheld/)" -eq 3 ] && ! echo "$left" | grep -q /thornley-primary/ && ok "only the withheld copies are left" || notok "left: $left"
check "the school's folder under parent/ is gone with its last file" test ! -e "$W/pk/parent/thornley-primary"
for f in $(find "$W/pk/parent" -name '*.pdf'); do pdftotext -q "$f" -; done > "$T/parent.txt"
check_nogrep "no parent's copy names the school" "Thornley Community Primary" "$T/parent.txt"
check "the school's own copies stay" test -n "$(find "$W/pk/school" -name 'LA-512093-*-pep1-school.pdf')"
check_grep "the report lists them as removed, superseded" 'a.xml","done",.*parent/thornley-primary/LA-512093-2025-autumn-pep1-parent.pdf \(removed: superseded by withheld copy '"'"'parent/withheld/LA-512093-2025-autumn-pep1-parent.pdf'"'"'\)' "$W/pk/pack-report.csv"
check_grep "stderr logs each removal by path (ids, never a name)" "pepkit: pack: removed '.*/parent/thornley-primary/LA-512093-2025-autumn-pep2-parent.pdf': superseded by withheld copy" "$T/conf.err"
check_nogrep "stderr names no child" "Ay.e|Yilmaz" "$T/conf.err"
check_grep "the summary counts them" "obsolete documents removed \(superseded, naming a school now withheld, or record gone\): 3" "$W/pk/pack-summary.txt"
nursery=$(find "$W/pk" -name 'LA-310552-*' | sort)
changed=$(echo "$nursery" | grep -- '-pep1-parent.pdf')
echo "changed by hand" >> "$changed"
echo "not the pack's" > "$(dirname "$changed")/notes.txt"
mv "$W/c/b.xml" "$T/b-away.xml"
check_exit 0 "pack after a record left the cohort" wpack
check_grep "a document changed since the pack wrote it is not removed: a warning says so" "warning: '.*LA-310552-2025-autumn-pep1-parent.pdf' is obsolete \(record no longer in the cohort\) but was not removed: changed since this pack wrote it" "$T/err"
check "it is still there" test -f "$changed"
check "a file the pack never wrote is still there" test -f "$(dirname "$changed")/notes.txt"
[ "$(find "$W/pk" -name 'LA-310552-*' | wc -l)" -eq 1 ] && ok "the record's other documents are removed" || notok "left: $(find "$W/pk" -name 'LA-310552-*')"
check "the report has a 'removed' row for the record no longer in the cohort" /usr/bin/python3 -c "
import csv
rows=list(csv.DictReader(open('$W/pk/pack-report.csv', newline='')))
r=[x for x in rows if x['status']=='removed']
assert len(r)==1 and 'no longer in the cohort' in r[0]['reason'], rows
assert 'b.xml' not in r[0]['input'] and 'file name is not kept' in r[0]['input'], r
assert r[0]['removed_documents'].count('(removed: record no longer in the cohort)')==$(echo "$nursery" | wc -l)-1, r
assert 'LA-310552-2025-autumn-pep1-parent.pdf (not removed: record no longer in the cohort; changed since' in r[0]['removed_documents'], r
assert len(rows)==3 and all(x['status'] in ('skipped','removed') for x in rows), rows
"
check "pack with the school audience only" "$PEPKIT" pack -q --audience school -o "$W/pk" "$W/c"
check "the parent's copies (another audience) are left" test -n "$(find "$W/pk/parent/withheld" -name 'LA-512093-*-pep1-parent.pdf')"
check_grep "and nothing was removed" "obsolete documents removed \(superseded, naming a school now withheld, or record gone\): 0" "$W/pk/pack-summary.txt"

# --- copies of earlier terms too (adversarial round 2): packed for the summer term while the
# placement was open, then the autumn term after it became location-confidential, the parent's
# summer copies under the school's folder (they name the school) are removed as well
V="$T/v"
mkdir -p "$V/c"
sed 's/location-confidential="true"/location-confidential="false"/' "$SAMPLES/uasc-pashto.xml" > "$V/c/r.xml"
check "summer pack while the placement is open" "$PEPKIT" pack -q --term 2025-summer --audience parent -o "$V/p" "$V/c"
[ "$(find "$V/p/parent" -path '*ravensholme*' -name '*-2025-summer-*.pdf' | wc -l)" -eq 2 ] && ok "the summer copies are under the school's folder" ||
	notok "summer copies: $(find "$V/p" -name '*.pdf')"
sed -i 's/location-confidential="false"/location-confidential="true"/' "$V/c/r.xml"
check "autumn pack after the placement became location-confidential" "$PEPKIT" pack -q --term 2025-autumn --audience parent -o "$V/p" "$V/c"
check "no copy is left under the school's folder, of any term" test -z "$(find "$V/p/parent" -path '*ravensholme*' -type f)"
for f in $(find "$V/p/parent" -name '*.pdf'); do pdftotext -q "$f" -; done > "$T/v.txt"
check_nogrep "no parent's copy names the school" "Ravensholme" "$T/v.txt"
check_grep "the report says why the summer copies went" "2025-summer-pep1-parent.pdf \(removed: names the school of a placement now location-confidential" "$V/p/pack-report.csv"
done_testing
