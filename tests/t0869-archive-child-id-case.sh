#!/bin/sh
# t0869: ids that differ only in case are one child in the archive too: a record deposited as
# "la-512093" and later as "LA-512093" is not a second child. The second deposit fails, naming
# the id the store holds (exit 1; its report says why, read by python3 csv); the catalogue
# (sqlite3) holds one child and its two documents, the store one folder, and a changed record
# with the held spelling is deposited and supersedes the earlier document.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
mkdir "$T/a" "$T/b" "$T/c"
sed 's|<la-child-id>LA-512093</la-child-id>|<la-child-id>la-512093</la-child-id>|' "$REC" > "$T/a/r.xml"
sed 's|Ayşe has coped remarkably well|Ayşe has coped well|' "$REC" > "$T/b/r.xml"
sed 's|<la-child-id>LA-512093</la-child-id>|<la-child-id>la-512093</la-child-id>|; s|Ayşe has coped remarkably well|Ayşe has coped well|' "$REC" > "$T/c/r.xml"
check "deposit as la-512093" "$PEPKIT" archive deposit --store "$T/s" "$T/a"
check_exit 1 "deposit as LA-512093 fails" "$PEPKIT" archive deposit --store "$T/s" "$T/b"
r=$(ls -t "$T/s/reports/"deposit-*.csv | head -n 1)
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if r and all(x["outcome"]=="failed" and "differs only in case from '"'"'la-512093'"'"'" in x["detail"] for x in r) else 1)' "$r" &&
	ok "... its report names the held id" || notok "report: $(cat "$r")"
[ "$(sqlite3 "$T/s/catalogue.db" 'select id from children')" = "la-512093" ] && ok "... the catalogue holds one child" ||
	notok "children: $(sqlite3 "$T/s/catalogue.db" 'select id from children' | paste -sd' ')"
[ "$(sqlite3 "$T/s/catalogue.db" 'select count(*) from documents')" = 2 ] && ok "... and its two documents" || notok "documents: $(sqlite3 "$T/s/catalogue.db" 'select child, type from documents' | paste -sd' ')"
[ "$(ls "$T/s/objects")" = "la-512093" ] && ok "... in one folder" || notok "objects: $(ls "$T/s/objects")"
check "the changed record as la-512093 is deposited" "$PEPKIT" archive deposit --store "$T/s" "$T/c"
[ "$(sqlite3 "$T/s/catalogue.db" "select count(*) from documents where child='la-512093' and supersedes is not null")" = 1 ] &&
	ok "... its new PEP1 superseding the earlier one" || notok "documents: $(sqlite3 "$T/s/catalogue.db" 'select child, type, supersedes from documents' | paste -sd' ')"
check "archive verify" "$PEPKIT" archive verify --store "$T/s"
done_testing
