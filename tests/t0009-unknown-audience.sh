#!/bin/sh
# t0009-unknown-audience: a reader name that is no shipped profile is a usage error (exit 2,
# as an unknown --doc or --keystage is), before anything is read or written, in every command
# that takes --audience; the message lists the readers and names the one it is close to.
# A profile given by path is still loaded and checked as invalid input (exit 1).
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
READERS="readers: carer, child, health, iro, parent, record, school; or a file's path"

check_exit 2 "render --audience carr" $PEPKIT render --audience carr -o "$T/x.pdf" "$REC"
check_grep "... names it, suggests carer and lists the readers" "^pepkit: error: unknown audience 'carr': did you mean 'carer'\? \($READERS\)$" "$T/err"
check_grep "... and points to render --help" "^see 'pepkit render --help'$" "$T/err"
check_exit 2 "pack --audience record,Carer" $PEPKIT pack --audience record,Carer -o "$T/pack" "$SAMPLES"
check_grep "... suggests carer" "unknown audience 'Carer': did you mean 'carer'\?" "$T/err"
[ ! -e "$T/pack" ] && ok "... and makes no output folder" || notok "pack made its folder for a usage error"
check_exit 2 "redact --audience landlord" $PEPKIT redact --audience landlord -o "$T/x.xml" "$REC"
check_grep "... lists the readers, with no guess" "^pepkit: error: unknown audience 'landlord' \($READERS\)$" "$T/err"
check_exit 2 "template --audience scool" $PEPKIT template --doc pep1 --from "$REC" --audience scool -o "$T/x.docx"
check_grep "... suggests school" "did you mean 'school'\?" "$T/err"
ls "$T"/x.* >/dev/null 2>&1 && notok "a file was written" || ok "nothing written for an unknown audience"
# a profile file: loaded and checked (invalid input, exit 1), a good one works
printf '<audience name="x"><allow category="no-such"/></audience>\n' >"$T/bad.xml"
check_exit 1 "redact --audience BADFILE.xml is invalid input" $PEPKIT redact --audience "$T/bad.xml" -o "$T/y.xml" "$REC"
check "redact --audience templates/audiences/carer.xml (a path) works" $PEPKIT redact --audience "$SRCDIR/templates/audiences/carer.xml" -o "$T/y.xml" "$REC"
check "render --audience carer works" $PEPKIT render --audience carer -o "$T/c.pdf" "$REC"
done_testing
