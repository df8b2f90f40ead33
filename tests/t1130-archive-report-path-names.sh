#!/bin/sh
# t1130: the archive's deposit reports (STORE/reports/, kept as long as the records) and messages
# never name a record by a path holding the child's name, as councils often name files
# ("Ayşe Yılmaz PEP.xml", "AyseYilmaz/pep.xml"): such an input is named by its child id instead
# (t1108 covers a hyphenated ASCII name and invalid records; this one names in other spellings).
# A path without a name is reported as given.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml       # Ayşe Yılmaz, LA-512093
mkdir -p "$T/c/AyseYilmaz" "$T/d"
cp "$REC" "$T/c/Ayşe Yılmaz PEP.xml"
check "a record whose file name holds the child's name is deposited" "$PEPKIT" archive deposit --store "$T/s" "$T/c/Ayşe Yılmaz PEP.xml"
rep=$(ls "$T/s"/reports/deposit-*.csv)
grep -qi "ay[sş]e\|y[iı]lmaz" $rep "$T/err" "$T/out" && notok "the report or messages hold the name" || ok "neither the report nor the messages hold the name"
check_grep "... the report names the record by its child id" "\"record of LA-512093 \\(path withheld: it holds the child.s name\\)\",\"LA-512093\"" $rep

# a failure after reading: the message and the report name the child id, not the path
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>2017-03-09</date-of-birth><date-of-death>2099-01-01</date-of-death>|' \
	"$REC" > "$T/c/AyseYilmaz/pep.xml"
check_exit 1 "a record in a folder named after the child that fails" "$PEPKIT" archive deposit --store "$T/s2" "$T/c/AyseYilmaz/pep.xml"
grep -qi "ay[sş]e\|y[iı]lmaz" "$T/s2"/reports/deposit-*.csv "$T/err" && notok "... the report or message holds the name" || ok "... neither the report nor the message holds the name"
check_grep "... the message says why, naming the child id" "record of LA-512093 .*date-of-death: 2099-01-01 is after today" "$T/err"

# a path without the child's name is reported as given
cp "$REC" "$T/d/rec-0042.xml"
check "a record with a neutral file name" "$PEPKIT" archive deposit --store "$T/s3" "$T/d"
check_grep "... is reported by its path" "\"$T/d/rec-0042.xml\",\"LA-512093\"" "$T/s3"/reports/deposit-*.csv
done_testing
