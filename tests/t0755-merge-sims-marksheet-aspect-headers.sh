#!/bin/sh
# t0755: a SIMS "Marksheet" export's aspect columns, named with a year group and/or term around
# the subject ("Yr6 Aut Maths Att", "Y6 Reading TA", "Year 6 Writing", "Yr6 Spr Maths Att"),
# are the wide profile's columns: a term in the header moves the row's term (--term or the Term
# column) to that season of its academic year (Spr after Autumn 2025 is 2026-spring, not in
# this record: rejected, said). Before, such columns were ignored without a word (the grade
# lost, exit 0), and a file of nothing but them was refused as having no header row.
# Headers that only look alike ("Yr6 Maths Target") are still not read.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
R="$T/o/merge-report.csv"
printf 'UPN,Legal Surname,Legal Forename,Yr6 Aut Maths Att,Yr6 Spr Maths Att,Yr6 Sum Maths Att,Y6 Reading TA,Year 6 Writing,Yr6 Maths Target,Date\r\nX803211421047,Yilmaz,Ayse,GDS,HNM,,GDS,HNM,EXS,05/12/2025\r\n' > "$T/f.csv"
check_exit 1 "a value for a term not in the record: exit 1" "$PEPKIT" merge --map sims-marksheet-wide --term 2025-autumn -o "$T/o" "$T/c" "$T/f.csv"
check_grep "'Yr6 Aut Maths Att' is Maths, autumn 2025" '"merged","[^"]*f.csv","2","X803211421047","2025-autumn","Maths","","GDS"' "$R"
check_grep "'Y6 Reading TA' is English / Reading" '"merged","[^"]*f.csv","2","X803211421047","2025-autumn","English","Reading","GDS"' "$R"
check_grep "'Year 6 Writing' is English / Writing" '"merged","[^"]*f.csv","2","X803211421047","2025-autumn","English","Writing","HNM"' "$R"
check_grep "'Yr6 Spr Maths Att' is spring 2026: rejected, said" '"rejected","[^"]*f.csv","2","X803211421047","2026-spring","Maths","","HNM","1","term 2026-spring is not in the record' "$R"
check_nogrep "'Yr6 Maths Target' is not read" '"EXS"' "$R"
check_grep "the record has Maths GDS" 'subject="Maths"[^>]*current="GDS"' "$T/o/a.xml"
python3 - "$R" > "$T/sum" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline='')) if r['outcome'] != 'file']
print(len(rows), sum(r['outcome'] == 'merged' for r in rows), sum(r['outcome'] == 'rejected' for r in rows))
PY
check_grep "report: 4 values, 3 merged, 1 rejected" '^4 3 1$' "$T/sum"

# a file of nothing but SIMS aspect columns, the term from a Term column
rm -rf "$T/o"
printf 'UPN,Legal Surname,Legal Forename,Yr6 Autumn Maths Att,Term,Date\r\nX803211421047,Yilmaz,Ayse,GDS,Autumn 2025,05/12/2025\r\n' > "$T/g.csv"
check_exit 0 "only SIMS aspect columns: read (exit 0)" "$PEPKIT" merge --map sims-marksheet-wide -o "$T/o" "$T/c" "$T/g.csv"
check_grep "'Yr6 Autumn Maths Att' merged" '"merged","[^"]*g.csv","2","X803211421047","2025-autumn","Maths","","GDS"' "$R"
done_testing
