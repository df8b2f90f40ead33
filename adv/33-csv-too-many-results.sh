#!/bin/sh
# Attack: a marksheet with 70 subjects (or subject/aspect columns) for one pupil and term. merge
# wrote every one, past the 60 results pep.xsd allows a term, so the merged record failed
# validation while merge exited 0. Exits 1 while the merged record is invalid.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
{ printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\n'
  for i in $(seq 1 70); do printf 'X803211421047,Yilmaz,Ayse,Subject %d,,GDS,Autumn 2025,05/12/2025\r\n' "$i"; done; } > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
./pepkit validate "$t/o/a.xml" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: merge wrote an invalid record:"; head -2 "$t/err"; exit 1
