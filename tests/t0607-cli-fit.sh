#!/bin/sh
# t0607-cli-fit: command-line fit (issue 9 item 16). Output names that do not fit the format
# and unknown document types are usage errors (exit 2) before any work; every --help prints
# the exit statuses once; pack's usage line shows every option of its table; `pepkit --help`
# ends with example workflows (the termly pack with exports and audiences; forms out and back).
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml

check_exit 2 "render -o x.odt is a usage error" $PEPKIT render -o "$T/x.odt" "$REC"
check_grep "... naming what pepkit writes" "pepkit writes PDF \(.pdf\) or Word \(.docx\), not '.odt'" "$T/err"
check_exit 2 "render --format docx -o x.pdf is a usage error" $PEPKIT render --format docx -o "$T/x.pdf" "$REC"
check_grep "... saying the name does not match" "does not match --format docx" "$T/err"
check_exit 2 "render --format pdf -o x.docx is a usage error" $PEPKIT render --format pdf -o "$T/x.docx" "$REC"
check_exit 2 "render --doc nope is a usage error" $PEPKIT render --doc nope -o "$T/x.pdf" "$REC"
check_grep "... naming the document" "unknown document 'nope'" "$T/err"
check_exit 2 "render --doc common (an included stylesheet) is a usage error" $PEPKIT render --doc common -o "$T/x.pdf" "$REC"
check_exit 2 "pack --doc pep1,nope is a usage error" $PEPKIT pack --doc pep1,nope -o "$T/pack" "$SAMPLES"
[ ! -e "$T/pack" ] && ok "nothing made for a usage error" || notok "pack made its output folder"
check_exit 2 "template --doc nope is a usage error" $PEPKIT template --doc nope -o "$T/x.docx"
ls "$T"/x.* >/dev/null 2>&1 && notok "a file was written" || ok "no output written for usage errors"
check "render -o x.docx still works (format from the name)" $PEPKIT render -o "$T/ok.docx" "$REC"
check "render --emit-ir -o x.xml still works" $PEPKIT render --emit-ir -o "$T/ok.xml" "$REC"

for cmd in $("$PEPKIT" --help | awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}'); do
	$PEPKIT "$cmd" --help >"$T/help" 2>&1
	n=$(grep -ci 'exit status:' "$T/help")
	[ "$n" -eq 1 ] && ok "$cmd --help prints the exit statuses once" || notok "$cmd --help prints them $n times"
done

$PEPKIT pack --help >"$T/help"
usage=$(sed '/^$/q' "$T/help" | tr -s "\n " "  ")  # the usage lines, filled to 80 columns
sed -n '/^options:/,/^$/p' "$T/help" | grep -o -- '--[a-z-]*' | grep -v -- '--help' | sort -u >"$T/opts"
[ -s "$T/opts" ] && ok "pack has options ($(wc -l <"$T/opts"))" || notok "no options read"
while read -r o; do
	short=$(grep -- "$o[ ,]" "$T/help" | grep -o -- '-[a-zA-Z],' | head -n 1 | tr -d ,)
	case "$usage" in
	*"$o"*) ok "pack usage line shows $o" ;;
	*"[$short "*|*"[$short]"*|*"$short "*) [ -n "$short" ] && ok "pack usage line shows $o ($short)" || notok "pack usage line lacks $o" ;;
	*) notok "pack usage line lacks $o: $usage" ;;
	esac
done <"$T/opts"

$PEPKIT --help >"$T/help"
sed -n '/^examples:/,$p' "$T/help" >"$T/ex"
[ -s "$T/ex" ] && ok "pepkit --help ends with examples" || notok "no examples"
check_grep "example: the termly pack with exports and audiences" "pepkit pack .*--attainment .*--audience " "$T/ex"
check_grep "example: a form out" "pepkit template --doc pep1 --from " "$T/ex"
check_grep "example: and back" "pepkit import --into " "$T/ex"
# the examples run (on the samples): a pack with audiences and a form out and back
check "example pack runs" $PEPKIT pack --term 2025-autumn --audience record,school -q -o "$T/pk" "$SAMPLES"
check "example template runs" $PEPKIT template --doc pep1 --from "$SAMPLES/ks4-ehcp-exclusions.xml" --term 2025-autumn -o "$T/form.docx"
check "example import runs" $PEPKIT import --into "$SAMPLES/ks4-ehcp-exclusions.xml" -o "$T/back.xml" "$T/form.docx"
done_testing
