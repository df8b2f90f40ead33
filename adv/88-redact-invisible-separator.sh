#!/bin/sh
# Attack: a withheld name with a character between its letters that the PDF's fonts draw with
# no width but that matching read as a space: U+2028 LINE SEPARATOR, U+2029 PARAGRAPH
# SEPARATOR, U+FFF9 INTERLINEAR ANNOTATION ANCHOR, U+FFFC OBJECT REPLACEMENT CHARACTER, an
# Arabic symbol drawn as a mark (U+FBBC) or an isolated shadda ligature (U+FC5E). "M<U+2028>ert"
# was kept in the parent's copy and its PDF showed "Mert" (the brother named only in the
# withheld birth-family paragraph). Exits 1 while one of them reaches the PDF as "Mert".
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for v in '&#x2028;' '&#x2029;' '&#xFFF9;' '&#xFFFC;' '&#xFBBC;' '&#xFC5E;'; do
	python3 -c 'import sys; s=open(sys.argv[1]).read(); open(sys.argv[2],"w").write(s.replace("Gymnastics, drawing","Gymnastics with M"+sys.argv[3]+"ert, drawing"))' \
		samples/ks2-initial.xml "$t/r.xml" "$v"
	"$P" render -a parent --doc pep1 -o "$t/c.pdf" "$t/r.xml" 2>/dev/null || { echo "render failed"; exit 2; }
	# the PDF as drawn: drop what has no width, as the reader's eye does
	pdftotext "$t/c.pdf" - | python3 -c 'import sys; t=sys.stdin.read(); [t := t.replace(c,"") for c in "\u2028\u2029\ufff9\ufffa\ufffb\ufffc\ufbbc\ufc5e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"]; sys.exit(0 if "Mert" in t else 1)' &&
		{ echo "DEFECT: 'M${v}ert' shows as Mert in the parent's PDF"; bad=1; }
done
exit $bad
