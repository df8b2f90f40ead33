#!/bin/sh
# t0851-leak-adversarial: issue 10's leak cases, as records built here (adversarial.py: a
# location-confidential placement with location-confidential=" 1", and an open one in the
# school's own locality), each withheld value repeated the way people write it: other
# spellings, parts, split by markup, the school's short name, staff e-mail domain and phone,
# the UPN, a withheld answer's question, an export file name. For every shipped audience,
# through `redact`, `render` (PDF and DOCX, pep1 and pep2), `template --from --audience` and
# `pack`, the text a reader sees (pdftotext, python-docx and the DOCX parts, the XML copy) and
# every file and folder name are searched under the canonical matching of issue 10
# (canon.py, written from the rules): no value the reader may not see; the record copies show
# every value (so this can fail); values every reader may see are kept exactly.
. tests/lib.sh

ADV="$T/adv"
/usr/bin/python3 tests/data/redact/adversarial.py "$ADV" || notok "adversarial records built"
for rec in conf open; do
	check "$rec record is valid" "$PEPKIT" validate "$ADV/$rec.xml"
done
CANON="/usr/bin/python3 tests/data/redact/canon.py"
TEXT="/usr/bin/python3 tests/data/redact/doctext.py"
audiences=$(ls templates/audiences/*.xml | sed 's|.*/||; s|\.xml$||')

for rec in conf open; do
	for a in $audiences; do
		d="$T/o/$rec/$a"
		mkdir -p "$d"
		"$PEPKIT" redact -a "$a" -o "$d/copy.xml" "$ADV/$rec.xml" 2>"$d/redact.err" ||
			notok "$rec $a: redact"
		"$PEPKIT" render -a "$a" --doc pep1 -o "$d/pep1.pdf" "$ADV/$rec.xml" 2>"$d/pep1pdf.err" ||
			notok "$rec $a: render pep1 pdf"
		"$PEPKIT" render -a "$a" --doc pep2 -o "$d/pep2.pdf" "$ADV/$rec.xml" 2>"$d/pep2pdf.err" ||
			notok "$rec $a: render pep2 pdf"
		"$PEPKIT" render -a "$a" --doc pep1 -o "$d/pep1.docx" "$ADV/$rec.xml" 2>"$d/pep1docx.err" ||
			notok "$rec $a: render pep1 docx"
		"$PEPKIT" render -a "$a" --doc pep2 -o "$d/pep2.docx" "$ADV/$rec.xml" 2>"$d/pep2docx.err" ||
			notok "$rec $a: render pep2 docx"
		"$PEPKIT" template --doc pep2 --from "$ADV/$rec.xml" --audience "$a" -o "$d/form.docx" \
			2>"$d/form.err" || notok "$rec $a: template --from --audience"
		$TEXT "$d"/*.pdf "$d"/*.docx > "$d/extract.log" || notok "$rec $a: documents readable"
		n=$(ls "$d"/*.pdf.txt "$d"/*.docx.txt | wc -l)
		[ "$n" -eq 5 ] || notok "$rec $a: $n extractions, expected 5"
		files=$(find "$d" -type f ! -name '*.pdf' ! -name '*.docx' | sort)
		if [ "$a" = record ]; then
			if $CANON present "$ADV/values.tsv" "$rec" $files > "$T/hits"; then
				ok "$rec record copies show every value (the leak check can fail)"
			else
				notok "$rec record copies lack values"; sed 's/^/#   /' "$T/hits"
			fi
			# the values the documents show (not only the XML copy), for the pack
			$CANON filter "$ADV/values.tsv" "$rec" "$d"/*.txt > "$T/shown-$rec.tsv"
			n=$(wc -l < "$T/shown-$rec.tsv")
			[ "$n" -ge 12 ] && ok "$rec record documents show $n of the values" ||
				notok "$rec record documents show only $n values"
			continue
		fi
		if $CANON leaks "$ADV/values.tsv" "$rec" "$a" $files > "$T/hits"; then
			ok "$rec $a: no withheld value in redact, render, template copies, logs or names"
		else
			notok "$rec $a: withheld values found"; head -n 20 "$T/hits" | sed 's/^/#   /'
		fi
		if $CANON kept "$ADV/kept.tsv" "$rec" "$d/copy.xml" "$d/pep1.pdf.txt" > "$T/hits"; then
			ok "$rec $a: what every reader may see is kept exactly"
		else
			notok "$rec $a: allowed values damaged"; head -n 10 "$T/hits" | sed 's/^/#   /'
		fi
	done
done

# the same through the pack: two records, every audience, both formats, both documents
mkdir -p "$T/cohort"
cp "$ADV/conf.xml" "$ADV/open.xml" "$T/cohort/"
list=$(echo $audiences | tr ' ' ',')
check_exit 0 "pack for every audience" "$PEPKIT" pack -q --audience "$list" --format pdf,docx \
	--doc pep1,pep2 -o "$T/pack" "$T/cohort"
find "$T/pack" -name '*.pdf' -o -name '*.docx' | while read -r f; do $TEXT "$f"; done
for a in $audiences; do
	for rec in conf open; do
		id=LA-512093
		[ "$rec" = open ] && id=LA-512094
		files=$(find "$T/pack/$a" -type f -path "*$id*" ! -name '*.pdf' ! -name '*.docx' | sort)
		n=$(find "$T/pack/$a" -type f -path "*$id*" \( -name '*.pdf' -o -name '*.docx' \) | wc -l)
		[ "$n" -eq 4 ] || notok "pack $a $rec: $n documents, expected 4"
		find "$T/pack/$a" -path "*$id*" > "$T/names-$a-$rec.txt"
		if [ "$a" = record ]; then
			$CANON present "$T/shown-$rec.tsv" "$rec" $files > "$T/hits" &&
				ok "pack: $rec record copies show every value" ||
				{ notok "pack: $rec record copies lack values"; sed 's/^/#   /' "$T/hits"; }
			continue
		fi
		if $CANON leaks "$ADV/values.tsv" "$rec" "$a" $files "$T/names-$a-$rec.txt" > "$T/hits"; then
			ok "pack $a $rec: no withheld value in documents, logs, folder or file names"
		else
			notok "pack $a $rec: withheld values found"; head -n 20 "$T/hits" | sed 's/^/#   /'
		fi
	done
done
# folder names: ids only, never REDACTED; the open school has one folder for every reader,
# the confidential school is "withheld" for readers who may not know it
if find "$T/pack" | grep -q REDACTED; then notok "a file or folder name contains REDACTED"
else ok "no file or folder name contains REDACTED"; fi
for a in $audiences; do
	[ -d "$T/pack/$a/elmstead-cps" ] && ok "pack $a: the open school's folder is its id" ||
		notok "pack $a: no folder elmstead-cps"
done
for a in parent health; do
	[ -d "$T/pack/$a/withheld" ] && [ ! -d "$T/pack/$a/wyvernholt-academy" ] &&
		ok "pack $a: the confidential school's folder is 'withheld'" ||
		notok "pack $a: confidential school folder named after the school"
done
for a in school carer record; do
	[ -d "$T/pack/$a/wyvernholt-academy" ] && ok "pack $a: the school's folder for a reader who knows it" ||
		notok "pack $a: no wyvernholt-academy folder"
done

# render --audience refuses what it cannot redact: an IR, any other document
"$PEPKIT" render --emit-ir -o "$T/full-ir.xml" "$ADV/conf.xml" 2>/dev/null
check_exit 2 "render --audience parent of a document IR is a usage error" "$PEPKIT" render \
	--audience parent -o "$T/ir.pdf" "$T/full-ir.xml"
[ ! -e "$T/ir.pdf" ] && ok "nothing written for the IR" || notok "the IR was rendered for parent"
printf '<notes><p>7 Zephyrine Close</p></notes>\n' > "$T/other.xml"
check_exit 2 "render --audience of a non-record is a usage error" "$PEPKIT" render \
	--audience parent -o "$T/other.pdf" "$T/other.xml"
[ ! -e "$T/other.pdf" ] && ok "nothing written for the non-record" || notok "a non-record was rendered"
done_testing
