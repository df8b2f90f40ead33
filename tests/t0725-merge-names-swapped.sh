#!/bin/sh
# t0725: an export row whose surname and forename are the record child's own names the other
# way round (Surname "Ayse", Forename "Yilmaz"; "Wisniewski"/"Lukasz" swapped for Łukasz
# Wiśniewski; "Luke" his preferred name) is that child's: it merges. Before, every row of the
# UPN was rejected as another pupil's. Another pupil's names, either way round ("Emma Nowak",
# "Leah Yilmaz" with Leah as the surname), still reject every row of the UPN, naming no name.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
sed '106,108s/ current="[^"]*"/ current="4" date="2025-10-01"/' "$SAMPLES/ks4-ehcp-exclusions.xml" > "$T/c/b.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
printf '%s\r\nX803211421047,Ayse,Yilmaz,Maths,,GDS,Autumn 2025,05/12/2025\r\nB801200005001,Lukasz,Wisniewski,Maths,,6,Autumn 2025,05/12/2025\r\nB801200005001,Luke,WIŚNIEWSKI,English,,5,Autumn 2025,05/12/2025\r\n' "$H" > "$T/f.csv"
check_exit 0 "the child's own names the other way round merge" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
is "... Ayşe's Maths is GDS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" GDS
is "... Łukasz's Maths is 6" "$T/o/b.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" 6
is "... and his English 5" "$T/o/b.xml" "//term[@id='2025-autumn']/attainment/result[@subject='English']/@current" 5
for names in 'Nowak,Emma' 'Emma,Nowak' 'Leah,Yilmaz'; do
	printf '%s\r\nX803211421047,%s,Maths,,GDS,Autumn 2025,05/12/2025\r\n' "$H" "$names" > "$T/g.csv"
	rm -rf "$T/o"
	check_exit 1 "another pupil's names ($names) are refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/g.csv"
	check_grep "... every row of the UPN" "not the names in 'a.xml'" "$T/o/merge-report.csv"
	check_nogrep "... naming no name" "Emma|Nowak|Leah" "$T/o/merge-report.csv"
	is "... the record keeps WTS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" WTS
done
done_testing
