#!/bin/sh
# t0854-redact-ids-names: withheld values that survived redaction (adversarial finding f09),
# each checked in what the reader gets: the PDF's text (pdftotext) and its raw bytes (qpdf
# --qdf --object-streams=disable), the DOCX's document part, and the `redact` XML copy.
#  a) ids: a target id written with withheld names ("Mert-Emine-visits") and a withheld
#     person's id ("emine-yilmaz") become neutral ids (t1.., p1..) in every redacted copy,
#     with every reference following, so the documents still resolve them
#  b) namespace declarations, even on the withheld element, are not copied out
#  c) a withheld person's organisation's distinctive word, and a withheld attendee's
#     contribution, are withheld
#  d) a Cyrillic look-alike letter in a withheld name does not defeat matching
#  h) names in withheld free text written as case records write them: after a title with a full
#     stop ("Mrs. Hadley", "Dr. Okonkwo"), a surname in capitals ("Hamza OZTURK"), after a
#     colon before a relation in brackets ("contact: Tarquin (father)"), in a script without
#     case inside English text ("His mother, بی بی ګله, ..."), and a withheld person's Arabic-script
#     name written with a tatweel ("احـمدی"); each named again where the school may look
#  i) a withheld phone number typed in Persian (and Devanagari) digits, or mixing them with
#     ASCII ones, is withheld like the ASCII number
#  g) a withheld e-mail address spelled out in words ("m nowak fostering at example dot org",
#     "(at)", "(dot)") is withheld; "at" in ordinary text is kept
# The record copies keep everything (so each check can fail).
. tests/lib.sh

S="$SAMPLES/ks2-initial.xml"

# $1 file, $2 description, $3... fixed strings that must not appear (case-insensitive)
no_text() {
	f=$1; d=$2; shift 2
	case "$f" in
	*.pdf)
		pdftotext -enc UTF-8 "$f" "$T/t.txt" 2>/dev/null || : > "$T/t.txt"
		qpdf --qdf --object-streams=disable "$f" "$T/q.pdf" 2>/dev/null
		strings -n 3 "$T/q.pdf" > "$T/raw.txt"
		cat "$T/t.txt" "$T/raw.txt" > "$T/all.txt"
		[ -s "$T/t.txt" ] || { notok "$d: no text extracted from $f"; return; } ;;
	*.docx)
		unzip -p "$f" word/document.xml > "$T/all.txt" 2>/dev/null
		[ -s "$T/all.txt" ] || { notok "$d: no document part in $f"; return; } ;;
	*) cp "$f" "$T/all.txt" ;;
	esac
	for s in "$@"; do
		if grep -F -i -q -- "$s" "$T/all.txt"; then
			notok "$d: '$s' in $(basename "$f")"; grep -F -i -- "$s" "$T/all.txt" | head -n 3 | sed 's/^/#   /'
			return
		fi
	done
	ok "$d"
}

# a) ids holding withheld names
sed 's/T-25AU-3/Mert-Emine-visits/g' "$S" > "$T/a.xml"
check "a: the record is valid" "$PEPKIT" validate "$T/a.xml"
check "a: parent PDF" "$PEPKIT" render -a parent -o "$T/a.pdf" "$T/a.xml"
check "a: parent DOCX" "$PEPKIT" render -a parent -o "$T/a.docx" "$T/a.xml"
check "a: parent XML" "$PEPKIT" redact -a parent -o "$T/a-red.xml" "$T/a.xml"
no_text "$T/a.pdf" "a: no target id with withheld names in the parent's PDF" "Mert-Emine" "Emine" "Mert"
no_text "$T/a.docx" "a: nor in the parent's DOCX" "Mert-Emine" "Emine" "Mert"
no_text "$T/a-red.xml" "a: nor in the parent's XML copy" "Mert-Emine" "Emine" "Mert"
is "a: targets have neutral ids in document order" "$T/a-red.xml" \
	'concat(count(//target), " ", //target[1]/@id, " ", //target[3]/@id)' "3 t1 t3"
is "a: people have neutral ids" "$T/a-red.xml" 'count(//person[not(starts-with(@id, "p"))])' 0
is "a: every reference resolves" "$T/a-red.xml" \
	'count(//target[not(@owner = //person/@id)] | //action[not(@owner = //person/@id)] | //attendee[not(@person = //person/@id)] | //signed-off[not(@by = //person/@id)])' 0
is "a: the spend's target list follows its target" "$T/a-red.xml" \
	'//request[contains(what, "ELSA")]/@targets' "t3"
"$PEPKIT" render -a parent --emit-ir --no-validate -o "$T/a-ir.xml" "$T/a.xml" 2>/dev/null
check_grep "a: the document shows the neutral id" '<cell>t3</cell>' "$T/a-ir.xml"
check "a: record PDF" "$PEPKIT" render -a record -o "$T/a-full.pdf" "$T/a.xml"
pdftotext "$T/a-full.pdf" "$T/a-full.txt"
check_grep "a: the record's copy keeps the id (the check can fail)" "Mert-Emine-visits" "$T/a-full.txt"

# b) namespace declarations
sed -e 's|<birth-family confidential="birth-family">|<birth-family xmlns:em="urn:Emine-lives-at-27-Beech-Avenue" confidential="birth-family">|' \
    -e 's|<carer-section>|<carer-section xmlns:x="urn:mother-Emine-Yilmaz-07700900275">|' "$S" > "$T/b.xml"
check "b: the record is valid" "$PEPKIT" validate "$T/b.xml"
check "b: parent XML" "$PEPKIT" redact -a parent -o "$T/b-red.xml" "$T/b.xml"
no_text "$T/b-red.xml" "b: no namespace declaration in the parent's XML copy" "xmlns" "urn:" "Beech" "07700900275"
check "b: school XML" "$PEPKIT" redact -a school -o "$T/b-school.xml" "$T/b.xml"
no_text "$T/b-school.xml" "b: nor in the school's" "xmlns" "urn:"
check "b: record XML" "$PEPKIT" redact -a record -o "$T/b-full.xml" "$T/b.xml"
cmp -s "$T/b-full.xml" "$T/b.xml" && ok "b: the record's copy is the record" ||
	check_grep "b: the record's copy keeps the declarations" 'xmlns:em="urn:Emine' "$T/b-full.xml"

# c) a withheld person's organisation and contribution
/usr/bin/python3 - "$S" "$T/c.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding='utf-8').read()
s = s.replace('<person id="yp" role="child">', '<person id="m1" role="birth-parent" confidential="birth-family"><name>Emine Yılmaz</name><organisation>Kestrelford Women&apos;s Refuge</organisation></person>\n    <person id="yp" role="child">')
s = s.replace('<attendee person="vs1" present="true"/>', '<attendee person="vs1" present="true"/><attendee person="m1" present="false" contribution="sent a letter via Kestrelford refuge"/>')
open(sys.argv[2], 'w', encoding='utf-8').write(s)
PY
check "c: the record is valid" "$PEPKIT" validate "$T/c.xml"
check "c: carer PEP2 PDF" "$PEPKIT" render --doc pep2 -a carer -o "$T/c.pdf" "$T/c.xml"
check "c: carer PEP2 DOCX" "$PEPKIT" render --doc pep2 -a carer -o "$T/c.docx" "$T/c.xml"
check "c: carer XML" "$PEPKIT" redact -a carer -o "$T/c-red.xml" "$T/c.xml"
for f in c.pdf c.docx c-red.xml; do
	no_text "$T/$f" "c: no organisation word or contribution of the withheld person in $f" \
		"Kestrelford" "sent a letter" "refuge"
done
pdftotext "$T/c.pdf" "$T/c.txt"
check_grep "c: the withheld attendee is still listed, as the token" '^• \[REDACTED\]$' "$T/c.txt"
check "c: record PEP2 PDF" "$PEPKIT" render --doc pep2 -a record -o "$T/c-full.pdf" "$T/c.xml"
pdftotext "$T/c-full.pdf" "$T/c-full.txt"
check_grep "c: the record's copy shows the contribution (the check can fail)" "sent a letter via Kestrelford refuge" "$T/c-full.txt"

# d) a Cyrillic look-alike letter (U+0415) in a withheld name
sed 's|<carer-section><p>|<carer-section><p>She saw Еmine at the weekend. |' "$S" > "$T/d.xml"
check "d: the record is valid" "$PEPKIT" validate "$T/d.xml"
check "d: parent PDF" "$PEPKIT" render -a parent -o "$T/d.pdf" "$T/d.xml"
check "d: parent DOCX" "$PEPKIT" render -a parent -o "$T/d.docx" "$T/d.xml"
check "d: parent XML" "$PEPKIT" redact -a parent -o "$T/d-red.xml" "$T/d.xml"
for f in d.pdf d.docx d-red.xml; do
	no_text "$T/$f" "d: no look-alike spelling of the withheld name in $f" "Еmine" "mine at the weekend"
done
check_grep "d: the name became the token" 'She saw \[REDACTED\] at the' "$T/d-red.xml"
check "d: record PDF" "$PEPKIT" render -a record -o "$T/d-full.pdf" "$T/d.xml"
pdftotext "$T/d-full.pdf" "$T/d-full.txt"
check_grep "d: the record's copy keeps it (the check can fail)" "She saw Еmine" "$T/d-full.txt"

# e) a withheld person's id, used by a target's owner and an attendee
sed -e 's/"m1"/"emine-yilmaz"/g' -e 's/<target id="T-25AU-3" owner="c1"/<target id="T-25AU-3" owner="emine-yilmaz"/' \
	"$T/c.xml" > "$T/e.xml"
check "e: the record is valid" "$PEPKIT" validate "$T/e.xml"
check "e: carer XML" "$PEPKIT" redact -a carer -o "$T/e-red.xml" "$T/e.xml"
check "e: carer PDF" "$PEPKIT" render -a carer -o "$T/e.pdf" "$T/e.xml"
no_text "$T/e-red.xml" "e: no withheld person's id in the carer's XML copy" "emine-yilmaz" "emine"
no_text "$T/e.pdf" "e: nor in the carer's PDF" "emine-yilmaz" "emine"
is "e: the target's owner is the withheld person's neutral id" "$T/e-red.xml" \
	'count(//person[@redacted][@id = //target/@owner])' 1

# f) a name behind a right-to-left override ("enimE" shows as the withheld name): a redacted
# copy holds no explicit bidi formatting characters; the override is resolved to what the
# reader saw ("Emine", a withheld name), which is then withheld (t0863)
RLO=$(printf '\342\200\256'); PDF=$(printf '\342\200\254')
sed "s|<carer-section><p>|<carer-section><p>She saw ${RLO}enimE${PDF} at the weekend. |" "$S" > "$T/f.xml"
check "f: the record is valid" "$PEPKIT" validate "$T/f.xml"
grep -q "$RLO" "$T/f.xml" && ok "f: the record has the override" || notok "f: the record has the override"
check "f: parent XML" "$PEPKIT" redact -a parent -o "$T/f-red.xml" "$T/f.xml"
grep -q "$RLO" "$T/f-red.xml" && notok "f: no override left in the parent's copy" || ok "f: no override left in the parent's copy"
check_grep "f: the name the reader saw is withheld" "She saw \[REDACTED\] at the" "$T/f-red.xml"
check_nogrep "f: ... neither way round" "enimE|Emine" "$T/f-red.xml"
check "f: record XML" "$PEPKIT" redact -a record -o "$T/f-full.xml" "$T/f.xml"
grep -q "$RLO" "$T/f-full.xml" && ok "f: the record's own copy is untouched" || notok "f: the record's own copy is untouched"

# g) a withheld e-mail address spelled out
sed 's|<carer-section><p>|<carer-section><p>Mail m.nowak.fostering at example dot org or m nowak fostering (at) example (dot) org. We met at the park. |' "$S" > "$T/g.xml"
check "g: the record is valid" "$PEPKIT" validate "$T/g.xml"
check "g: parent XML" "$PEPKIT" redact -a parent -o "$T/g-red.xml" "$T/g.xml"
check "g: parent PDF" "$PEPKIT" render -a parent -o "$T/g.pdf" "$T/g.xml"
for f in g-red.xml g.pdf; do
	no_text "$T/$f" "g: no spelled-out withheld e-mail address in $f" "nowak fostering" "nowak.fostering" "example dot org" "example (dot) org"
done
check_grep "g: both spellings became the token, ordinary 'at' kept" 'Mail \[REDACTED\] or \[REDACTED\]\. We met at the park\.' "$T/g-red.xml"
check "g: record PDF" "$PEPKIT" render -a record -o "$T/g-full.pdf" "$T/g.xml"
pdftotext "$T/g-full.pdf" "$T/g-full.txt"
check_grep "g: the record's copy keeps it (the check can fail)" "fostering at example dot org" "$T/g-full.txt"

# h) names in withheld text written the way case records write them
OLD='Supervised contact with her mother, Emine Yılmaz, twice a week at the contact centre; telephone contact with her older brother Mert, who lives with their grandmother.'
h_case() { # name withheld-text visible-text needle
	sed -e "s|$OLD|$2|" -e "s|Sessions to 7 November.|Sessions to 7 November. $3|" "$S" > "$T/h-$1.xml"
	"$PEPKIT" render -a school -o "$T/h-$1.pdf" "$T/h-$1.xml" 2>/dev/null || notok "h $1: school PDF"
	"$PEPKIT" render -a record -o "$T/h-$1-full.pdf" "$T/h-$1.xml" 2>/dev/null || notok "h $1: record PDF"
	no_text "$T/h-$1.pdf" "h $1: the name is not in the school's copy" "$4"
	pdftotext "$T/h-$1-full.pdf" "$T/h-full.txt"
	check_grep "h $1: the record's copy shows it (the check can fail)" "$4" "$T/h-full.txt"
}
h_case mrsdot 'Supervised contact with her maternal aunt, Mrs. Hadley, once a month.' 'Mrs Hadley came to the school gate.' Hadley
h_case drdot 'Her father sees Dr. Okonkwo at the clinic.' 'Okonkwo came to the school gate.' Okonkwo
h_case caps 'Supervised contact with her uncle Hamza OZTURK once a month.' 'Mr Ozturk came to the school gate.' Ozturk
h_case colon 'Family contact: Tarquin (father) by phone only.' 'Tarquin came to the school gate.' Tarquin
h_case arabic 'His mother, بی بی ګله, is believed to be in Pakistan.' 'I phone my mother بی بی ګله on Fridays.' 'ګله'
P="$SAMPLES/uasc-pashto.xml"
add='<person id="tp9" role="other" confidential="third-party"><name>کریم احمدی</name></person><person id="yp" role="child">'
sed -e "s|<person id=\"yp\" role=\"child\">|$add|" \
	-e 's|Cricket club on Tuesdays.|Cricket club on Tuesdays. My friend کـریم احـمدی helps me.|' "$P" > "$T/h-tatweel.xml"
check "h tatweel: the record is valid" "$PEPKIT" validate "$T/h-tatweel.xml"
check "h tatweel: school PDF" "$PEPKIT" render -a school --term 2025-autumn -o "$T/h-tatweel.pdf" "$T/h-tatweel.xml"
no_text "$T/h-tatweel.pdf" "h tatweel: the name written with a tatweel is not in the school's copy" "احـمدی" "کـریم"
check_grep "h tatweel: the sentence is kept with the token" "friend \[REDACTED\] helps me" "$T/t.txt"

# i) a withheld phone number in the digits of the child's script
sed 's|Cricket club on Tuesdays.|Cricket club on Tuesdays. شماره خانه: ۰۷۷۰۰ ۹۰۰۷۶۴ or 07700 ۹۰۰۷۶۴ or ०७७०० ९००७६४.|' "$P" > "$T/i.xml"
check "i: the record is valid" "$PEPKIT" validate "$T/i.xml"
check "i: parent PDF" "$PEPKIT" render -a parent --term 2025-autumn -o "$T/i.pdf" "$T/i.xml"
check "i: record PDF" "$PEPKIT" render -a record --term 2025-autumn -o "$T/i-full.pdf" "$T/i.xml"
digits() { # the ASCII-digit text of PDF $1, spaces removed
	pdftotext "$1" - | /usr/bin/python3 -c '
import sys, unicodedata
t = "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c for c in sys.stdin.read())
print(t.replace(" ", ""))'
}
digits "$T/i.pdf" > "$T/i.txt"; digits "$T/i-full.pdf" > "$T/i-full.txt"
check_nogrep "i: the number in other digits is not in the parent's copy" "900764" "$T/i.txt"
[ "$(grep -o 900764 "$T/i-full.txt" | wc -l)" -ge 3 ] && ok "i: the record's copy shows it three times (the check can fail)" ||
	notok "i: the record's copy shows it three times"
done_testing
