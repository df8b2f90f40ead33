#!/bin/sh
# t0857: a value that holds the child's name typed into the wrong field (an MIS export's columns
# swapped: gender "Ayşe Yılmaz", date of birth "Ayse") passes into no message: validate, the
# pack's report and stderr name the field and say what is wrong without quoting the value, as
# for a confidential field. Names in another script are found as written (a Pashto family
# name), and the preferred name too. A wrong value that is no name of the child is still quoted.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
PASHTO=$SAMPLES/uasc-pashto.xml
mkdir -p "$T/c"
sed 's|<gender>female</gender>|<gender>Ayşe Yılmaz</gender>|' "$REC" > "$T/c/g.xml"
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>AYSE</date-of-birth>|; s|LA-512093|LA-512095|' "$REC" > "$T/c/d.xml"
sed 's|<gender>male</gender>|<gender>ځدراڼ</gender>|' "$PASHTO" > "$T/c/p.xml"
sed 's|<gender>male</gender>|<gender>Ahmad Zia</gender>|; s|LA-640377|LA-640378|' "$PASHTO" > "$T/c/z.xml"
for f in g d p z; do
	check_exit 1 "record $f.xml is invalid" "$PEPKIT" validate "$T/c/$f.xml"
	check_grep "... the message names the field" "$f.xml:[0-9]+: child/(gender|date-of-birth): '\[confidential value\]' is not" "$T/out"
	# (the messages hold the test's temporary folder, whose random name may hold "Ay")
	sed "s|$T||g" "$T/out" > "$T/out.np"
	check_nogrep "... and quotes no name" "Ay|AYSE|Yılmaz|ځدراڼ|Ahmad|Zia" "$T/out.np"
done
check_exit 1 "pack of the four" "$PEPKIT" pack -q -o "$T/pack" "$T/c"
check_nogrep "the pack report quotes no name" "Ayşe|AYSE|Yılmaz|ځدراڼ|Ahmad|Zia" "$T/pack/pack-report.csv"
check_nogrep "... nor its stderr" "Ayşe|AYSE|Yılmaz|ځدراڼ|Ahmad|Zia" "$T/err"
check_grep "... which still says why each failed" "child/gender: '\[confidential value\]' is not one of" "$T/pack/pack-report.csv"
sed 's|<gender>female</gender>|<gender>Robin</gender>|' "$REC" > "$T/r.xml"
check_exit 1 "a wrong value that is no name of the child" "$PEPKIT" validate "$T/r.xml"
check_grep "... is quoted as before" "child/gender: 'Robin' is not one of" "$T/out"
done_testing
