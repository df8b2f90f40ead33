#!/bin/sh
# t0608: Word markup in a filled form read as a person sees the box: text moved away with
# tracked changes on (w:moveFrom) is not read (it is read where it went, w:moveTo), a hidden
# run (w:vanish) is not read (w:vanish w:val="0" is shown, and read), a non-breaking hyphen
# (Ctrl+Shift+-, w:noBreakHyphen) is a "-" ("Well-being", never "Wellbeing"), an optional
# hyphen (w:softHyphen) is nothing.
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
PY=/usr/bin/python3
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" -o "$T/k2.docx"
semh() { x "$1" "//term[@id='2025-autumn']/semh/summary/p[1]" | cut -c1-40; }
while IFS='|' read -r c want nowant; do
	$PY tests/data/forms/wordmarkup.py "$T/k2.docx" "$T/k2-$c.docx" "$c" || notok "wordmarkup.py $c"
	check "import ($c)" "$PEPKIT" import --into "$K2" -o "$T/o-$c.xml" "$T/k2-$c.docx"
	got=$(semh "$T/o-$c.xml")
	case "$got" in
	"$want"*) ok "$c: the box reads '$want...'" ;;
	*) notok "$c: the box reads '$got', expected '$want...'" ;;
	esac
	[ -z "$nowant" ] || check_nogrep "... and has no '$nowant'" "$nowant" "$T/o-$c.xml"
done <<'EOT'
movefrom|Ayşe has coped|MOVEDAWAY
moveto|MOVEDHERE Ayşe has coped|
nbhyphen|Well-being Ayşe has coped|Wellbeing
softhyphen|Wellbeing Ayşe has coped|
vanish|Ayşe has coped|HIDDENTEXT
shown|SHOWNTEXT Ayşe has coped|
EOT
done_testing
