#!/bin/sh
# t0017-doc-types: --doc takes every document pepkit has a stylesheet for (pep1, pep2, and the
# printable myvoice and agenda forms), and --help says so; an unknown one is a usage error
# (exit 2) listing them and naming the close one, in render, pack and archive deposit (which
# said "unknown document 'pep3': no stylesheet '.../stylesheets/pep3.xsl'", exit 1).
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
DOCS="documents: agenda, myvoice, pep1, pep2"

check_exit 2 "render --doc pep3" $PEPKIT render --doc pep3 -o "$T/x.pdf" "$REC"
check_grep "... lists the documents" "^pepkit: error: unknown document 'pep3' \($DOCS\)$" "$T/err"
check_exit 2 "pack --doc pep1,agnda" $PEPKIT pack --doc pep1,agnda -o "$T/p" "$SAMPLES"
check_grep "... suggests agenda" "^pepkit: error: unknown document 'agnda': did you mean 'agenda'\? \($DOCS\)$" "$T/err"
check_exit 2 "archive deposit --doc pep3" $PEPKIT archive deposit --store "$T/st" --doc pep3 "$SAMPLES"
check_grep "... lists the documents" "unknown document 'pep3' \($DOCS\)" "$T/err"
[ ! -e "$T/st" ] && [ ! -e "$T/p" ] && ok "nothing made for a usage error" || notok "a store or pack folder was made"
check_exit 2 "render --doc form-pep1 (a form's stylesheet, not a document)" $PEPKIT render --doc form-pep1 -o "$T/x.pdf" "$REC"
check_exit 2 "archive deposit --term 2025-autum" $PEPKIT archive deposit --store "$T/st" --term 2025-autum "$SAMPLES"
check_grep "... suggests 2025-autumn" "did you mean '2025-autumn'\?" "$T/err"

check "render --doc myvoice (a printable form)" $PEPKIT render --doc myvoice -o "$T/mv.pdf" "$REC"
pdftotext "$T/mv.pdf" "$T/mv.txt"
check_grep "... is the My Voice form" "My Voice" "$T/mv.txt"
$PEPKIT render --help >"$T/help"
tr -s ' \n' '  ' <"$T/help" >"$T/help1"
check_grep "render --help names myvoice and agenda" "pep2 \(meeting record\), or myvoice or agenda \(printable forms to fill by hand\)" "$T/help1"
$PEPKIT pack --help | tr -s ' \n' '  ' >"$T/help2"
check_grep "pack --help names them" "comma-separated: pep1, pep2, myvoice, agenda \(default: pep1,pep2\)" "$T/help2"
done_testing
