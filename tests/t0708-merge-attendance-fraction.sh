#!/bin/sh
# t0708: attendance written as a fraction of 1 (0.90, 0.952, 1.00: what a spreadsheet cell
# formatted as a percentage holds for 90%, 95.2%, 100%) is a rejected row naming the value and
# why, never 0.9 per cent in the record; "1" alone (100% or 1%?) is refused as ambiguous; per
# cent figures (90, 95.2%, 0.9%, 1%, 0, 0.0) still merge.
. tests/lib.sh
UPN=$(x "$SAMPLES/ks2-initial.xml" /pep-record/child/upn)
mkdir -p "$T/c"
# the record without attendance, so an export value is written rather than compared
/usr/bin/python3 - "$SAMPLES/ks2-initial.xml" "$T/c/a.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"\s*<attendance>.*?</attendance>", "", s, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
check "the record without attendance is valid" "$PEPKIT" validate "$T/c/a.xml"
row() { printf 'UPN,Surname,Forename,Attendance %%,Term,Date\r\n%s,Yilmaz,Ayse,%s,Autumn 2025,05/12/2025\r\n' "$UPN" "$1" > "$T/f.csv"; }
for v in 0.90 0.952 1.00 0.5; do
	row "$v"
	check_exit 1 "attendance '$v' is refused" "$PEPKIT" merge -o "$T/o-$v" "$T/c" "$T/f.csv"
	check_grep "... as a rejected row saying it looks like a fraction" \
		"f.csv' line 2: rejected: attendance '$v' is not a per cent figure \(it looks like a fraction of 1" "$T/err"
	check_nogrep "... and no percent is written" "<percent>" "$T/o-$v/a.xml"
done
# "1" alone is 100% as a fraction or 1 per cent: refused as ambiguous; "1%" is one per cent
row 1
check_exit 1 "attendance '1' is refused" "$PEPKIT" merge -o "$T/o-1" "$T/c" "$T/f.csv"
check_grep "... as a rejected row saying why" "f.csv' line 2: rejected: attendance '1' may be 100% \(a fraction of 1" "$T/err"
check_nogrep "... and no percent is written" "<percent>" "$T/o-1/a.xml"
for v in 1%:1 90:90 95.2%:95.2 0.9%:0.9 0:0 0.0:0 100:100; do
	row "${v%%:*}"
	check_exit 0 "attendance '${v%%:*}' merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
	is "... as ${v#*:} per cent" "$T/o/a.xml" "//term[@id='2025-autumn']/attendance/percent" "${v#*:}"
done
done_testing
