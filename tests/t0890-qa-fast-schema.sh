#!/bin/sh
# The fast path to pep.xsd's verdict (src/record/xsdfast.c: a derived schema without the
# identity constraints and the length facets of shortString/nonEmptyString, which C checks
# instead, sending any suspect record to pep.xsd itself): records made to break each moved
# constraint (tests/data/xsdfast-variants.py) and records made to come close to breaking them
# are judged as xmllint --schema schemas/pep.xsd judges them; `pepkit validate` prints the same
# problems (field, line, message) and exits the same with the fast path as with
# PEPKIT_XSD_FULL=1 (pep.xsd alone); `pepkit qa` over them writes byte-identical reports both
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

invalid=0
while read -r name expect field; do
	f="$T/v/$name.xml"
	xmllint --noout --schema schemas/pep.xsd "$f" >/dev/null 2>&1
	xl=$?
	"$PEPKIT" validate "$f" >"$T/fast.out" 2>&1
	fast=$?
	PEPKIT_XSD_FULL=1 "$PEPKIT" validate "$f" >"$T/full.out" 2>&1
	full=$?
	if [ "$expect" = valid ]; then
		[ "$xl" -eq 0 ] && [ "$fast" -eq 0 ] ||
			{ notok "$name: valid for xmllint ($xl) and pepkit ($fast)"; continue; }
		ok "$name: valid for xmllint and pepkit"
	else
		invalid=$((invalid + 1))
		[ "$xl" -ne 0 ] && [ "$fast" -ne 0 ] ||
			{ notok "$name: invalid for xmllint ($xl) and pepkit ($fast)"; continue; }
		ok "$name: invalid for xmllint and pepkit"
		first=$(head -n 1 "$T/fast.out")
		case "$first" in
		"$f":[0-9]*": "*"$field"*": "*) ok "$name: the first problem names file, line and $field" ;;
		*) notok "$name: the first problem names file, line and $field (got '$first')" ;;
		esac
	fi
	if [ "$fast" -eq "$full" ] && cmp -s "$T/fast.out" "$T/full.out"; then
		ok "$name: the same problems as with pep.xsd alone"
	else
		notok "$name: the same problems as with pep.xsd alone (exit $fast/$full)"
		diff "$T/full.out" "$T/fast.out" | head -n 10 | sed 's/^/#   /'
	fi
done <"$T/list"

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
