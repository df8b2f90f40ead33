#!/bin/sh
# Attack: a council's custom scale in a mapping profile has a code over 63 bytes (a long
# "flightpath" step). The profile loaded, and every row holding that code was rejected as
# "'...' is not on the flightpath scale used at KS2 (the codes of the council's scale)" -- a
# code the profile lists. Also: a grade word over 63 bytes never matched (the value was cut at
# 63 bytes before the words were compared). Exits 1 while either happens.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
L=Working-securely-within-the-expected-standard-for-year-five-with-support
W='Working at the expected standard in every area of the curriculum this term'
cat > "$t/m.xml" <<EOT
<?xml version="1.0" encoding="UTF-8"?>
<mapping version="1" name="Council flightpath">
  <long key="UPN" key-type="upn" subject="Subject" result="Result" term="Term" date="Date"/>
  <scales><custom name="flightpath" codes="A B $L"/><rule key-stage="KS2" scale="custom" custom="flightpath"/></scales>
</mapping>
EOT
printf 'UPN,Subject,Result,Term,Date\r\nX803211421047,Maths,%s,Autumn 2025,05/12/2025\r\n' "$L" > "$t/e.csv"
bad=0
"$P" merge --map "$t/m.xml" -o "$t/o" "$t/c" "$t/e.csv" 2>"$t/err"
if grep -q "is not on the flightpath scale" "$t/err"; then
	echo "DEFECT: a code the profile lists is reported as not on its scale"; bad=1
fi
cat > "$t/m2.xml" <<EOT
<?xml version="1.0" encoding="UTF-8"?>
<mapping version="1" name="Words">
  <long key="UPN" key-type="upn" subject="Subject" result="Result" term="Term" date="Date"/>
  <grades><grade word="$W" code="EXS" scale="ks-ta"/></grades>
  <scales><rule key-stage="KS2" scale="ks-ta"/></scales>
</mapping>
EOT
printf 'UPN,Subject,Result,Term,Date\r\nX803211421047,Maths,%s,Autumn 2025,05/12/2025\r\n' "$W" > "$t/e2.csv"
rm -rf "$t/o"
"$P" merge --map "$t/m2.xml" -o "$t/o" "$t/c" "$t/e2.csv" 2>"$t/err" ||
	{ echo "DEFECT: a grade word over 63 bytes the profile maps is not read:"; cat "$t/err"; bad=1; }
exit $bad
