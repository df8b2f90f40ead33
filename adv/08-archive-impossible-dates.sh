#!/bin/sh
# Attack: dates that make the archive's retention date wrong pass every check. A date of death
# after today (2030 for 2020) is deposited and the child's record "retained" 15 years after a
# death that has not happened; a date of birth 77 years before entering care (1948 for 2018)
# passes validate and is deposited already past its retention date. Exits 1 while either is
# accepted.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
mkdir "$t/c" "$t/o"
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>2017-03-09</date-of-birth><date-of-death>2099-01-01</date-of-death>|' \
	samples/ks2-initial.xml > "$t/c/a.xml"
if ./pepkit archive deposit -q --store "$t/s" "$t/c" >/dev/null 2>&1; then
	echo "DEFECT: a date of death in 2099 is deposited"; bad=1
fi
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>1948-03-09</date-of-birth>|' samples/ks2-initial.xml > "$t/o/a.xml"
if ./pepkit validate "$t/o/a.xml" >/dev/null 2>&1; then
	echo "DEFECT: a child born 1948 who entered care in 2025 is valid"; bad=1
fi
exit $bad
