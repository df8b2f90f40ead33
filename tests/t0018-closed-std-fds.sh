#!/bin/sh
# t0018: pepkit run with standard output or error closed (`>&-`, as a daemon or a careless
# cron line runs it) opens them on /dev/null first, so no message or output lands in the first
# file a command opens: before, a pack's error messages were written into its .pepkit.lock and
# could be into an output's temp file.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/post16-college.xml" "$T/c/rec-1.xml"
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>2017-13-45</date-of-birth>|' \
	"$SAMPLES/ks2-initial.xml" > "$T/c/rec-2.xml"
"$PEPKIT" pack --doc pep1 -o "$T/o" "$T/c" 2>&- >/dev/null
rc=$?
[ "$rc" = 1 ] && ok "pack with stderr closed: exit 1 (one record failed)" || notok "pack with stderr closed: exit $rc, not 1"
if grep -rl "pepkit:" "$T/o" > "$T/hits" 2>/dev/null; then
	notok "a message was written into a file of the output folder: $(cat "$T/hits")"
else
	ok "no message was written into any file of the output folder"
fi
check_grep "... the report says which record failed" "rec-2.xml\",\"failed\"" "$T/o/pack-report.csv"
check "... the good record's PDF is sound" qpdf --check "$T/o/record/"*/*.pdf
"$PEPKIT" render -o "$T/x.pdf" "$SAMPLES/ks2-initial.xml" >&- 2>&-
rc=$?
[ "$rc" = 0 ] && ok "render with stdout and stderr closed: exit 0" || notok "render with stdout and stderr closed: exit $rc"
check "... its PDF is sound" qpdf --check "$T/x.pdf"
"$PEPKIT" render -o "$T/y.pdf" "$T/nonexistent.xml" 2>&-
rc=$?
[ "$rc" != 0 ] && ok "a failing render with stderr closed still fails (exit $rc)" || notok "a failing render with stderr closed exited 0"
[ ! -e "$T/y.pdf" ] && ok "... and writes nothing" || notok "... and writes nothing"
done_testing
