#!/bin/sh
# t0801-redact-messages: reports fit for the operator (issue 10 item 9). A validation message
# about a confidential field (marked confidential, a phone number or e-mail address, anything
# in the placement) names the field and never quotes its value; other fields' messages still
# quote theirs. Also checked: `render`, `redact` and `pack` show the same refusal.
. tests/lib.sh

REC=tests/data/redact/canary.xml
sed -e 's|<sdq-score confidential="health">27</sdq-score>|<sdq-score confidential="health">Vexilliform 27</sdq-score>|' \
    -e 's|<postcode>ZZ1 9QX</postcode>|<postcode>ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX ZZ1 9QX</postcode>|' \
    -e 's|<item confidential="health">Ŵyŝ</item>|<item confidential="health">Ŵyŝ<b/></item>|' \
    -e 's|<year-group>9</year-group>|<year-group>Nine</year-group>|' "$REC" > "$T/bad.xml"

check_exit 1 "validate refuses the record" "$PEPKIT" validate "$T/bad.xml"
cp "$T/out" "$T/v.txt"; cat "$T/err" >> "$T/v.txt"
check_grep "the confidential score's field is named" "semh/sdq-score" "$T/v.txt"
check_grep "the confidential postcode's field is named" "placement/address/postcode" "$T/v.txt"
check_grep "the value of the score is replaced" "sdq-score: '\[confidential value\]'" "$T/v.txt"
check_nogrep "the score's value is not quoted" "Vexilliform" "$T/v.txt"
check_nogrep "the postcode is not quoted" "ZZ1" "$T/v.txt"
check_grep "a field that is not confidential still quotes its value" "'Nine'" "$T/v.txt"
for cmd in "render -o $T/x.pdf" "redact -a parent -o $T/x.xml"; do
	check_exit 1 "$cmd refuses the record" "$PEPKIT" $cmd "$T/bad.xml"
	check_nogrep "$cmd: no confidential value in its message" "Vexilliform\|ZZ1" "$T/err"
done
mkdir -p "$T/cohort"
cp "$T/bad.xml" "$T/cohort/"
check_exit 1 "pack reports the record as failed" "$PEPKIT" pack -q --audience parent -o "$T/pack" "$T/cohort"
cat "$T/err" "$T/pack/pack-report.csv" "$T/pack/pack-summary.txt" > "$T/p.txt" 2>/dev/null
check_nogrep "pack: no confidential value in its messages or report" "Vexilliform\|ZZ1" "$T/p.txt"
done_testing
