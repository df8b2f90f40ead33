#!/bin/sh
# t1208: pp-plus.csv names children by id only (it goes to a finance officer), but a PP+
# request's purpose is free text a school may write the child's name into ("ELSA sessions for
# Ayse Yılmaz"). Every word of the child's preferred, given and family names in a purpose reads
# "[the child]", compared as names are (case, accents, dotless i: "AYŞE", "Ayse"); the rest of
# the purpose is kept. Before, the name went into pp-plus.csv as written. qa-report.csv and the
# dashboard, which list children by name for the Virtual School's own staff, are unchanged.
. tests/lib.sh
mkdir -p "$T/c"
sed 's|<what>ELSA sessions, one term</what>|<what>ELSA sessions for Ayse Yılmaz, one term (AYŞE asked; Mr Brown agreed)</what>|' \
	"$SAMPLES/ks2-initial.xml" > "$T/c/a.xml"
check "the record is valid" "$PEPKIT" validate "$T/c/a.xml"
check "qa" "$PEPKIT" qa -q -o "$T/q" "$T/c"
check_nogrep "no name of the child in pp-plus.csv" "[Aa][Yy][SsŞş][Ee]|[Yy][IıIi][Ll][Mm][Aa][Zz]" "$T/q/pp-plus.csv"
check_grep "... the purpose says [the child] instead, keeping the rest" \
	"ELSA sessions for \[the child\] \[the child\], one term \(\[the child\] asked; Mr Brown agreed\)" "$T/q/pp-plus.csv"
check_grep "... and a purpose without the name is as written" "Maths manipulatives and a writing journal for home" "$T/q/pp-plus.csv"
/usr/bin/python3 - "$T/q/pp-plus.csv" <<'PY' && ok "... pp-plus.csv reads as CSV" || notok "pp-plus.csv reads as CSV"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert any('[the child]' in c for r in rows for c in r)
PY
done_testing
