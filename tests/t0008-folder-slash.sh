#!/bin/sh
# t0008-folder-slash: a folder typed with a trailing slash, as shell completion writes it
# ("pack/", "cohort/"), is that folder: reports and messages name "pack/x", never "pack//x".
# A file named with a slash still fails as not a folder.
. tests/lib.sh
mkdir "$T/cohort"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/ks4-ehcp-exclusions.xml" "$T/cohort/"
cd "$T" || exit 1

check "pack -o pack/ cohort/" $PEPKIT pack --term 2025-autumn -o pack/ cohort/
check_grep "the report names the record 'cohort/ks2-initial.xml'" '^"cohort/ks2-initial.xml","done"' pack/pack-report.csv
check_nogrep "... and no path with '//'" '//' pack/pack-report.csv
check_nogrep "the summary has no '//'" '//' pack/pack-summary.txt
check_grep "the message names 'pack/pack-report.csv'" "report in 'pack/pack-report.csv'" "$T/err"
check_nogrep "no message has '//'" '//' "$T/err"
check "pack again with 'pack' and './cohort//' finds everything up to date" $PEPKIT pack --term 2025-autumn -o pack ./cohort//
check_grep "... 2 skipped" "2 skipped" "$T/err"
check "qa -o qa/ cohort/" $PEPKIT qa --term 2025-autumn --on 2025-12-01 -o qa/ cohort/
cat "$T/out" "$T/err" >"$T/qa-said"
check_grep "qa names 'qa/qa-report.csv'" "qa/qa-report.csv" "$T/qa-said"
check_nogrep "qa's messages have no '//'" '//' "$T/qa-said"
check_exit 3 "render of 'FILE/' still fails (a file is not a folder)" $PEPKIT render -o x.pdf cohort/ks2-initial.xml/
check_grep "... naming it as given" "cannot open 'cohort/ks2-initial.xml/'" "$T/err"
[ ! -e x.pdf ] && ok "nothing written" || notok "x.pdf written"
check "sample -o made/ (a folder not there yet)" $PEPKIT sample --children 1 -o made/
check_grep "... named 'made'" "to 'made'" "$T/err"
done_testing
