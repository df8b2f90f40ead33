#!/bin/sh
# t0631: dates typed in a Word form as Word's date picker and people write them are read: a
# weekday before the date ("Monday, 1 December 2025", "Mon 01/12/2025") and a time after it
# ("1/12/2025 09:00", "01/12/2025 9:00:00 AM", "2025-12-01T00:00:00Z", as merge reads a time
# after an export's date); all were "not a date". A weekday that is not the date's ("Tuesday,
# 1 December 2025") is refused, saying which day the date is.
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
PY=/usr/bin/python3
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" --term 2025-autumn -o "$T/f.docx"
n=0
for v in 'Monday, 1 December 2025' 'Mon 01/12/2025' 'Mon. 1 Dec 2025' '1/12/2025 09:00' '01/12/2025 9:00:00 AM' '2025-12-01T00:00:00Z'; do
	n=$((n + 1))
	$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/d$n.docx" set term.next-meeting "$v"
	check "'$v' is read" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/d$n.xml" "$T/d$n.docx"
	is "... as 2025-12-01" "$T/d$n.xml" "//term[@id='2025-autumn']/next-meeting" 2025-12-01
done
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/bad.docx" set term.next-meeting 'Tuesday, 1 December 2025'
check_exit 1 "a weekday that is not the date's is refused" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/bad.xml" "$T/bad.docx"
check_grep "... saying which day the date is" "'Next PEP meeting': 'Tuesday, 1 December 2025': 2025-12-01 is a Monday, not a Tuesday" "$T/err"
[ ! -e "$T/bad.xml" ] && ok "... nothing written" || notok "... nothing written"
$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/bad2.docx" set term.next-meeting '1/12/2025 later'
check_exit 1 "other words after a date are still refused" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/bad2.xml" "$T/bad2.docx"
done_testing
