#!/bin/sh
# t0531: a pack's output folder does not keep the records' file names, which councils often
# make the child's ("aisha-khan.xml"): the manifest names each record by the SHA-256 of its file
# name, and pack-report.csv, pack-summary.txt and messages name a record whose path holds the
# child's name by its child id. A manifest written before (plain file names) is still read:
# its records are matched to their outputs (kept as stale when the record fails, removed when
# the record is gone), not taken for records no longer in the cohort.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/Ayse-Yilmaz.xml"          # the child's own name
cp "$SAMPLES/post16-college.xml" "$T/c/rec-0002.xml"           # a neutral name
ID=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$T/c/Ayse-Yilmaz.xml")
check "pack the cohort" "$PEPKIT" pack -q --doc pep1 -o "$T/o" "$T/c"
check_nogrep "the manifest does not hold the file names" "Ayse-Yilmaz|rec-0002" "$T/o/.pepkit-manifest"
check_grep "... it names records by the SHA-256 of their names" "	sha256:[0-9a-f]{64}	" "$T/o/.pepkit-manifest"
check_nogrep "the report does not hold the child's name" "Ayse|Yilmaz" "$T/o/pack-report.csv"
check_grep "... it names that record by its child id" "\"record of $ID \\(path withheld: it holds the child's name\\)\",\"done\"" "$T/o/pack-report.csv"
check_grep "... and a neutral path as given" "rec-0002.xml\",\"done\"" "$T/o/pack-report.csv"
check "a re-run" "$PEPKIT" pack -q --doc pep1 -o "$T/o" "$T/c"
check_grep "... finds everything up to date (records matched by the hashed names)" "\"record of $ID .*\",\"skipped\"" "$T/o/pack-report.csv"

# an invalid record (it parses) is named by its child id too, in the report, the summary and
# on stderr
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>2017-13-45</date-of-birth>|' \
	"$SAMPLES/ks2-initial.xml" > "$T/c/Ayse-Yilmaz.xml"
check_exit 1 "pack with the record invalid" "$PEPKIT" pack --doc pep1 -o "$T/o2" "$T/c"
check_grep "... the report says why, naming the child id" "\"record of $ID .*\",\"failed\".*date-of-birth" "$T/o2/pack-report.csv"
grep -qi "ayse\|yilmaz" "$T/o2/pack-report.csv" "$T/o2/pack-summary.txt" "$T/o2/.pepkit-manifest" "$T/err" "$T/out" && notok "the outputs and messages of the run hold the name" || ok "the outputs and messages of the run do not hold the name"
cp "$SAMPLES/ks2-initial.xml" "$T/c/Ayse-Yilmaz.xml"

# a manifest from before (plain names): rewrite this run's to it, then fail one record and
# remove the other: its outputs are kept as stale, the other's removed as gone
/usr/bin/python3 - "$T/o/.pepkit-manifest" "$T/c" <<'PY'
import hashlib, os, sys
m, c = sys.argv[1], sys.argv[2]
names = {"sha256:" + hashlib.sha256(n.encode()).hexdigest(): n for n in os.listdir(c)}
out = []
for line in open(m, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) >= 4 and f[3] in names:
        f[3] = names[f[3]]
    out.append("\t".join(f) + "\n")
open(m, "w", encoding="utf-8").writelines(out)
PY
check_grep "the manifest now names records as before" "	Ayse-Yilmaz.xml	" "$T/o/.pepkit-manifest"
printf 'not a record' > "$T/c/Ayse-Yilmaz.xml"
rm "$T/c/rec-0002.xml"
check_exit 1 "pack with one record broken and one gone" "$PEPKIT" pack -q --doc pep1 -o "$T/o" "$T/c"
n=$(find "$T/o" -name "$ID-*pep1.pdf" | wc -l)
[ "$n" -ge 1 ] && ok "the broken record's documents are kept (matched by its old name)" || notok "the broken record's documents were removed"
check_grep "... and listed as stale" "stale, kept from an earlier run: .*$ID-" "$T/o/pack-summary.txt"
check_grep "the gone record's row names its old path" "rec-0002.xml\",\"removed\"" "$T/o/pack-report.csv"
GID=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$SAMPLES/post16-college.xml")
check_grep "... and its child id, from its documents' names" "rec-0002.xml\",\"removed\",\"$GID\"" "$T/o/pack-report.csv"
done_testing
