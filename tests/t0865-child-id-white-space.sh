#!/bin/sh
# t0865: a child id or school id written with white space around it (valid: xs:token collapses
# it) is read as the schema reads it, by pack, archive deposit, send and qa: file names, store
# folders, the send plan and the QA report hold "LA-512093", never the white space (or "_" for
# it), and a second record of the same child is seen as one (both fail, nothing rendered).
# Outputs read with python3 csv, sqlite3 and find.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
mkdir "$T/one" "$T/two"
sed 's|<la-child-id>LA-512093</la-child-id>|<la-child-id>\n LA-512093\t</la-child-id>|; s|<school id="thornley-primary">|<school id=" thornley-primary\t">|' "$REC" > "$T/one/b.xml"
check "the record with white space in its ids is valid" "$PEPKIT" validate "$T/one/b.xml"
check "pack it" "$PEPKIT" pack --term 2025-autumn -o "$T/pack" "$T/one"
find "$T/pack/record" -type f > "$T/files"
check_grep "... its documents are named by the id" "/record/thornley-primary/LA-512093-2025-autumn-pep1\.pdf$" "$T/files"
check_nogrep "... and by nothing else" "_|[[:space:]]" "$T/files"
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if [(x["child_id"],x["school"]) for x in r]==[("LA-512093","thornley-primary")] else 1)' "$T/pack/pack-report.csv" &&
	ok "... the report's child id and school are the ids" || notok "pack-report: $(cat "$T/pack/pack-report.csv")"

cp "$REC" "$T/two/a.xml"; cp "$T/one/b.xml" "$T/two/b.xml"
check_exit 1 "pack a cohort holding LA-512093 twice (once with white space)" "$PEPKIT" pack --term 2025-autumn -o "$T/pack2" "$T/two"
[ "$(find "$T/pack2" -name '*.pdf' | wc -l)" -eq 0 ] && ok "... nothing is rendered" || notok "... rendered: $(find "$T/pack2" -name '*.pdf')"
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if len(r)==2 and all(x["status"]=="failed" and "two records for one child" in x["reason"] for x in r) else 1)' "$T/pack2/pack-report.csv" &&
	ok "... both fail as two records for one child" || notok "pack-report: $(cat "$T/pack2/pack-report.csv")"

check "archive deposit takes the record" "$PEPKIT" archive deposit --store "$T/store" "$T/one"
[ "$(sqlite3 "$T/store/catalogue.db" 'select id from children')" = "LA-512093" ] && ok "... the catalogue's child is LA-512093" || notok "catalogue: $(sqlite3 "$T/store/catalogue.db" 'select quote(id) from children')"
[ -d "$T/store/objects/LA-512093/2025-autumn" ] && ok "... stored under objects/LA-512093" || notok "objects: $(find "$T/store/objects")"

check "send --dry-run plans it" "$PEPKIT" send --config "$SRCDIR/templates/council-example.xml" --term 2025-autumn --dry-run --plan "$T/plan.csv" "$T/one/b.xml"
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if r and all(x["child"]=="LA-512093" for x in r) else 1)' "$T/plan.csv" &&
	ok "... every delivery is for LA-512093" || notok "plan: $(head -n 3 "$T/plan.csv")"

check "qa rates it" "$PEPKIT" qa --term 2025-autumn -o "$T/qa" "$T/one"
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if [x["child id"] for x in r]==["LA-512093"] else 1)' "$T/qa/qa-report.csv" &&
	ok "... the QA report's child id is LA-512093" || notok "qa-report: $(head -n 2 "$T/qa/qa-report.csv")"
done_testing
