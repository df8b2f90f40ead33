#!/bin/sh
# t0101: `pepkit validate` on records: every shipped sample and every valid test record passes;
# every invalid test record fails with the problem line its "expect" comment names
# (FILE:LINE: field: message). xmllint --schema cross-checks the split between schema and
# rules: the xsd-* cases fail under xmllint too, the rule-* cases pass it (XSD cannot say them).
. tests/lib.sh
D=tests/data/validate
XSD=schemas/pep.xsd

n=0
for f in "$SAMPLES"/*.xml; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	check "sample $(basename "$f") is valid" "$PEPKIT" validate "$f"
	if [ -s "$T/out" ]; then notok "sample $(basename "$f") printed nothing"; sed 's/^/#   /' "$T/out" | head; fi
	check "xmllint agrees sample $(basename "$f") matches the schema" xmllint --noout --schema "$XSD" "$f"
done
[ "$n" -gt 0 ] && ok "there are samples ($n)" || notok "there are samples"

for f in "$D"/valid-*.xml; do
	check "$(basename "$f") is valid" "$PEPKIT" validate "$f"
	check "xmllint agrees $(basename "$f") matches the schema" xmllint --noout --schema "$XSD" "$f"
done

cases=0
for f in "$D"/invalid-*.xml; do
	cases=$((cases + 1))
	b=$(basename "$f")
	# line 2: <!-- expect: LINE: FIELD: REGEX -->
	exp=$(sed -n '2s/^<!-- expect: \(.*\) -->$/\1/p' "$f")
	if [ -z "$exp" ]; then notok "$b has an expect comment"; continue; fi
	line=${exp%%: *}
	rest=${exp#*: }
	field=${rest%%: *}
	rx=${rest#*: }
	check_exit 1 "$b is invalid (exit 1)" "$PEPKIT" validate "$f"
	check_grep "$b: $line: $field" "^$f:$line: $field: .*$rx" "$T/out"
	check_nogrep "$b: nothing on stderr" "." "$T/err"
	case "$b" in
	invalid-xsd-*) check_fail "xmllint also rejects $b" xmllint --noout --schema "$XSD" "$f" ;;
	invalid-rule-*) check "xmllint accepts $b (only the rules catch it)" xmllint --noout --schema "$XSD" "$f" ;;
	esac
done
[ "$cases" -ge 30 ] && ok "at least 30 invalid cases ($cases)" || notok "at least 30 invalid cases ($cases)"

# every output line has the documented shape
"$PEPKIT" validate "$D" >"$T/all" 2>"$T/err"
if grep -Evq '^[^:]+:[0-9]+: [^ :][^ ]*: [^ ].*$' "$T/all"; then
	notok "all lines FILE:LINE: field: message"; grep -Ev '^[^:]+:[0-9]+: [^ :][^ ]*: [^ ].*$' "$T/all" | head -n 5 | sed 's/^/#   /'
else
	ok "all lines FILE:LINE: field: message"
fi
check_nogrep "messages are lowercase at the start" '^[^:]+:[0-9]+: [^ ]+: [A-Z]' "$T/all"
check_nogrep "no libxml2 'Element' prefixes" "Element '" "$T/all"

done_testing
