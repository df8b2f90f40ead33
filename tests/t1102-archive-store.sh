#!/bin/sh
# t1102: `pepkit archive` on a real file system with a real SQLite catalogue: deposit (PDF/A-2b
# record copies, modes 0600/0700, catalogue PRAGMA integrity_check, no names), re-deposit is a
# no-op that says so, a changed record is a new object superseding the old, list newest first,
# verify finds a flipped byte, a deleted file and a file without a row (exit 1), export writes a
# BagIt bag that sha256sum -c accepts from inside, due lists children past retention (75th
# birthday, or 15 years after a death before 18), nothing is ever deleted.
. tests/lib.sh

S="$T/store"
mkdir -p "$T/cohort"
cp "$SAMPLES"/*.xml "$T/cohort/"
n_records=$(ls "$T/cohort"/*.xml | wc -l)
n_docs=$((n_records * 2))

check "archive deposit of the samples" "$PEPKIT" archive deposit --store "$S" "$T/cohort"
check_grep "summary: every document deposited" "$n_records records, $n_docs documents: $n_docs deposited, 0 already held" "$T/err"
check_grep "summary names the run report" "report '$S/reports/deposit-" "$T/err"
check "catalogue passes PRAGMA integrity_check" sh -c "[ \"\$(sqlite3 '$S/catalogue.db' 'PRAGMA integrity_check')\" = ok ]"
is_db() { sqlite3 "$S/catalogue.db" "$1"; }
[ "$(is_db 'PRAGMA journal_mode')" = wal ] && ok "catalogue in WAL mode" || notok "catalogue in WAL mode"
[ "$(is_db 'SELECT count(*) FROM documents')" = "$n_docs" ] && ok "one row per document" || notok "one row per document"
nfiles=$(find "$S/objects" -type f | wc -l)
[ "$nfiles" = "$n_docs" ] && ok "one object per document ($nfiles)" || notok "one object per document ($nfiles)"
bad=$(find "$S" -type f ! -perm 0600 ! -name '*.lock' | wc -l)
[ "$bad" = 0 ] && ok "every store file is mode 0600" || { notok "every store file is mode 0600"; find "$S" -type f ! -perm 0600 -ls | sed 's/^/#   /'; }
bad=$(find "$S" -type d ! -perm 0700 | wc -l)
[ "$bad" = 0 ] && ok "every store folder is mode 0700" || notok "every store folder is mode 0700"
# object paths: objects/CHILD/TERM/TYPE-SHA256.pdf and the file's hash is the name's
badname=0
for f in $(find "$S/objects" -type f); do
	h=$(sha256sum "$f" | cut -c1-64)
	case "$f" in *"/objects/"*/*/pep[12]-"$h".pdf) ;; *) badname=$((badname + 1)) ;; esac
done
[ "$badname" = 0 ] && ok "every object is named by child, term, type and its own SHA-256" || notok "object names ($badname wrong)"
[ "$(is_db "SELECT count(*) FROM documents WHERE audience='record' AND pepkit_version<>'' AND length(source_sha256)=64 AND pages>0")" = "$n_docs" ] &&
	ok "rows carry audience, pages, source record hash, pepkit version" || notok "rows carry audience, pages, source record hash, pepkit version"

# no names in the catalogue: every legal-name part of every record is absent from the dump
sqlite3 "$S/catalogue.db" .dump > "$T/dump.sql"
leak=0
for r in "$T"/cohort/*.xml; do
	for v in $(xmllint --xpath '//child/legal-name/*/text()' "$r" 2>/dev/null); do
		grep -qF -- "$v" "$T/dump.sql" && { leak=1; echo "# name part '$v' in the catalogue"; }
	done
done
[ "$leak" = 0 ] && ok "no child's name in the catalogue" || notok "no child's name in the catalogue"

# a stored object is PDF/A-2b
one=$(find "$S/objects" -name 'pep1-*.pdf' | head -n 1)
mkdir -p "$T/pdfa"
/usr/bin/python3 tests/pdfa_check.py "$one" "$T/pdfa" > "$T/pdfa.txt"
check_nogrep "a stored record copy passes the PDF/A-2b checks" '^not ok' "$T/pdfa.txt"

# same documents again: nothing written, and it says so
before=$(find "$S/objects" -type f -newer "$S/catalogue.db" | wc -l)
ls -l --time-style=full-iso "$S/objects"/*/*/* > "$T/ls1"
check "archive deposit again" "$PEPKIT" archive deposit --store "$S" "$T/cohort"
check_grep "second run: all already held" "0 deposited, $n_docs already held \(same document: nothing written\)" "$T/err"
ls -l --time-style=full-iso "$S/objects"/*/*/* > "$T/ls2"
cmp -s "$T/ls1" "$T/ls2" && ok "no object touched by the second run" || notok "no object touched by the second run"
rep=$(ls -t "$S"/reports/deposit-*.csv | head -n 1)
[ "$(/usr/bin/python3 -c "import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r['outcome']=='already-held'))" "$rep")" = "$n_docs" ] &&
	ok "run report: every document already-held" || notok "run report: every document already-held"

# a changed record: a new object that supersedes the old one; the old one stays
sed 's#</legal-name>#</legal-name><preferred-name>Changed</preferred-name>#' "$SAMPLES/ks2-initial.xml" > "$T/changed.xml"
if "$PEPKIT" validate "$T/changed.xml" >/dev/null 2>&1; then :; else
	sed 's#<school-setting>#<school-setting>#' "$SAMPLES/ks2-initial.xml" > "$T/changed.xml"; fi
child=$(xmllint --xpath 'string(//child/la-child-id)' "$SAMPLES/ks2-initial.xml")
check "deposit a changed record" "$PEPKIT" archive deposit --store "$S" --doc pep1 "$T/changed.xml"
check_grep "changed record: deposited" "1 deposited" "$T/err"
[ "$(is_db "SELECT count(*) FROM documents WHERE child='$child' AND type='pep1'")" = 2 ] && ok "both versions held" || notok "both versions held"
old=$(is_db "SELECT min(id) FROM documents WHERE child='$child' AND type='pep1'")
[ "$(is_db "SELECT supersedes FROM documents WHERE child='$child' AND type='pep1' ORDER BY id DESC LIMIT 1")" = "$old" ] &&
	ok "the new version records the one it supersedes" || notok "the new version records the one it supersedes"

# list: newest first, per child
check "archive list" "$PEPKIT" archive list --store "$S"
ids=$(awk -F'\t' 'NR>1 {print $9}' "$T/out" | tr '\n' ' ')
sorted=$(awk -F'\t' 'NR>1 {print $9}' "$T/out" | sort -rn | tr '\n' ' ')
[ "$ids" = "$sorted" ] && [ -n "$ids" ] && ok "list is newest first" || notok "list is newest first ($ids)"
check "archive list --child" "$PEPKIT" archive list --store "$S" --child "$child"
[ "$(awk 'NR>1' "$T/out" | wc -l)" = 3 ] && ok "list --child shows that child's 3 documents" || notok "list --child ($(awk 'NR>1' "$T/out" | wc -l))"

# verify: clean, then damage
check "archive verify on a clean store" "$PEPKIT" archive verify --store "$S"
check_grep "verify counts every document intact" "$((n_docs + 1)) documents: $((n_docs + 1)) intact, 0 missing, 0 altered, 0 unexpected" "$T/out"
cp -r "$S" "$T/damaged"
victim=$(find "$T/damaged/objects" -name 'pep2-*.pdf' | sort | head -n 1)
gone=$(find "$T/damaged/objects" -name 'pep2-*.pdf' | sort | tail -n 1)
[ -n "$victim" ] && [ "$victim" != "$gone" ] || { notok "the store has two PEP2 objects to damage"; victim="$T/damaged/objects/none"; gone="$victim"; }
/usr/bin/python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" "$victim"
rm "$gone"
echo stray > "$(dirname "$victim")/stray.pdf"
check_exit 1 "verify of a damaged store exits 1" "$PEPKIT" archive verify --store "$T/damaged"
check_grep "verify finds the flipped byte" "'$victim': altered" "$T/err"
check_grep "verify finds the deleted file" "'$gone': missing" "$T/err"
check_grep "verify finds the file without a row" "stray.pdf': unexpected file" "$T/err"
check_grep "verify counts them" "1 missing, 1 altered, 1 unexpected" "$T/out"
check_exit 3 "verify of a folder that is not a store" "$PEPKIT" archive verify --store "$T/cohort"

# export: a BagIt bag
check "archive export" "$PEPKIT" archive export --store "$S" --child "$child" -o "$T/bags/$child"
B="$T/bags/$child"
check "bag: sha256sum -c manifest-sha256.txt from inside the bag" sh -c "cd '$B' && sha256sum --strict -c manifest-sha256.txt"
check "bag: sha256sum -c tagmanifest-sha256.txt from inside the bag" sh -c "cd '$B' && sha256sum --strict -c tagmanifest-sha256.txt"
check_grep "bagit.txt declares BagIt 1.0" '^BagIt-Version: 1\.0$' "$B/bagit.txt"
check_grep "bagit.txt declares UTF-8" '^Tag-File-Character-Encoding: UTF-8$' "$B/bagit.txt"
check_grep "bag-info.txt: child id" "^External-Identifier: $child$" "$B/bag-info.txt"
check_grep "bag-info.txt: retention date (75th birthday)" "^Retention-Date: 2092-03-09$" "$B/bag-info.txt"
check_grep "bag-info.txt: date range" '^Date-Range: [0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}$' "$B/bag-info.txt"
nd=$(find "$B/data" -name '*.pdf' | wc -l)
[ "$nd" = 3 ] && ok "bag holds the child's 3 documents" || notok "bag holds the child's 3 documents ($nd)"
oxum=$(awk '/^Payload-Oxum:/ {print $2}' "$B/bag-info.txt")
real="$(find "$B/data" -type f -printf '%s\n' | awk '{s+=$1} END {print s}').$(find "$B/data" -type f | wc -l)"
[ "$oxum" = "$real" ] && ok "Payload-Oxum matches the payload ($oxum)" || notok "Payload-Oxum $oxum, payload $real"
[ "$(find "$B/data" -type f | wc -l)" = "$(wc -l < "$B/manifest-sha256.txt")" ] && ok "every payload file is in the manifest" || notok "every payload file is in the manifest"
[ -z "$(ls -A "$T/bags" | grep pepkit-tmp)" ] && ok "no temp folder left beside the bag" || notok "no temp folder left beside the bag"
check_exit 1 "export onto an existing bag is refused" "$PEPKIT" archive export --store "$S" --child "$child" -o "$B"
check_exit 1 "export of an unknown child is refused" "$PEPKIT" archive export --store "$S" --child LA-000000 -o "$T/bags/none"
[ ! -e "$T/bags/none" ] && ok "nothing written for an unknown child" || notok "nothing written for an unknown child"
check_exit 3 "export from the damaged store fails (altered object never exported)" "$PEPKIT" archive export --store "$T/damaged" --child "$(basename "$(dirname "$(dirname "$victim")")")" -o "$T/bags/dmg"
[ ! -e "$T/bags/dmg" ] && [ -z "$(ls -A "$T/bags" | grep pepkit-tmp)" ] && ok "a failed export leaves nothing" || notok "a failed export leaves nothing"

# due: retention = 75th birthday; a child who died before 18: 15 years after the death
sed 's#</date-of-birth>#</date-of-birth><date-of-death>2025-06-01</date-of-death>#' "$SAMPLES/eyfs-nursery.xml" > "$T/died.xml"
dchild=$(xmllint --xpath 'string(//child/la-child-id)' "$T/died.xml")
check "deposit the record with a date of death" "$PEPKIT" archive deposit --store "$S" "$T/died.xml"
[ "$(is_db "SELECT retention_date FROM children WHERE id='$dchild'")" = 2040-06-01 ] && ok "retention 15 years after a death before 18" || notok "retention after death: $(is_db "SELECT retention_date FROM children WHERE id='$dchild'")"
check "archive due --on 2040-06-01" "$PEPKIT" archive due --store "$S" --on 2040-06-01
[ "$(awk -F'\t' 'NR>1 {print $1}' "$T/out")" = "$dchild" ] && ok "due lists only the child past retention" || notok "due: $(cat "$T/out")"
check "archive due --on 2092-03-09" "$PEPKIT" archive due --store "$S" --on 2092-03-09
grep -q "^$child	2017-03-09	-	2092-03-09	" "$T/out" && ok "due on the 75th birthday lists the child" || notok "due on the 75th birthday"
check "archive due --on 2092-03-08" "$PEPKIT" archive due --store "$S" --on 2092-03-08
grep -q "^$child	" "$T/out" && notok "not due the day before" || ok "not due the day before"
[ "$(find "$S/objects" -type f | wc -l)" = "$(is_db 'SELECT count(*) FROM documents')" ] && ok "nothing deleted by due" || notok "nothing deleted by due"
check_exit 0 "due without --on judges on today, as qa does" "$PEPKIT" archive due --store "$S"
check_exit 2 "a bad date is a usage error" "$PEPKIT" archive due --store "$S" --on 2039-13-01

# the event log: who, when, outcome for deposit, verify, export, retention review
for k in deposit verify export retention-review; do
	[ "$(is_db "SELECT count(*) FROM events WHERE kind='$k' AND who<>'' AND at LIKE '20%Z' AND outcome<>''")" -ge 1 ] &&
		ok "event log records $k" || notok "event log records $k"
done
check "catalogue still passes PRAGMA integrity_check" sh -c "[ \"\$(sqlite3 '$S/catalogue.db' 'PRAGMA integrity_check')\" = ok ]"

# usage
check_exit 2 "no action" "$PEPKIT" archive --store "$S"
check_exit 2 "unknown action" "$PEPKIT" archive shred --store "$S"
check_exit 2 "no --store" "$PEPKIT" archive verify
check_exit 1 "a missing record fails its documents, the run completes" "$PEPKIT" archive deposit --store "$S" "$T/cohort/ks2-initial.xml" "$T/nosuch.xml"
done_testing
