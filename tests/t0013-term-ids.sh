#!/bin/sh
# t0013-term-ids: a mistyped --term is a usage error (exit 2) in every command that takes one,
# before anything is written, naming the term it is close to; template wrote a form for
# '2026-sprng' and render/import took any text. A term the record lacks lists the record's.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml

check_exit 2 "template --term 2026-sprng" $PEPKIT template --doc pep1 --from "$REC" --term 2026-sprng -o "$T/f.docx"
check_grep "... suggests 2026-spring" "^pepkit: error: '2026-sprng' is not a term id: did you mean '2026-spring'\?$" "$T/err"
check_grep "... and points to template --help" "^see 'pepkit template --help'$" "$T/err"
check_exit 2 "a blank template --term 2026-sprng" $PEPKIT template --doc pep1 --term 2026-sprng -o "$T/f.docx"
[ ! -e "$T/f.docx" ] && ok "no form written" || notok "a form for a term that is no term was written"
check_exit 2 "render --term 2025-atumn" $PEPKIT render --term 2025-atumn -o "$T/x.pdf" "$REC"
check_grep "... suggests 2025-autumn" "'2025-atumn' is not a term id: did you mean '2025-autumn'\?" "$T/err"
check_exit 2 "render --term 2025-Autumn (a capital)" $PEPKIT render --term 2025-Autumn -o "$T/x.pdf" "$REC"
check_grep "... suggests 2025-autumn" "did you mean '2025-autumn'\?" "$T/err"
check_exit 2 "pack --term autumn (no year)" $PEPKIT pack --term autumn -o "$T/p" "$SAMPLES"
check_grep "... says what a term id is" "'autumn' is not a term id \(like 2025-autumn: a year, then autumn, spring or summer\)$" "$T/err"
[ ! -e "$T/p" ] && ok "pack made nothing" || notok "pack made its folder"
check_exit 2 "render --term 1999-autum (a year pepkit does not take)" $PEPKIT render --term 1999-autum -o "$T/x.pdf" "$REC"
check_nogrep "... suggests no 1999 term" "did you mean" "$T/err"
$PEPKIT template --doc pep1 --from "$REC" --term 2025-autumn -o "$T/form.docx" 2>/dev/null
check_exit 2 "import --term 2025-autum" $PEPKIT import --term 2025-autum --into "$REC" -o "$T/o.xml" "$T/form.docx"
check_grep "... suggests 2025-autumn" "did you mean '2025-autumn'\?" "$T/err"
check_exit 2 "qa --term 2026-summr" $PEPKIT qa --term 2026-summr -o "$T/q" "$SAMPLES"
check_grep "... suggests 2026-summer" "did you mean '2026-summer'\?" "$T/err"
check_exit 2 "send --term 2025-autunm" $PEPKIT send --config "$SRCDIR/templates/council-example.xml" --term 2025-autunm --dry-run --log "$T/log" "$REC"
check_grep "... suggests 2025-autumn" "did you mean '2025-autumn'\?" "$T/err"
ls "$T"/x.pdf "$T"/o.xml "$T"/q "$T"/log >/dev/null 2>&1 && notok "something was written" || ok "nothing written for a mistyped term"

check_exit 1 "render --term 2019-autumn (a term id the record lacks)" $PEPKIT render --term 2019-autumn -o "$T/x.pdf" "$REC"
terms=$(xmllint --xpath '//terms/term/@id' "$REC" | sed 's/ id="\([^"]*\)"/\1, /g; s/, $//')
check_grep "... lists the record's terms ($terms)" "term '2019-autumn' is not in the record \(it has $terms\)$" "$T/err"
done_testing
