#!/bin/sh
# t1212: qa's three outputs (qa-report.csv, pp-plus.csv, dashboard.html) are replaced all or
# none even when a rename fails (strace injects EXDEV at the 1st, 2nd or 3rd): the ones already
# renamed are put back from the previous run's (kept as hard links while the new ones go in), or
# removed on a first run; exit 3, no temp file left. When putting back fails too (every rename
# from the 2nd on fails), the message names the output that is this run's. (adv/o06)
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" && cp "$SAMPLES"/*.xml "$T/c/"
check "qa" "$PEPKIT" qa --term 2025-autumn -o "$T/o" "$T/c"
(cd "$T/o" && sha256sum qa-report.csv pp-plus.csv dashboard.html) > "$T/before"
rm "$T/c/uasc-pashto.xml"
inject() {   # inject WHEN CMD... (LeakSanitizer cannot work under ptrace: off for these runs)
	w=$1; shift
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -o /dev/null -e trace=rename,renameat,renameat2 -e inject=rename,renameat,renameat2:error=EXDEV:when=$w "$@"
}
for w in 1 2 3; do
	check_exit 3 "rename $w of 3 fails" inject $w "$PEPKIT" qa --term 2025-autumn -o "$T/o" "$T/c"
	(cd "$T/o" && sha256sum -c --quiet "$T/before") >/dev/null 2>&1 && ok "... the previous three are all there, unchanged" ||
		notok "... outputs replaced: $(cd "$T/o" && sha256sum -c "$T/before" 2>/dev/null | grep -v ': OK$' | tr '\n' ' ')"
	[ -z "$(find "$T/o" -name '.pepkit-tmp*')" ] && ok "... no temp file left" || notok "... temp files left"
done
check_exit 3 "every rename from the 2nd on fails" inject 2+ "$PEPKIT" qa --term 2025-autumn -o "$T/o" "$T/c"
check_grep "... the message names the output that is this run's" "'qa-report.csv' is this run's and could not be put back" "$T/err"
check "qa without a fault" "$PEPKIT" qa --term 2025-autumn -o "$T/o" "$T/c"
! grep -q LA-640377 "$T/o/qa-report.csv" && [ "$(grep -c . "$T/o/qa-report.csv")" -eq 7 ] && ok "... the new report" || notok "... the report is not the new one"
check_exit 3 "a first run whose 2nd rename fails" inject 2 "$PEPKIT" qa --term 2025-autumn -o "$T/first" "$T/c"
[ -z "$(ls "$T/first" | grep -v '^\.')" ] && ok "... leaves no output at all" || notok "... left: $(ls "$T/first")"
done_testing
