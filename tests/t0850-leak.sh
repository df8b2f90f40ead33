#!/bin/sh
# t0850-leak: the leak test of issue 5. The canary record (tests/data/redact/canary.xml: every
# confidential field holds a canary value from canaries.tsv, ASCII and Unicode, long and short,
# repeated in ordinary free text; a location-confidential placement) is rendered for every
# shipped audience as PDF and DOCX, PEP1 and PEP2. For each canary the audience may not see,
# leakscan.py searches: pdftotext output, the PDF after `qpdf --qdf --object-streams=disable`
# (every stream decompressed), PDF Info (pdfinfo) and XMP (pdfinfo -meta), every DOCX part after
# unzip plus the DOCX text read by python-docx, the output files themselves, their file names,
# and everything the command wrote to stderr or to log files, in UTF-8, UTF-16BE/LE, XML- and
# PDF-escaped forms: zero hits. The record copies must contain every canary (so this test can
# fail). Non-record copies carry no child name in file names or document properties. Redacted
# PDFs have no annotations, embedded files or incremental updates; redacted DOCX hold only the
# parts pepkit writes, with no comments or tracked changes.
# The same scans run over `pepkit pack --audience ALL` (folder and file names, redaction logs).
# Issue 10's adversarial cases (other spellings, parts, markup splits, the school's identifiers,
# over-redaction) are t0851 and t0852. Skipped (one "ok - skipped" line) while `pepkit render`
# has no --audience option or a stage
# it needs is still a placeholder ("not implemented yet").
. tests/lib.sh

if ! "$PEPKIT" render --help 2>/dev/null | grep -q -- '--audience'; then
	ok "skipped: 'pepkit render --audience' is not available yet"
	done_testing
fi
# Also skipped while a stage render needs is still a placeholder (it says "not implemented
# yet"); any other failure of this probe is left to the checks below.
for fmt in pdf docx; do
	"$PEPKIT" render --audience record --format "$fmt" -o "$T/probe.$fmt" tests/data/redact/canary.xml \
		>/dev/null 2>"$T/probe.err"
	if grep -q 'not implemented yet' "$T/probe.err"; then
		ok "skipped: render is not complete yet ($(head -n 1 "$T/probe.err" | sed 's/^pepkit: error: //'))"
		done_testing
	fi
done

REC=tests/data/redact/canary.xml
CAN=tests/data/redact/canaries.tsv
SCAN="/usr/bin/python3 tests/data/redact/leakscan.py"
GIVEN='Adaeze'
FAMILY='Þórsdóttir-Nwosu'
printf 'child-name\t%s\nchild-name\t%s\n' "$GIVEN" "$FAMILY" > "$T/names.tsv"
# DOCX parts pepkit may write; anything else in a redacted DOCX is a failure
PARTS='^(\[Content_Types\]\.xml|_rels/\.rels|word/_rels/document\.xml\.rels|word/(document|styles|numbering|settings|fontTable|webSettings)\.xml|word/(header|footer)[0-9]*\.xml|word/_rels/(header|footer)[0-9]*\.xml\.rels|word/theme/theme[0-9]*\.xml|docProps/(core|app)\.xml)$'

# allowed AUDIENCE: the categories the shipped profile lets its reader see, comma-separated,
# plus school-location (canaries.tsv's category for the school) if that reader may know it
allowed() {
	f="templates/audiences/$1.xml"
	xmllint --xpath '//allow/@category' "$f" 2>/dev/null |
		sed 's/ *category="\([^"]*\)"/\1,/g' | tr -d '\n'
	[ "$(xmllint --xpath 'count(//knows-school|//allow[@category="placement-address"])' "$f")" != 0 ] &&
		printf 'school-location'
}

# extract_pdf PDF DIR: text, decompressed file, Info and XMP into DIR; structure checks
extract_pdf() {
	pdftotext -enc UTF-8 "$1" "$2/text.txt" 2>/dev/null || notok "pdftotext '$1'"
	qpdf --qdf --object-streams=disable "$1" "$2/qdf.pdf" 2>/dev/null
	[ $? -le 3 ] && [ -s "$2/qdf.pdf" ] || notok "qpdf --qdf '$1'"
	pdfinfo -enc UTF-8 "$1" > "$2/info.txt" 2>&1
	pdfinfo -meta "$1" > "$2/xmp.txt" 2>&1
}

# check_pdf_clean PDF DIR: no annotations, embedded files, scripts or incremental updates
check_pdf_clean() {
	check "qpdf --check $3" qpdf --check "$1"
	n=$(grep -ac '%%EOF' "$1")
	[ "$n" -eq 1 ] && ok "$3: one %%EOF (no incremental update)" || notok "$3: $n %%EOF markers"
	n=$(grep -ac 'startxref' "$1")
	[ "$n" -eq 1 ] && ok "$3: one startxref" || notok "$3: $n startxref"
	if grep -aEq '/(Annots|Annot|EmbeddedFiles?|FileAttachment|JavaScript|JS|Launch)\b' "$2/qdf.pdf"; then
		notok "$3: has annotations, embedded files or scripts"
	else
		ok "$3: no annotations, embedded files or scripts"
	fi
}

# extract_docx DOCX DIR: every part unzipped, plus the text python-docx reads; structure checks
extract_docx() {
	mkdir -p "$2/parts"
	unzip -qq -o "$1" -d "$2/parts" || notok "unzip '$1'"
	/usr/bin/python3 - "$1" > "$2/text.txt" 2>&1 <<'PY' || notok "python-docx reads '$1'"
import sys, docx
d = docx.Document(sys.argv[1])
def cells(tables):
    for t in tables:
        for r in t.rows:
            for c in r.cells:
                yield from (p.text for p in c.paragraphs)
                yield from cells(c.tables)
for p in d.paragraphs: print(p.text)
for s in cells(d.tables): print(s)
for sec in d.sections:
    for hf in (sec.header, sec.footer):
        for p in hf.paragraphs: print(p.text)
cp = d.core_properties
for k in ("title", "subject", "author", "keywords", "comments", "category", "last_modified_by"):
    print(getattr(cp, k) or "")
PY
}

check_docx_clean() {
	bad=$(unzip -Z1 "$1" | grep -Ev "$PARTS")
	[ -z "$bad" ] && ok "$2: only pepkit's parts" || notok "$2: unexpected parts: $bad"
	if unzip -p "$1" 'word/*.xml' | grep -Eq '<w:(ins|del|moveFrom|moveTo|commentReference|commentRangeStart)[ >]'; then
		notok "$2: has tracked changes or comments"
	else
		ok "$2: no tracked changes or comments"
	fi
}

audiences=$(ls templates/audiences/*.xml | sed 's|.*/||; s|\.xml$||')
for a in $audiences; do
	out="$T/outputs/$a"
	corp="$T/corpus/$a"
	meta="$T/meta/$a"
	mkdir -p "$out" "$corp" "$meta"
	for fmt in pdf docx; do
		for doc in pep1 pep2; do
			f="$out/LA-CANARY-7-$doc.$fmt"
			check_exit 0 "render $a $doc $fmt" "$PEPKIT" render --audience "$a" --format "$fmt" \
				--doc "$doc" -o "$f" "$REC"
			cp "$T/err" "$out/$doc-$fmt.stderr"
			cp "$T/out" "$out/$doc-$fmt.stdout"
			[ -s "$f" ] || { notok "$a $doc $fmt: no output"; continue; }
			mkdir -p "$corp/$doc-$fmt"
			if [ "$fmt" = pdf ]; then
				extract_pdf "$f" "$corp/$doc-$fmt"
				cp "$corp/$doc-$fmt/info.txt" "$corp/$doc-$fmt/xmp.txt" "$meta/" 2>/dev/null
				mv "$meta/info.txt" "$meta/$doc-info.txt"; mv "$meta/xmp.txt" "$meta/$doc-xmp.txt"
				[ "$a" = record ] || check_pdf_clean "$f" "$corp/$doc-$fmt" "$a $doc pdf"
			else
				extract_docx "$f" "$corp/$doc-$fmt"
				mkdir -p "$meta/$doc-docProps"
				cp "$corp/$doc-$fmt/parts/docProps/"* "$meta/$doc-docProps/" 2>/dev/null
				[ "$a" = record ] || check_docx_clean "$f" "$a $doc docx"
			fi
		done
	done
	if [ "$a" = record ]; then
		$SCAN present "$CAN" "$corp" > "$T/present" 2>&1
		if [ $? -eq 0 ]; then ok "record copies show every canary"
		else notok "record copies lack canaries (the leak test could not fail)"; sed 's/^/#   /' "$T/present"; fi
		continue
	fi
	$SCAN leaks "$CAN" "$(allowed "$a")" "$out" "$corp" > "$T/hits" 2>&1
	if [ $? -eq 0 ]; then ok "$a: no withheld canary in outputs, extractions, names or logs"
	else notok "$a: withheld canaries found"; head -n 30 "$T/hits" | sed 's/^/#   /'; fi
	# the child's name: never in non-record file names or document properties
	find "$out" > "$meta/file-names.txt"
	$SCAN leaks "$T/names.tsv" "" "$meta" > "$T/hits" 2>&1
	if [ $? -eq 0 ]; then ok "$a: no child name in file names or document properties"
	else notok "$a: child name in file names or document properties"; head -n 10 "$T/hits" | sed 's/^/#   /'; fi
done

# The pack: one copy per reader in folders per audience. Folder and file names (the school
# folder comes from school/@id, a canary here), redaction logs and documents are scanned too.
mkdir -p "$T/cohort"
cp "$REC" "$T/cohort/"
list=$(echo $audiences | tr ' ' ',')
check_exit 0 "pack for every audience" "$PEPKIT" pack -q --audience "$list" --format pdf,docx \
	--doc pep1,pep2 -o "$T/pack" "$T/cohort"
for a in $audiences; do
	if [ ! -d "$T/pack/$a" ]; then notok "pack has a folder for $a"; continue; fi
	n=$(find "$T/pack/$a" -type f \( -name '*.pdf' -o -name '*.docx' \) | wc -l)
	[ "$n" -eq 4 ] && ok "pack: 4 documents for $a" || notok "pack: $n documents for $a, expected 4"
	[ "$a" = record ] && continue
	pc="$T/packcorpus/$a"
	mkdir -p "$pc"
	i=0
	for f in $(find "$T/pack/$a" -type f \( -name '*.pdf' -o -name '*.docx' \)); do
		i=$((i + 1))
		mkdir -p "$pc/$i"
		case "$f" in
		*.pdf) extract_pdf "$f" "$pc/$i" ;;
		*.docx) extract_docx "$f" "$pc/$i" ;;
		esac
	done
	$SCAN leaks "$CAN" "$(allowed "$a")" "$T/pack/$a" "$pc" > "$T/hits" 2>&1
	if [ $? -eq 0 ]; then ok "pack $a: no withheld canary in folders, names, logs or documents"
	else notok "pack $a: withheld canaries found"; head -n 30 "$T/hits" | sed 's/^/#   /'; fi
	mkdir -p "$T/packmeta/$a"
	find "$T/pack/$a" > "$T/packmeta/$a/file-names.txt"
	cat "$pc"/*/info.txt "$pc"/*/xmp.txt "$pc"/*/parts/docProps/*.xml > "$T/packmeta/$a/props.txt" 2>/dev/null
	$SCAN leaks "$T/names.tsv" "" "$T/packmeta/$a" > "$T/hits" 2>&1
	if [ $? -eq 0 ]; then ok "pack $a: no child name in file names or document properties"
	else notok "pack $a: child name in file names or document properties"; head -n 10 "$T/hits" | sed 's/^/#   /'; fi
done
done_testing
