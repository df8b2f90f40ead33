#!/bin/sh
# The fast path to pep.xsd's verdict (src/record/xsdfast.c: a derived schema without the
# identity constraints and the length facets of shortString/nonEmptyString, which C checks
# instead, sending any suspect record to pep.xsd itself): records made to break each moved
# constraint (tests/data/xsdfast-variants.py) and records made to come close to breaking them
# are judged as xmllint --schema schemas/pep.xsd judges them; `pepkit validate DIR` (which
# takes the fast path for more than one record) prints the same problems (field, line,
# message) and exits the same as with PEPKIT_XSD_FULL=1 (pep.xsd alone); `pepkit qa` over
# them writes byte-identical reports both
# ways, each invalid record named with its first problem's field and line; pep.xsd still
# holds every constraint.
. tests/lib.sh

export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/v" && python3 tests/data/xsdfast-variants.py "$SAMPLES/uasc-cyrillic.xml" "$T/v" >"$T/list"
n=$(wc -l <"$T/list")
[ "$n" -ge 20 ] && ok "$n variant records made" || notok "variant records made ($n)"

for c in key keyref unique; do
	check_grep "pep.xsd still declares its xs:$c constraints" "<xs:$c " schemas/pep.xsd
done
check_grep "pep.xsd still has shortString's maxLength" 'maxLength value="200"' schemas/pep.xsd
check_grep "pep.xsd still has nonEmptyString's maxLength" 'maxLength value="20000"' schemas/pep.xsd

# `pepkit validate DIR` (many records: the fast path) and the same with pep.xsd alone
"$PEPKIT" validate "$T/v" >"$T/fast.out" 2>&1
fast=$?
PEPKIT_XSD_FULL=1 "$PEPKIT" validate "$T/v" >"$T/full.out" 2>&1
full=$?
if [ "$fast" -eq "$full" ] && cmp -s "$T/fast.out" "$T/full.out"; then
	ok "validate DIR: the same problems, lines and messages as with pep.xsd alone"
else
	notok "validate DIR: the same problems, lines and messages as with pep.xsd alone (exit $fast/$full)"
	diff "$T/full.out" "$T/fast.out" | head -n 10 | sed 's/^/#   /'
fi

invalid=0
while read -r name expect field; do
	f="$T/v/$name.xml"
	xmllint --noout --schema schemas/pep.xsd "$f" >/dev/null 2>&1
	xl=$?
	grep -F "$f:" "$T/fast.out" >"$T/one.out"
	if [ "$expect" = valid ]; then
		[ "$xl" -eq 0 ] && [ ! -s "$T/one.out" ] ||
			{ notok "$name: valid for xmllint ($xl) and pepkit"; head -n 3 "$T/one.out" | sed 's/^/#   /'; continue; }
		ok "$name: valid for xmllint and pepkit"
	else
		invalid=$((invalid + 1))
		[ "$xl" -ne 0 ] && [ -s "$T/one.out" ] ||
			{ notok "$name: invalid for xmllint ($xl) and pepkit"; continue; }
		ok "$name: invalid for xmllint and pepkit"
		first=$(head -n 1 "$T/one.out")
		case "$first" in
		"$f":[0-9]*": "*"$field"*": "*) ok "$name: the first problem names file, line and $field" ;;
		*) notok "$name: the first problem names file, line and $field (got '$first')" ;;
		esac
	fi
done <"$T/list"
[ "$fast" -eq 1 ] && ok "validate DIR exits 1 (invalid records)" || notok "validate DIR exits 1 (got $fast)"

check_exit 1 "qa over the variants (exit 1: records not rated)" "$PEPKIT" qa -q --on 2025-12-10 -o "$T/q1" "$T/v"
PEPKIT_XSD_FULL=1 "$PEPKIT" qa -q --on 2025-12-10 -o "$T/q2" "$T/v" >/dev/null 2>&1
for o in qa-report.csv pp-plus.csv dashboard.html; do
	if cmp -s "$T/q1/$o" "$T/q2/$o"; then ok "qa: $o byte-identical with pep.xsd alone"; else notok "qa: $o byte-identical with pep.xsd alone"; fi
done
got=$(python3 - "$T/q1/qa-report.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
bad = [r for r in rows if r['status'] == 'invalid']
named = [r for r in bad if r['problem'].startswith('invalid record: ') and ' (line ' in r['problem']]
print(len(bad), len(named))
PY
)
[ "$got" = "$invalid $invalid" ] && ok "qa: the $invalid invalid records are refused, each naming field and line" ||
	notok "qa: the $invalid invalid records are refused, each naming field and line (got '$got')"
done_testing
