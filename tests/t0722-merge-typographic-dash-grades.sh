#!/bin/sh
# t0722: a GCSE fine grade typed with a typographic dash or minus, as Excel's and Word's
# autocorrect and copied reports give it ("5–" en dash, "5‑" non-breaking hyphen, "5−" minus
# sign, "4–5"), is read by the profile's fine rule as the hyphen is ("5-" is 5, "4-5" is 4);
# before, the row was rejected. A dash that is no fine grade ("5–7", "–5") is still refused.
. tests/lib.sh
mkdir -p "$T/c"
sed '106,108s/ current="[^"]*"/ current="4" date="2025-10-01"/' "$SAMPLES/ks4-ehcp-exclusions.xml" > "$T/c/b.xml"
check "the record is valid" "$PEPKIT" validate "$T/c/b.xml"
for g in '5–:5' '5‑:5' '5−:5' '5—:5' '4–5:4' '6−7:6' '5-:5'; do
	v=${g%%:*} exp=${g#*:}
	printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nB801200005001,Wisniewski,Lukasz,Maths,,%s,Autumn 2025,05/12/2025\r\n' "$v" > "$T/g.csv"
	rm -rf "$T/o"
	check_exit 0 "'$v' merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/g.csv"
	is "... as $exp" "$T/o/b.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" "$exp"
done
for v in '5–7' '–5' '5––'; do
	printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nB801200005001,Wisniewski,Lukasz,Maths,,%s,Autumn 2025,05/12/2025\r\n' "$v" > "$T/g.csv"
	rm -rf "$T/o"
	check_exit 1 "'$v' is refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/g.csv"
	check_grep "... as no grade on the scale" "'$v' is not on the gcse scale" "$T/o/merge-report.csv"
	is "... the record keeps 4" "$T/o/b.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" 4
done
done_testing
