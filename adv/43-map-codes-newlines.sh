#!/bin/sh
# Attack: a mapping profile (valid against mapping.xsd) lists a custom scale's codes one per
# line with character references ("A&#10;B&#10;C..."): the parser keeps them as newlines, the
# loader counted only spaces to size the code array and wrote past it (a heap overflow, a
# crash). Exits 1 while merge crashes on it.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
cat > "$t/m.xml" <<'EOT'
<?xml version="1.0" encoding="UTF-8"?>
<mapping version="1" name="Council steps">
  <long key="UPN" key-type="upn" subject="Subject" result="Result" term="Term" date="Date"/>
  <scales><custom name="steps" codes="A&#10;B&#10;C&#10;D&#10;E&#10;F&#10;G&#10;H&#10;J&#10;K&#10;L&#10;M&#10;N&#10;P&#10;Q&#10;R"/><rule key-stage="KS2" scale="custom" custom="steps"/></scales>
</mapping>
EOT
printf 'UPN,Subject,Result,Term,Date\r\nX803211421047,Maths,Q,Autumn 2025,05/12/2025\r\n' > "$t/e.csv"
"$P" merge --map "$t/m.xml" -o "$t/o" "$t/c" "$t/e.csv" >/dev/null 2>&1
rc=$?
if [ $rc -ge 2 ] || ! grep -q 'current="Q"' "$t/o/a.xml" 2>/dev/null; then
	echo "DEFECT: codes one per line: merge exit $rc (crash or lost value)"; exit 1
fi
exit 0
