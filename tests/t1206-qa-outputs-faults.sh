#!/bin/sh
# t1206: qa's three outputs are one account: when one cannot be written (a full disk while
# writing dashboard.html, or while writing qa-report.csv: the failio shim's ENOSPC; or a
# folder in the way of pp-plus.csv), none is replaced (before: a new qa-report.csv and
# pp-plus.csv beside the previous run's dashboard), no temp file is left, the exit status is 3,
# and the run's account still reaches stderr: the counts, and every record not rated with why
# (before: one line, "cannot write ..."). The next run without the fault writes all three.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
SHIM="$SRCDIR/${PEPKIT_BUILD:-build}/failio.so"
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/post16-college.xml" "$T/c/"
check "qa" "$PEPKIT" qa --term 2025-autumn --on 2025-12-01 -o "$T/o" "$T/c"
sums() { (cd "$T/o" && sha256sum qa-report.csv pp-plus.csv dashboard.html 2>/dev/null); }
before=$(sums)
# the cohort changes: a third record and a broken one, so new outputs would differ
cp "$SAMPLES/eyfs-nursery.xml" "$T/c/" && echo '<pep-record>' > "$T/c/broken.xml"
for what in dashboard.html qa-report.csv; do
	LD_PRELOAD="$SHIM" FAILIO=write FAILIO_PATH="$T/o/.pepkit-tmp.$what" \
		"$PEPKIT" qa --term 2025-autumn --on 2025-12-01 -o "$T/o" "$T/c" > "$T/out" 2> "$T/err"
	st=$?
	[ "$st" -eq 3 ] && ok "full disk writing $what: exit 3" || { notok "full disk writing $what: exit $st"; sed 's/^/#   /' "$T/err"; }
	[ "$(sums)" = "$before" ] && ok "... no output replaced" || notok "... outputs replaced: $(sums | cut -c1-12 | tr '\n' ' ')"
	check_grep "... the counts on stderr" "^4 records: 3 rated" "$T/err"
	check_grep "... the record not rated, and why" "not in a report: 'broken.xml': not a well-formed record" "$T/err"
	check_grep "... saying no report was written" "no report written" "$T/err"
	find "$T/o" -name '.pepkit-tmp*' | grep -q . && notok "... temp files left" || ok "... no temp file left"
done
mkdir "$T/o2" && cp "$T/o"/qa-report.csv "$T/o"/pp-plus.csv "$T/o"/dashboard.html "$T/o2/"
rm "$T/o2/pp-plus.csv" && mkdir "$T/o2/pp-plus.csv"
check_exit 3 "a folder in the way of pp-plus.csv: exit 3" "$PEPKIT" qa --term 2025-autumn --on 2025-12-01 -o "$T/o2" "$T/c"
cmp -s "$T/o2/qa-report.csv" "$T/o/qa-report.csv" && cmp -s "$T/o2/dashboard.html" "$T/o/dashboard.html" &&
	ok "... the others not replaced" || notok "... the others were replaced"
check_exit 1 "without the fault: all three written (exit 1: a record is invalid)" \
	"$PEPKIT" qa --term 2025-autumn --on 2025-12-01 -o "$T/o" "$T/c"
n=$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline="")))))' "$T/o/qa-report.csv")
[ "$n" -eq 4 ] && ok "... qa-report.csv has the 4 records" || notok "... qa-report.csv has $n rows"
[ "$(sums)" != "$before" ] && ok "... the outputs are new" || notok "... outputs unchanged"
done_testing
