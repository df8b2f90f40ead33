# t0705: one `pepkit pack --attainment` takes exports from several school systems at once
# (issue 9, item 3): without --map each file is matched to the shipped profile whose columns its
# header has, and merge-report.csv says which; --map takes the same values as `pepkit merge`
# (short name, file, folder, CSV=PROFILE); a changed profile re-renders by content.
. tests/lib.sh

D="$SRCDIR/tests/data/csv"
C="$D/cohort"
check_exit 1 "pack with SIMS, Arbor and Bromcom exports together, no --map (exit 1: the files hold rejected rows)" \
	"$PEPKIT" pack -q --term 2025-autumn --doc pep1 --attainment "$D/good-sims.csv" --attainment "$D/arbor.csv" \
	--attainment "$D/wide-bromcom.csv" -o "$T/a" "$C"
for f in good-sims arbor wide-bromcom; do
	check_grep "$f.csv: the report names the profile matched" "^\"file\",\"[^\"]*$f.csv\".*profile '" "$T/a/merge-report.csv"
done
profiles=$(grep '^"file"' "$T/a/merge-report.csv" | grep -o "profile '[^']*'" | sort -u | wc -l)
[ "$profiles" -eq 3 ] && ok "three different profiles were used" || notok "three different profiles were used (got $profiles)"
n=$(grep -c '^"merged",' "$T/a/merge-report.csv")
[ "$n" -gt 0 ] && ok "rows from the files were merged ($n)" || notok "rows from the files were merged"
python3 - "$T/a/merge-report.csv" <<'PY' && ok "merged rows come from each of the three files" || notok "merged rows come from each of the three files"
import csv, sys
files = {r["file"].rsplit("/", 1)[-1] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")) if r["outcome"] == "merged"}
sys.exit(0 if {"good-sims.csv", "arbor.csv", "wide-bromcom.csv"} <= files else 1)
PY

# --map as for merge: a binding for one file, the matched ones for the rest
check_exit 1 "--map CSV=PROFILE binds one export (exit 1: rejected rows)" \
	"$PEPKIT" pack -q --doc pep1 --attainment "$D/good-sims.csv" --attainment "$D/arbor.csv" \
	--map "$D/arbor.csv=arbor-long" --map sims-long -o "$T/b" "$C"
check_grep "the bound file used its profile" "arbor.csv\".*profile 'Arbor" "$T/b/merge-report.csv"
check_fail "an unknown profile name is an error" "$PEPKIT" pack -q --doc pep1 --attainment "$D/arbor.csv" --map no-such-system -o "$T/c" "$C"
"$PEPKIT" pack -q --doc pep1 --attainment "$D/arbor.csv" --map no-such-system -o "$T/c" "$C" 2>"$T/c.err"
check_grep "the error names the profile" "unknown mapping profile 'no-such-system'" "$T/c.err"

# a changed profile re-renders (content, not time)
mkdir -p "$T/maps"
cp "$SRCDIR/templates/mapping-arbor-long.xml" "$T/maps/arbor.xml"
check_exit 1 "pack with a profile file (exit 1: arbor.csv has two rejected rows)" "$PEPKIT" pack -q --doc pep1 --attainment "$D/arbor.csv" --map "$T/maps/arbor.xml" -o "$T/d" "$C"
check_exit 1 "the same again (exit 1: arbor.csv has two rejected rows)" "$PEPKIT" pack -q --doc pep1 --attainment "$D/arbor.csv" --map "$T/maps/arbor.xml" -o "$T/d" "$C"
[ "$(grep -c ',"done",' "$T/d/pack-report.csv")" -eq 0 ] && ok "nothing re-rendered with the same profile" || notok "nothing re-rendered with the same profile"
sed -i 's|</mapping>|<!-- changed --></mapping>|' "$T/maps/arbor.xml"
check_exit 1 "pack after the profile changed (exit 1: arbor.csv has two rejected rows)" "$PEPKIT" pack -q --doc pep1 --attainment "$D/arbor.csv" --map "$T/maps/arbor.xml" -o "$T/d" "$C"
[ "$(grep -c ',"done",' "$T/d/pack-report.csv")" -ge 1 ] && ok "a changed profile re-renders" || notok "a changed profile re-renders"
done_testing
