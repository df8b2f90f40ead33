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
done_testing
