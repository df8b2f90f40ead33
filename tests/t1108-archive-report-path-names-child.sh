#!/bin/sh
# t1108: a record file (or folder) named after the child ("Liam-Hill/Liam-Hill.xml", as a
# social worker saves it) must not put the child's name in the archive store, which is kept
# for 75 years: the deposit report (STORE/reports/deposit-*.csv) and stderr name such a record
# by its child id instead; a path that names no one is shown as it is.
. tests/lib.sh
"$PEPKIT" sample --children 2 --seed 3 -o "$T/cohort" > /dev/null 2>&1 || notok "sample"
f=$T/cohort/child-000001.xml
given=$(xmllint --xpath 'string(/pep-record/child/legal-name/given)' "$f")
family=$(xmllint --xpath 'string(/pep-record/child/legal-name/family)' "$f")
id=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$f")
[ -n "$given" ] && [ -n "$family" ] && ok "the child is $id" || notok "no names in $f"
mkdir -p "$T/c/$given-$family" "$T/c/plain"
cp "$f" "$T/c/$given-$family/$given-$family.xml"
cp "$T/cohort/child-000002.xml" "$T/c/plain/child-000002.xml"
check "deposit the named file" "$PEPKIT" archive deposit --store "$T/s" "$T/c/$given-$family/$given-$family.xml" "$T/c/plain"
check_nogrep "the report holds neither name" "$given|$family" "$(ls "$T"/s/reports/deposit-*.csv)"
check_grep "... it names the record by its child id" "record of $id \(path withheld" "$(ls "$T"/s/reports/deposit-*.csv)"
check_grep "... and shows a path that names no one" "plain/child-000002.xml" "$(ls "$T"/s/reports/deposit-*.csv)"
n=$(/usr/bin/python3 -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r["outcome"]=="deposited"))' "$(ls "$T"/s/reports/deposit-*.csv)")
[ "$n" = 4 ] && ok "... every document deposited" || notok "$n deposited"
if grep -rlE "$given|$family" "$T/s" > "$T/hits"; then notok "a name in the store: $(cat "$T/hits")"; else ok "no file in the store holds a name"; fi
# a failure's reason (on stderr and in the report) names the record the same way
sed 's|<date-of-birth>[^<]*</date-of-birth>|<date-of-birth>2099-01-01</date-of-birth>|' "$f" > "$T/c/$given-$family/$given-$family.xml"
check_exit 1 "a record that fails" "$PEPKIT" archive deposit --store "$T/s2" "$T/c/$given-$family/$given-$family.xml"
check_nogrep "... its reason on stderr holds no name" "$given|$family" "$T/err"
check_grep "... but says which record" "record of $id" "$T/err"
check_nogrep "... nor does the report" "$given|$family" "$(ls "$T"/s2/reports/deposit-*.csv)"
done_testing
