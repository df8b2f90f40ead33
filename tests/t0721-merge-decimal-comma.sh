#!/bin/sh
# t0721: numbers as Excel writes them where the comma is the decimal sign (a ';' export, with
# or without Excel's "sep=;" first line): attendance "95,2" is 95.2 and a KS2 scaled score
# "110,0" is 110; a whole number with a fraction of zeros ("110.0", GCSE "6.0": a cell
# formatted with decimals) is the whole number, and the report says how it was read. Before,
# every such row was rejected ("not 0-100 with at most one decimal", "not on the ks2-scaled
# scale"). Still refused: "0,9" (a fraction of 1, like 0.9), "6.5" (no grade). ("95,25" is
# rounded to 95.3 since t0750.)
. tests/lib.sh
mkdir -p "$T/c" "$T/c4"
sed 's|<attendance>|<attendance as-of="2025-11-07">|' "$SAMPLES/ks2-initial.xml" > "$T/c/a.xml"
sed '106,108s/ current="[^"]*"/ current="4" date="2025-10-01"/' "$SAMPLES/ks4-ehcp-exclusions.xml" > "$T/c4/b.xml"
check "the records are valid" "$PEPKIT" validate "$T/c/a.xml" "$T/c4/b.xml"
H='UPN;Surname;Forename;Subject;Aspect;Result;Term;Date;Attendance %'
for sep in 'sep=;\r\n' ''; do
	printf "$sep%s\r\nX803211421047;Yilmaz;Ayse;Maths;Test;110,0;Autumn 2025;05/12/2025;95,2\r\n" "$H" > "$T/s.csv"
	rm -rf "$T/o"
	check_exit 0 "';' export ${sep:+(sep=;) }with decimal commas merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/s.csv"
	is "... attendance 95,2 is 95.2" "$T/o/a.xml" "//term[@id='2025-autumn']/attendance/percent" 95.2
	is "... the scaled score 110,0 is 110" "$T/o/a.xml" \
		"//term[@id='2025-autumn']/attainment/result[@subject='Maths'][@aspect='Test']/@current" 110
	check_grep "... and the report says how it read it" "'110,0' read as '110'" "$T/o/merge-report.csv"
done
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,Test,110.0,Autumn 2025,05/12/2025\r\n' > "$T/d.csv"
rm -rf "$T/o"
check_exit 0 "a scaled score 110.0 merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/d.csv"
is "... as 110" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@aspect='Test']/@current" 110
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nB801200005001,Wisniewski,Lukasz,Maths,,6.0,Autumn 2025,05/12/2025\r\n' > "$T/g.csv"
rm -rf "$T/o"
check_exit 0 "a GCSE grade 6.0 merges" "$PEPKIT" merge -o "$T/o" "$T/c4" "$T/g.csv"
is "... as 6" "$T/o/b.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" 6
# still refused
printf "%s\r\nX803211421047;Yilmaz;Ayse;Maths;;GDS;Autumn 2025;05/12/2025;0,9\r\n" "$H" > "$T/f.csv"
rm -rf "$T/o"
check_exit 1 "attendance 0,9 (a fraction of 1) is refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
check_grep "... as a fraction" "'0,9' is not a per cent figure" "$T/o/merge-report.csv"
printf "%s\r\nX803211421047;Yilmaz;Ayse;Maths;;GDS;Autumn 2025;05/12/2025;95,25\r\n" "$H" > "$T/f.csv"
rm -rf "$T/o"
check_exit 0 "attendance 95,25 (two decimals) merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
is "... rounded to 95.3" "$T/o/a.xml" "//term[@id='2025-autumn']/attendance/percent" 95.3
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nB801200005001,Wisniewski,Lukasz,Maths,,6.5,Autumn 2025,05/12/2025\r\n' > "$T/g.csv"
rm -rf "$T/o"
check_exit 1 "a GCSE grade 6.5 is refused" "$PEPKIT" merge -o "$T/o" "$T/c4" "$T/g.csv"
check_grep "... as no grade" "'6.5' is not on the gcse scale" "$T/o/merge-report.csv"
done_testing
