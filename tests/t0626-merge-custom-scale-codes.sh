#!/bin/sh
# t0626: a mapping profile's scale codes are read as written, or refused by name. A custom
# scale code over 63 bytes was loaded, and every row holding it rejected as "not on the
# scale" (the code the profile lists): such a profile is now refused, naming the profile, line
# and code (by the schema for characters, by bytes for a code in another script). Codes one
# per line ("A&#10;B&#10;...": newlines in the attribute) overflowed the loader's code array (a
# crash): they are read. A grade word over 63 bytes never matched: it does now. A value over
# 63 bytes is rejected saying a result is at most 63 bytes.
. tests/lib.sh
mkdir "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
L=Working-securely-within-the-expected-standard-for-year-five-with-support
E=$(/usr/bin/python3 -c 'print("é" * 40)')
W='Working at the expected standard in every area of the curriculum this term'
prof() {   # prof FILE SCALES [GRADES]
	cat > "$1" <<EOT
<?xml version="1.0" encoding="UTF-8"?>
<mapping version="1" name="Council flightpath">
  <long key="UPN" key-type="upn" subject="Subject" result="Result" term="Term" date="Date"/>
  <grades>${3:-}</grades>
  <scales>$2<rule key-stage="KS2" scale="custom" custom="fp"/></scales>
</mapping>
EOT
}
row() { printf 'UPN,Subject,Result,Term,Date\r\nX803211421047,Maths,%s,Autumn 2025,05/12/2025\r\n' "$1" > "$T/e.csv"; }
row "$L"
prof "$T/long.xml" "<custom name=\"fp\" codes=\"A B $L\"/>"
check_exit 1 "a profile whose code is over 63 characters is refused" "$PEPKIT" merge --map "$T/long.xml" -o "$T/o1" "$T/c" "$T/e.csv"
check_grep "... naming the profile, line and code" "'$T/long.xml' line 5: .*codes.*'$L'.*maximum length of '63'" "$T/err"
check_nogrep "... not a row rejected as off the scale" "is not on the fp scale" "$T/err"
[ ! -e "$T/o1/a.xml" ] && [ ! -e "$T/o1/merge-report.csv" ] && ok "... no record written" || notok "... no record written"
prof "$T/bytes.xml" "<custom name=\"fp\" codes=\"A $E B\"/>"
check_exit 1 "a code of 40 characters and 80 bytes is refused" "$PEPKIT" merge --map "$T/bytes.xml" -o "$T/o2" "$T/c" "$T/e.csv"
check_grep "... naming the line, code and its bytes" "'$T/bytes.xml' line 5: scales/custom/@codes: code '$E' is 80 bytes long; a code is at most 63 bytes" "$T/err"
prof "$T/gcode.xml" '<custom name="fp" codes="A B"/>' "<grade word=\"Secure\" code=\"$E\"/>"
check_exit 1 "a grade word's code over 63 bytes is refused" "$PEPKIT" merge --map "$T/gcode.xml" -o "$T/o3" "$T/c" "$T/e.csv"
check_grep "... by name" "'$T/gcode.xml' line 4: grades/grade/@code: code '$E' is 80 bytes long" "$T/err"
prof "$T/lines.xml" '<custom name="fp" codes="A&#10;B&#10;C&#10;D&#10;E&#10;F&#10;G&#10;H&#10;J&#10;K&#10;L&#10;M&#10;N&#10;P&#10;Q&#10;R&#9;S&#13;&#10;T"/>'
row Q
check "codes one per line are read" "$PEPKIT" merge --map "$T/lines.xml" -o "$T/o4" "$T/c" "$T/e.csv"
is "... the value merged" "$T/o4/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" Q
row T
rm -rf "$T/o4"
check "... the last code, after a tab and a CR LF, too" "$PEPKIT" merge --map "$T/lines.xml" -o "$T/o4" "$T/c" "$T/e.csv"
is "... merged" "$T/o4/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" T
row S
rm -rf "$T/o4"
check "... and the code before a CR" "$PEPKIT" merge --map "$T/lines.xml" -o "$T/o4" "$T/c" "$T/e.csv"
is "... merged" "$T/o4/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" S
prof "$T/word.xml" "<custom name=\"fp\" codes=\"EXS WTS\"/>" "<grade word=\"$W\" code=\"EXS\"/>"
row "$W"
check "a grade word of 74 bytes is read" "$PEPKIT" merge --map "$T/word.xml" -o "$T/o5" "$T/c" "$T/e.csv"
is "... as its code" "$T/o5/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" EXS
row "$L"
check_exit 1 "a value over 63 bytes that no word maps is rejected" "$PEPKIT" merge --map "$T/word.xml" -o "$T/o6" "$T/c" "$T/e.csv"
check_grep "... saying a result is at most 63 bytes" "'$L' is not on the fp scale used at KS2 \(a result is at most 63 bytes\)" "$T/o6/merge-report.csv"
done_testing
