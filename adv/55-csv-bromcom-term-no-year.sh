#!/bin/sh
# Attack: a Bromcom wide export whose headers name the half term without a year
# ("Working At$Aut1$Year 6$Maths"), merged with --term 2025-autumn as the profile's hint says:
# the whole file was rejected, "term 'Aut1' in the header is not recognised". Exits 1 while
# the file is rejected.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Working At$Aut1$Year 6$Maths\r\nX803211421047,Yilmaz,Ayse,GDS\r\n' > "$t/f.csv"
"$P" merge --map templates/mapping-bromcom-wide.xml --term 2025-autumn -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 ||
	{ echo "DEFECT: 'Aut1' in a Bromcom header is refused with --term 2025-autumn"; exit 1; }
exit 0
