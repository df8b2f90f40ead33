#!/bin/sh
# t0730: long texts from an export reach a record whole or not at all. A subject of 104
# Cyrillic letters (208 bytes; a record holds 200 characters) was cut at 127 bytes, inside a
# letter, and the merged record was not even well-formed UTF-8; one of 250 characters was cut
# silently; an export whose file name is 240 characters gave a result a source over 200
# characters (invalid). Now: the Cyrillic subject is written whole, a subject or aspect over 200
# characters is a rejected row saying so, and the source is the file name cut to fit.
. tests/lib.sh
mkdir -p "$T/c" "$T/x"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
CY=$(/usr/bin/python3 -c "print('Математика ' * 9 + 'конец')")
printf '%s\r\nX803211421047,Yilmaz,Ayse,%s,,GDS,Autumn 2025,05/12/2025\r\n' "$H" "$CY" > "$T/cy.csv"
check "a long Cyrillic subject merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/cy.csv"
check "... the record is well-formed" xmllint --noout "$T/o/a.xml"
is "... the subject is whole" "$T/o/a.xml" "count(//result[@subject='$CY'])" 1
check "... and the record is valid" "$PEPKIT" validate "$T/o/a.xml"
LONG=$(/usr/bin/python3 -c "print('Subj ' * 50)")
printf '%s\r\nX803211421047,Yilmaz,Ayse,%s,,GDS,Autumn 2025,05/12/2025\r\nX803211421047,Yilmaz,Ayse,Maths,%s,GDS,Autumn 2025,05/12/2025\r\n' "$H" "$LONG" "$LONG" > "$T/long.csv"
rm -rf "$T/o"
check_exit 1 "a subject or aspect over 200 characters is refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/long.csv"
check_grep "... the subject, saying why" "line 2: rejected: .*the subject is longer than the 200 characters a record holds" "$T/err"
check_grep "... the aspect, saying why" "line 3: rejected: .*the aspect is longer than the 200 characters a record holds" "$T/err"
is "... nothing is written" "$T/o/a.xml" "count(//result[starts-with(@subject, 'Subj') or starts-with(@aspect, 'Subj')])" 0
check "... and the record is valid" "$PEPKIT" validate "$T/o/a.xml"
NAME=$(/usr/bin/python3 -c "print('marksheet-' * 23 + 'year4')")
printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\n' "$H" > "$T/x/$NAME.csv"
rm -rf "$T/o"
check "an export with a 240-character name merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/x"
is "... its source is 200 characters" "$T/o/a.xml" "string-length(//result[@subject='Maths']/@source)" 200
is "... the name cut, the line kept" "$T/o/a.xml" "substring-after(//result[@subject='Maths']/@source, ':')" 2
check "... and the record is valid" "$PEPKIT" validate "$T/o/a.xml"
done_testing
