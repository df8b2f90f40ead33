#!/bin/sh
# Attack: a name in a withheld paragraph written with a character drawn as nothing inside it
# (a soft hyphen from a hyphenating editor, "Emi&#xAD;ne"; a zero-width space or joiner, a word
# joiner, a BOM) while the visible text names her plainly ("Gymnastics with Emine"). The
# record shows "Emine" in both places; the withheld paragraph's names were read as words
# parted at that character ("Emi", "ne"), so the parent's copy kept the visible "Emine".
# Exits 1 while it does.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for c in '&#xAD;' '&#x200B;' '&#x200D;' '&#x2060;' '&#xFEFF;'; do
	python3 -c 'import sys; s=open(sys.argv[1]).read(); open(sys.argv[2],"w").write(s.replace("with her mother, Emine Yılmaz,","with her mother, Emi"+sys.argv[3]+"ne Yılmaz,").replace("Gymnastics, drawing","Gymnastics with Emine, drawing"))' \
		samples/ks2-initial.xml "$t/r.xml" "$c"
	"$P" redact -a parent -o "$t/c.xml" "$t/r.xml" 2>/dev/null || { echo "redact failed"; exit 2; }
	if grep -q 'Gymnastics with Emine' "$t/c.xml"; then echo "DEFECT: 'Emi${c}ne' in the withheld paragraph: the parent's copy says 'Gymnastics with Emine'"; bad=1; fi
done
exit $bad
