#!/bin/sh
# Attack: a UPN column as Excel users leave it: with the text prefix kept ("'X803211421047",
# which "CSV (MS-DOS)" and hand-typed sheets carry) or grouped with spaces and in lower case
# ("x803 2114 2104 7"). Both rows were rejected, "bad upn ... not 13 characters". Exits 1 while
# either is refused.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf "UPN,Legal Surname,Legal Forename,Maths,Reading,Term,Date\r\n'X803211421047,Yilmaz,Ayse,GDS,,Autumn 2025,05/12/2025\r\nx803 2114 2104 7,Yilmaz,Ayse,,GDS,Autumn 2025,05/12/2025\r\n" > "$t/f.csv"
"$P" merge --map sims-marksheet-wide -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 ||
	{ echo "DEFECT: a UPN with Excel's apostrophe or typed with spaces is refused"; exit 1; }
exit 0
