#!/bin/sh
# t0754: a long export naming the aspect in the subject cell ("English Reading", "english
# writing", no aspect) is read by the shipped long profiles as English / Reading and English /
# Writing, as the wide profile reads those columns. Before, merge added subjects "English
# Reading" and "English Writing" to the record beside its English Reading and Writing, which
# kept their old grades, and the report said "merged".
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
for m in sims-long arbor-long scholarpack-long; do
	case $m in
	sims-long) h='UPN,Subject,Aspect,Result,Term,Date'; d=05/12/2025 ;;
	arbor-long) h='UPN,Subject,Assessment,Grade,Term,Assessment Date'; d=2025-12-05 ;;
	scholarpack-long) h='UPN,Subject,Strand,Judgement,Term,Date Assessed'; d=05/12/2025 ;;
	esac
	rm -rf "$T/o"
	printf '%s\r\nX803211421047,English Reading,,GDS,Autumn 2025,%s\r\nX803211421047,english writing,,HNM,Autumn 2025,%s\r\n' "$h" "$d" "$d" > "$T/f.csv"
	check_exit 0 "$m: exit 0" "$PEPKIT" merge --map $m -o "$T/o" "$T/c" "$T/f.csv"
	check_grep "$m: English / Reading gets GDS" 'subject="English" aspect="Reading"[^>]*current="GDS"' "$T/o/a.xml"
	check_grep "$m: English / Writing gets HNM" 'subject="English" aspect="Writing"[^>]*current="HNM"' "$T/o/a.xml"
	check_nogrep "$m: no new subject 'English Reading' or 'English Writing'" 'subject="[Ee]nglish [RrWw]' "$T/o/a.xml"
	check_grep "$m: the report says English, Reading" '"merged","[^"]*f.csv","2","X803211421047","2025-autumn","English","Reading","GDS"' "$T/o/merge-report.csv"
done
done_testing
