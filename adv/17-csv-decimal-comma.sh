#!/bin/sh
# Attack: an export saved by Excel where the comma is the decimal sign ("sep=;" first line, ';'
# delimiter, attendance "95,2", scaled score "110,0"), and a scaled score "110.0" (a cell
# formatted with one decimal). Every row was rejected and the child's results lost. Exits 1
# while any is rejected.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && sed 's|<attendance>|<attendance as-of="2025-11-07">|' samples/ks2-initial.xml > "$t/c/a.xml"
printf 'sep=;\r\nUPN;Surname;Forename;Subject;Aspect;Result;Term;Date;Attendance %%\r\nX803211421047;Yilmaz;Ayse;Maths;Test;110,0;Autumn 2025;05/12/2025;95,2\r\n' > "$t/s.csv"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,English,Test,110.0,Autumn 2025,05/12/2025\r\n' > "$t/d.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/s.csv" "$t/d.csv" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: decimal commas / a zero fraction reject the row:"; grep rejected "$t/err"; exit 1
