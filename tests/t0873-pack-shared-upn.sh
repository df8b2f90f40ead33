#!/bin/sh
# t0873: two records of two child ids with one UPN (a copied record kept the UPN) are packed,
# each with a warning in its pack-report.csv row naming the other record and its child id
# (python3 csv): a UPN is one pupil's and a school files what it receives by it. A re-run that
# skips them still warns. Failing them would be the stricter rule; test cohorts made by copying
# a record (t0851, t0857) share UPNs, so it is a warning. With --attainment, merge-report.csv
# rejects the UPN's rows as "in two records". Records with their own UPNs, or none, get no
# warning (the test can fail).
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
mkdir "$T/c"
cp "$REC" "$T/c/a.xml"
sed 's|<la-child-id>LA-512093</la-child-id>|<la-child-id>LA-777001</la-child-id>|; s|<given>Ayşe</given><family>Yılmaz</family>|<given>Lena</given><family>Okafor</family>|; s|Ayşe|Lena|g' "$REC" > "$T/c/b.xml"
check "both records are valid" "$PEPKIT" validate "$T/c"
check "pack them" "$PEPKIT" pack --term 2025-autumn -o "$T/pack" "$T/c"
warned() {  # warned REPORT STATUS: both rows have STATUS and warn of the other's child id
	python3 -c 'import csv,sys; r={x["child_id"]: x for x in csv.DictReader(open(sys.argv[1]))}
ok = len(r) == 2 and all(r[a]["status"] == sys.argv[2] and "its UPN is also the UPN of" in r[a]["reason"] and "(child id '"'"'%s'"'"')" % b in r[a]["reason"] for a, b in (("LA-512093", "LA-777001"), ("LA-777001", "LA-512093")))
sys.exit(0 if ok else 1)' "$1" "$2"
}
warned "$T/pack/pack-report.csv" done && ok "... each row warns of the other child id's record" || notok "pack-report: $(cat "$T/pack/pack-report.csv")"
check "pack again (up to date)" "$PEPKIT" pack --term 2025-autumn -o "$T/pack" "$T/c"
warned "$T/pack/pack-report.csv" skipped && ok "... still warns" || notok "pack-report: $(cat "$T/pack/pack-report.csv")"
UPN=$(xmllint --xpath 'string(/pep-record/child/upn)' "$REC")
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\n%s,Yilmaz,Ayse,Maths,,EXS,Autumn 2025,05/12/2025\r\n' "$UPN" > "$T/one.csv"
check_exit 1 "pack --attainment (a row no record may take: exit 1)" "$PEPKIT" pack -q --term 2025-autumn --attainment "$T/one.csv" -o "$T/pack2" "$T/c"
python3 -c 'import csv,sys; r=[x for x in csv.DictReader(open(sys.argv[1])) if x["key"]]; sys.exit(0 if r and all(x["outcome"]=="rejected" and "is in two records" in x["reason"] for x in r) else 1)' "$T/pack2/merge-report.csv" &&
	ok "... the export's row is rejected: in two records" || notok "merge-report: $(cat "$T/pack2/merge-report.csv")"
mkdir "$T/d"
sed 's|<upn>X803211421047</upn>||' "$T/c/a.xml" > "$T/d/a.xml"
sed 's|<upn>X803211421047</upn>|<upn>B801200005001</upn>|' "$T/c/b.xml" > "$T/d/b.xml"
check "records with their own UPN, or none, are packed" "$PEPKIT" pack --term 2025-autumn -o "$T/pack3" "$T/d"
check_nogrep "... without the warning" "UPN" "$T/pack3/pack-report.csv"
done_testing
