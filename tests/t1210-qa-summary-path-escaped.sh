#!/bin/sh
# t1210: qa's summary names its three outputs; an output folder whose name holds a newline (or a
# terminal escape) was printed raw, so "-o $'x\npepkit: ...'" forged a line in the log of a
# scheduled run. Now the paths are shown escaped ("\x0a"), as every other message shows them;
# the outputs are still written where asked.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/"
O="$T/q
pepkit: forged line"
check "qa into a folder whose name holds a newline" "$PEPKIT" qa -o "$O" "$T/c"
check_nogrep "... no forged line in the summary" "^pepkit: forged line" "$T/err"
check_grep "... the path shown escaped" 'report: .*q\\x0apepkit: forged line/qa-report.csv$' "$T/err"
[ -s "$O/qa-report.csv" ] && [ -s "$O/dashboard.html" ] && ok "... the outputs written there" || notok "outputs missing"
done_testing
