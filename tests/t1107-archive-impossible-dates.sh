#!/bin/sh
# t1107: dates that would make the archive's retention date wrong. A date of death (or birth)
# after today is refused by `archive deposit` for that record, with the field and both dates,
# and nothing is held for it (retention would otherwise be 15 years after a death that has not
# happened: 2030 for 2020 takes 47 years off a Year 4 child's record). A date of birth that
# makes the child 18 or older on entering care (1948 for 2018: a retention date already past)
# is refused by `validate`, so every command refuses the record. The generated cohort has no
# child entering care at 18 (so the rule raises no false alarm there).
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
today=$(date -u +%Y-%m-%d)
mkdir -p "$T/c"
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>2017-03-09</date-of-birth><date-of-death>2099-01-01</date-of-death>|' \
	"$REC" > "$T/c/a.xml"
check "a future date of death passes the schema and the rules" "$PEPKIT" validate "$T/c/a.xml"
check_exit 1 "archive deposit refuses it" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
check_grep "... naming the field and the dates" "child/date-of-death: 2099-01-01 is after today \($today\)" "$T/s"/reports/deposit-*.csv
check_grep "... on stderr too" "child/date-of-death: 2099-01-01 is after today" "$T/err"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM documents")
[ "$n" = 0 ] && ok "... and holds nothing for it" || notok "$n documents held"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM children")
[ "$n" = 0 ] && ok "... nor a retention date" || notok "$n children in the catalogue"

sed 's|<date-of-death>2099-01-01</date-of-death>|<date-of-death>2025-12-01</date-of-death>|' "$T/c/a.xml" > "$T/d.xml"
mv "$T/d.xml" "$T/c/a.xml"
check "a date of death in the past is deposited" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
r=$(sqlite3 "$T/s/catalogue.db" "SELECT retention_date FROM children")
[ "$r" = 2040-12-01 ] && ok "... retained 15 years after it (died before 18)" || notok "retention $r"

sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>1948-03-09</date-of-birth>|' "$REC" > "$T/old.xml"
check_exit 1 "a date of birth 77 years before entering care" "$PEPKIT" validate "$T/old.xml"
check_grep "... is refused on the date of birth" "old.xml:9: child/date-of-birth: 1948-03-09 makes the child 18 or older on entering care 2025-09-22" "$T/out"
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>2007-09-22</date-of-birth>|' "$REC" > "$T/e18.xml"
check_exit 1 "entering care on the 18th birthday is refused" "$PEPKIT" validate "$T/e18.xml"
sed 's|<date-of-birth>2017-03-09</date-of-birth>|<date-of-birth>2007-09-23</date-of-birth>|' "$REC" > "$T/u18.xml"
"$PEPKIT" validate "$T/u18.xml" > "$T/out" 2>&1
check_nogrep "the day before it is not (other rules aside)" "18 or older" "$T/out"
mkdir -p "$T/old" && cp "$T/old.xml" "$T/old/"
check_exit 1 "archive deposit refuses the record too" "$PEPKIT" archive deposit -q --store "$T/s2" "$T/old"
n=$(sqlite3 "$T/s2/catalogue.db" "SELECT count(*) FROM documents")
[ "$n" = 0 ] && ok "... and holds nothing" || notok "$n documents held"
"$PEPKIT" sample --children 3000 --seed 5 -o "$T/gen" >/dev/null 2>&1 || notok "sample cohort"
"$PEPKIT" validate "$T/gen" > "$T/out" 2>&1
check_nogrep "a generated cohort has no child entering care at 18" "18 or older" "$T/out"
done_testing
