#!/bin/sh
# t0012-config-messages: a council's own files with a mistake (council configuration, QA
# framework, calendar, audience profile) are refused in the fixed wording: the file, the line,
# the field (element/@attribute) and what is wrong in plain words, with what is allowed; not
# libxml2's "Element 'relay', attribute 'port': [facet 'maxInclusive'] The value ...".
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
mkdir "$T/cohort"
cp "$REC" "$T/cohort/"
C=$SRCDIR/templates/council-example.xml
line_of() { grep -n -- "$1" "$2" | head -n 1 | cut -d: -f1; }

sed 's/port="587"/port="5870000"/' "$C" >"$T/c1.xml"
l=$(line_of 'port="5870000"' "$T/c1.xml")
check_exit 1 "send: a relay port over 65535" $PEPKIT send --config "$T/c1.xml" --dry-run --log "$T/log" "$T/cohort"
check_grep "... names file, line, relay/@port and the limit" "^pepkit: error: '$T/c1.xml' line $l: not a valid council configuration: relay/@port: 5870000 is over the limit of 65535$" "$T/err"
sed 's/tls="starttls"/tls="none"/' "$C" >"$T/c2.xml"
check_exit 1 "send: relay tls=\"none\"" $PEPKIT send --config "$T/c2.xml" --dry-run --log "$T/log" "$T/cohort"
check_grep "... says what is allowed" "relay/@tls: 'none' is not one of 'starttls', 'implicit'$" "$T/err"
sed 's/ port="587"//' "$C" >"$T/c3.xml"
check_exit 1 "send: relay without a port" $PEPKIT send --config "$T/c3.xml" --dry-run --log "$T/log" "$T/cohort"
check_grep "... names the missing attribute" "relay: required attribute 'port' is missing$" "$T/err"
sed 's/<relay /<relay colour="red" /' "$C" >"$T/c4.xml"
check_exit 1 "send: an attribute the relay has not got" $PEPKIT send --config "$T/c4.xml" --dry-run --log "$T/log" "$T/cohort"
check_grep "... names it" "relay/@colour: not allowed here$" "$T/err"
sed 's/<sender /<sendr /; s/^\(.*<sendr .*\)$/\1/' "$C" >"$T/c5.xml"
l=$(line_of '<sendr ' "$T/c5.xml")
check_exit 1 "send: a misspelt element" $PEPKIT send --config "$T/c5.xml" --dry-run --log "$T/log" "$T/cohort"
check_grep "... names it and what was expected" "'$T/c5.xml' line $l: not a valid council configuration: sendr: element not expected here; expected sender$" "$T/err"

sed 's/start="2025-09-03"/start="2025-13-03"/' "$SRCDIR/templates/calendar-england-2025-27.xml" >"$T/cal.xml"
check_exit 1 "qa: a calendar with month 13" $PEPKIT qa --calendar "$T/cal.xml" -o "$T/qa" "$T/cohort"
check_grep "... says it is not a date and the form" "not a valid calendar: term/@start: '2025-13-03' is not a date \(YYYY-MM-DD\)$" "$T/err"
sed '0,/rating="red"/s/rating="red"/rating="crimson"/' "$SRCDIR/templates/qa-default.xml" >"$T/fw.xml"
check_exit 1 "qa: a framework with rating crimson" $PEPKIT qa --framework "$T/fw.xml" -o "$T/qa" "$T/cohort"
check_grep "... lists the ratings" "not a valid QA framework: [a-z/]+/@rating: 'crimson' is not one of 'red', 'amber', 'green', 'gold'$" "$T/err"
check_nogrep "no libxml2 wording is left" "facet|Element '|atomic type" "$T/err"
done_testing
