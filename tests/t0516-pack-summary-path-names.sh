#!/bin/sh
# t0516: pack-summary.txt (kept in the pack's folder with the documents) named the cohort and
# output folders as given: a folder per child ("cohorts/AyseYilmaz", "packs/Ayşe Yılmaz") put
# the child's name in it, although pack-report.csv already withheld such record paths. Now a
# folder whose path holds a name of a child in the run is "(path withheld: it holds a child's
# name)"; other paths are written as given.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml       # Ayşe Yılmaz
mkdir -p "$T/AyseYilmaz" "$T/plain"
cp "$REC" "$T/AyseYilmaz/pep.xml"
cp "$REC" "$T/plain/pep.xml"
check "pack a cohort folder named after the child" \
	"$PEPKIT" pack -q --term 2025-autumn -o "$T/packs/Ayşe Yılmaz" "$T/AyseYilmaz"
S="$T/packs/Ayşe Yılmaz/pack-summary.txt"
check_nogrep "the summary holds no name of the child" "[Aa]y[sş]e|[Yy][iı]lmaz" "$S"
check_grep "... the cohort folder withheld" "^cohort: \(path withheld: it holds a child's name\)$" "$S"
check_grep "... the output folder withheld" "^output: \(path withheld: it holds a child's name\)$" "$S"
check_grep "... the rest of the summary still there" "^records: 1$" "$S"
check "a re-run (nothing to do) keeps it so" \
	"$PEPKIT" pack -q --term 2025-autumn -o "$T/packs/Ayşe Yılmaz" "$T/AyseYilmaz"
check_nogrep "... no name" "[Aa]y[sş]e|[Yy][iı]lmaz" "$S"
check "pack folders without names" "$PEPKIT" pack -q --term 2025-autumn -o "$T/pk" "$T/plain"
check_grep "... the cohort folder as given" "^cohort: $T/plain$" "$T/pk/pack-summary.txt"
check_grep "... the output folder as given" "^output: $T/pk$" "$T/pk/pack-summary.txt"
done_testing
