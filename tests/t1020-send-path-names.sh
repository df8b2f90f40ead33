#!/bin/sh
# t1020: `pepkit send` names a record whose path holds the child's name ("Ayşe Yılmaz.xml",
# as councils name files) by its child id in its messages and the run's problems, an invalid
# record too when it parses, as pack and archive deposit do (pipeline_path_label).
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good || notok "make the test CA"
council "$T" 2525 "$T/good/ca.pem"
mkdir -p "$T/c"
ID=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$SAMPLES/ks2-initial.xml")
# invalid (a date that does not exist) but it parses
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>2017-13-45</date-of-birth>|' \
	"$SAMPLES/ks2-initial.xml" > "$T/c/Ayşe Yılmaz.xml"
check_exit 1 "a dry run with the invalid record" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" --dry-run "$T/c"
check_grep "... the message names the child id and the problem" "record of $ID .*date-of-birth" "$T/err"
grep -qi "ay[sş]e\|y[iı]lmaz" "$T/err" "$T/out" && notok "... the messages hold the name" || ok "... the messages do not hold the name"
# the same record valid: its deliveries are planned as before
cp "$SAMPLES/ks2-initial.xml" "$T/c/Ayşe Yılmaz.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log2" --dry-run "$T/c" >"$T/out2" 2>"$T/err2"
check_grep "the valid record's deliveries are planned" "$ID" "$T/out2"
grep -qi "ay[sş]e\|y[iı]lmaz" "$T/err2" "$T/out2" && notok "... with no name in the plan or messages" || ok "... with no name in the plan or messages"
done_testing
