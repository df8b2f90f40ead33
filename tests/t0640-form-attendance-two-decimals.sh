#!/bin/sh
# t0640: attendance typed in a Word form with two or more decimals ("91.67%", as a school's
# system shows it) imports rounded half up to one decimal, as merge reads the same figure in
# an export (before, the form refused it while merge took it). Over 100, or not a number, is
# still refused naming the box.
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
PY=/usr/bin/python3
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" --term 2025-autumn -o "$T/f.docx"
for pair in '91.67%:91.7' '91.666:91.7' '91,67 %:91.7' '91.65:91.7'; do
	v=${pair%%:*}; want=${pair##*:}
	$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/a.docx" set term.attendance.percent "$v"
	check "attendance '$v' imports" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/a.xml" "$T/a.docx"
	got=$(xmllint --xpath "string(//term[@id='2025-autumn']/attendance/percent)" "$T/a.xml")
	[ "$(printf '%.1f' "$got")" = "$want" ] && ok "... as $want ($got)" || notok "... as $want, got '$got'"
	check "... the record is valid" "$PEPKIT" validate "$T/a.xml"
done
for v in '100.05' '9.2.4' '95.2x'; do
	$PY tests/data/docx/fill_form.py "$T/f.docx" "$T/b.docx" set term.attendance.percent "$v"
	check_exit 1 "attendance '$v' is refused" "$PEPKIT" import --into "$K2" --term 2025-autumn -o "$T/b.xml" "$T/b.docx"
	check_grep "... naming the box" "not a percentage from 0 to 100" "$T/err"
	rm -f "$T/b.xml"
done
done_testing
