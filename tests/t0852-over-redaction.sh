#!/bin/sh
# t0852-over-redaction: scrubbing never damages what the reader may see (issue 10). For every
# shipped sample and audience: each field the profile allows in its own right (the child's
# names, the names of people not withheld, the school's name and address where the reader may
# know the school) is in the redacted copy exactly as in the full record (allowed_fields.py);
# the facts a copy shows only shrink: each such value the record's PDF shows, the reader's PDF
# shows too, exactly; the pack's folder and file names never contain REDACTED and the school
# folder is the record's school id (or "withheld" for a school withheld from the reader).
. tests/lib.sh

CANON="/usr/bin/python3 tests/data/redact/canon.py"
audiences=$(ls templates/audiences/*.xml | sed 's|.*/||; s|\.xml$||')
allowed() {
	xmllint --xpath '//allow/@category' "templates/audiences/$1.xml" 2>/dev/null |
		sed 's/ *category="\([^"]*\)"/\1,/g' | tr -d '\n'
}
for rec in "$SAMPLES"/*.xml; do
	name=$(basename "$rec" .xml)
	"$PEPKIT" render -a record --doc pep2 -o "$T/$name-record.pdf" "$rec" 2>/dev/null ||
		notok "$name: render for record"
	pdftotext -enc UTF-8 "$T/$name-record.pdf" "$T/$name-record.txt"
	for a in $audiences; do
		[ "$a" = record ] && continue
		ks=$(xmllint --xpath 'count(//knows-school)' "templates/audiences/$a.xml")
		"$PEPKIT" redact -a "$a" -o "$T/$name-$a.xml" "$rec" 2>/dev/null || notok "$name $a: redact"
		if /usr/bin/python3 tests/data/redact/allowed_fields.py "$rec" "$T/$name-$a.xml" \
			"$(allowed "$a")" "$ks" "$T/$name-$a.tsv" > "$T/dmg"; then
			ok "$name $a: allowed fields kept exactly in the redacted copy"
		else
			notok "$name $a: allowed fields damaged"; sed 's/^/#   /' "$T/dmg"
		fi
		"$PEPKIT" render -a "$a" --doc pep2 -o "$T/$name-$a.pdf" "$rec" 2>/dev/null ||
			notok "$name $a: render"
		pdftotext -enc UTF-8 "$T/$name-$a.pdf" "$T/$name-$a.txt"
		# the allowed values the record's document shows
		: > "$T/shown.tsv"
		while IFS="$(printf '\t')" read -r x v; do
			tr -s ' \n' '  ' < "$T/$name-record.txt" | grep -qF -- "$v" && printf 'x\t%s\n' "$v" >> "$T/shown.tsv"
		done < "$T/$name-$a.tsv"
		[ -s "$T/shown.tsv" ] || notok "$name $a: the record's document shows none of the allowed values"
		if $CANON kept "$T/shown.tsv" x "$T/$name-$a.txt" > "$T/dmg"; then
			ok "$name $a: the document shows every allowed value the record's does ($(wc -l < "$T/shown.tsv"))"
		else
			notok "$name $a: allowed values damaged in the document"; sed 's/^/#   /' "$T/dmg"
		fi
	done
done

# the pack of every sample for every audience: names from ids, never REDACTED
mkdir -p "$T/cohort"
cp "$SAMPLES"/*.xml "$T/cohort/"
list=$(echo $audiences | tr ' ' ',')
check_exit 0 "pack every sample for every audience" "$PEPKIT" pack -q --audience "$list" \
	--format pdf,docx -o "$T/pack" "$T/cohort"
if find "$T/pack" | grep -q 'REDACTED'; then
	notok "a file or folder name contains REDACTED"; find "$T/pack" | grep REDACTED | head -n 5 | sed 's/^/#   /'
else
	ok "no file or folder name contains REDACTED"
fi
ids=$(for r in "$SAMPLES"/*.xml; do xmllint --xpath 'string(//child/school/@id)' "$r"; echo; done | sort -u)
for a in $audiences; do
	bad=""
	for dir in $(find "$T/pack/$a" -mindepth 1 -maxdepth 1 -type d | sed 's|.*/||'); do
		printf '%s\n' "$ids" | grep -qx -- "$dir" || [ "$dir" = withheld ] || bad="$bad $dir"
	done
	[ -z "$bad" ] && ok "pack $a: school folders are the records' school ids" ||
		notok "pack $a: folders not named by id:$bad"
done
done_testing
