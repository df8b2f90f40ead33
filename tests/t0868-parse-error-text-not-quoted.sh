#!/bin/sh
# t0868: a record that does not parse is named with its line, never with words of its text:
# an undefined entity ("&Emine;"), a tag or attribute made of words ("Mert<Emine went",
# "Mert<Emine>went", an attribute given twice) inside the withheld birth-family paragraph.
# validate's output, pack's stderr, pack-report.csv (python3 csv) and pack-summary.txt hold
# neither "Emine" nor "went", and say the line (44). Bytes of text that is not UTF-8 are not
# shown either ("Bytes: 0x.."). The same record made well-formed passes (the test can fail).
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
[ "$(grep -n 'her older brother Mert,' "$REC" | cut -d: -f1)" = 44 ] || notok "the sample's line 44"
i=0
for v in 'Mert \&Emine; and' 'Mert<Emine went' 'Mert<Emine>went' 'Mert<i Emine="1" Emine="2"/>'; do
	i=$((i + 1))
	rm -rf "$T/c" "$T/pack"; mkdir "$T/c"
	sed "s|her older brother Mert,|her older brother $v,|" "$REC" > "$T/c/r.xml"
	check_exit 1 "validate refuses '$v'" "$PEPKIT" validate "$T/c/r.xml"
	"$PEPKIT" validate "$T/c/r.xml" > "$T/v.txt" 2>&1
	check_grep "... naming line 44" "r\.xml:44: " "$T/v.txt"
	check_nogrep "... without the text's words" "Emine|went" "$T/v.txt"
	check_exit 1 "pack fails it" "$PEPKIT" pack --term 2025-autumn -o "$T/pack" "$T/c"
	"$PEPKIT" pack --term 2025-autumn -o "$T/pack" "$T/c" > "$T/p.txt" 2>&1
	python3 -c 'import csv,sys; print("\n".join(r["reason"] for r in csv.DictReader(open(sys.argv[1]))))' "$T/pack/pack-report.csv" > "$T/reason.txt"
	check_grep "... its report gives the line" "line 44" "$T/reason.txt"
	cat "$T/p.txt" "$T/reason.txt" "$T/pack/pack-summary.txt" > "$T/all.txt"
	check_nogrep "... report, summary and stderr hold none of its words" "Emine|went" "$T/all.txt"
done
printf 'her older brother Mert \377Emine,' > "$T/bad"
python3 -c 'import sys; s=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(s.replace(b"her older brother Mert,", open(sys.argv[3],"rb").read()))' "$REC" "$T/u.xml" "$T/bad"
"$PEPKIT" validate "$T/u.xml" > "$T/u.txt" 2>&1
check_grep "text that is not UTF-8 is refused" "UTF-8" "$T/u.txt"
check_nogrep "... without its bytes" "Bytes|0x" "$T/u.txt"
check "the sample itself is valid" "$PEPKIT" validate "$REC"
done_testing
