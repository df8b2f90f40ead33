# t0204: PEP1's attainment table shows a progress indicator per subject (the path from the
# baseline to the end-of-year target, defined in stylesheets/common.xsl "progress") and a chart
# per core subject across the record's terms; both reach the PDF (pdftotext) and the DOCX (the
# chart as a table, read with python-docx). Also: PEP2's apologies leave out an empty role,
# and PEP1's exclusions "Days" header is not broken.
. tests/lib.sh

KS4="$SAMPLES/ks4-ehcp-exclusions.xml"
XSD="$SRCDIR/schemas/document.xsd"

ROW='//table[head/cell[1]="Subject"]/row'
CHART='//chart[@title="English: results by term"]'

# --- the KS4 sample: GCSE English summer 3, autumn 4, target 5 ---
o="$T/ks4.xml"
check "ks4: pep1 IR" ir "$o" "$KS4"
check "ks4: IR validates against document.xsd" xmllint --noout --schema "$XSD" "$o"
is "ks4: progress column heading" "$o" '//table/head[cell[1]="Subject"]/cell[6]' "Progress"
is "ks4: English 3 -> 4 towards 5 is on track" "$o" "$ROW[cell[1]='English']/cell[6]" "On track"
is "ks4: Science 2 -> 3 towards 4 is on track" "$o" "$ROW[cell[1]='Science']/cell[6]" "On track"
is "ks4: the note under the table defines the indicator" "$o" \
	"contains(//table[head/cell[1]='Subject']/following-sibling::p[1], 'On track: this term')" true
is "ks4: one chart per core subject" "$o" 'count(//chart)' 3
is "ks4: English chart on the GCSE scale" "$o" "concat($CHART/@min, '-', $CHART/@max)" "0-9"
is "ks4: English chart points by term" "$o" \
	"concat($CHART/series[@name='English']/point[1]/@label, '=', $CHART/series/point[1]/@value, ' ', $CHART/series/point[2]/@label, '=', $CHART/series/point[2]/@value)" \
	"Summer 2025=3 Autumn 2025=4"
is "ks4: Science chart points" "$o" "concat(//chart[@title='Science: results by term']/series/point[1]/@value, ',', //chart[@title='Science: results by term']/series/point[2]/@value)" "2,3"
is "ks4: U is named on the axis" "$o" "$CHART/tick[@value=0]/@label" "U"

# --- the other outcomes, by changing this term's English result ---
sed 's|<result subject="English" scale="gcse" current="4" target="5"/>|<result subject="English" scale="gcse" current="3" target="5"/>|' "$KS4" >"$T/below.xml"
check "below: pep1 IR" ir "$T/below.ir" "$T/below.xml"
is "below: no progress since the baseline is below expected" "$T/below.ir" "$ROW[cell[1]='English']/cell[6]" "Below expected"
sed 's|<result subject="English" scale="gcse" current="4" target="5"/>|<result subject="English" scale="gcse" current="5" target="5"/>|' "$KS4" >"$T/above.xml"
check "above: pep1 IR" ir "$T/above.ir" "$T/above.xml"
is "above: the end-of-year target reached in autumn is above expected" "$T/above.ir" "$ROW[cell[1]='English']/cell[6]" "Above expected"
is "above: Maths unchanged, still on track" "$T/above.ir" "$ROW[cell[1]='Maths']/cell[6]" "On track"
sed -e 's|<result subject="Science" scale="gcse" current="2" target="4"/>|<result subject="Science" scale="gcse" current="4" target="4"/>|' \
    -e 's|<result subject="Science" scale="gcse" current="3" target="4"/>|<result subject="Science" scale="gcse" current="4" target="4"/>|' "$KS4" >"$T/held.xml"
check "held: pep1 IR" ir "$T/held.ir" "$T/held.xml"
is "held: at the target since the baseline is on track, not above" "$T/held.ir" "$ROW[cell[1]='Science']/cell[6]" "On track"
# teacher assessment codes: an ordinal scale, plotted by position with the codes as ticks
sed -e 's|<result subject="English" scale="gcse" current="3" target="5"/>|<result subject="English" aspect="Reading" scale="ks-ta" current="WTS" target="GDS"/>|' \
    -e 's|<result subject="English" scale="gcse" current="4" target="5"/>|<result subject="English" aspect="Reading" scale="ks-ta" current="EXS" target="GDS"/>|' "$KS4" >"$T/ta.xml"
check "ta: pep1 IR" ir "$T/ta.ir" "$T/ta.xml"
check "ta: IR validates against document.xsd" xmllint --noout --schema "$XSD" "$T/ta.ir"
is "ta: WTS -> EXS towards GDS is on track" "$T/ta.ir" "$ROW[cell[1]='English – Reading']/cell[6]" "On track"
is "ta: chart points are positions with the codes as text" "$T/ta.ir" \
	"concat($CHART/series[@name='English – Reading']/point[1]/@value, $CHART/series/point[1]/@text, ' ', $CHART/series/point[2]/@value, $CHART/series/point[2]/@text)" "8WTS 9EXS"
is "ta: axis ticks name the codes" "$T/ta.ir" "concat($CHART/tick[@value=8]/@label, ' ', $CHART/tick[@value=10]/@label)" "WTS GDS"
is "ta: a note explains the positions" "$T/ta.ir" "contains($CHART/following-sibling::p[1], '9 = EXS')" true
# codes off any ordered scale, and a subject new this term: no indicator, no chart
check "history: pep1 IR" ir "$T/hist.ir" "$SRCDIR/tests/data/transform/history.xml"
is "history: codes off an ordered scale give no indicator" "$T/hist.ir" "$ROW[cell[1]='English – Reading']/cell[6]" "–"
is "history: no chart without plottable results" "$T/hist.ir" 'count(//chart)' 0

# --- PDF: the indicator words and the charts are drawn ---
check "ks4: PDF renders" "$PEPKIT" render -o "$T/ks4.pdf" "$KS4"
check "ks4: qpdf --check" qpdf --check "$T/ks4.pdf"
pdftotext -layout "$T/ks4.pdf" "$T/ks4.txt" 2>/dev/null
check_grep "pdf: indicator in the table" "English +3 +3 +4 +5 +On track" "$T/ks4.txt"
check_grep "pdf: chart titles" "English: results by term" "$T/ks4.txt"
check_grep "pdf: chart term labels" "Summer 2025 +Autumn 2025" "$T/ks4.txt"
check "below: PDF renders" "$PEPKIT" render --no-validate -o "$T/below.pdf" "$T/below.xml"
pdftotext -layout "$T/below.pdf" "$T/below.txt" 2>/dev/null
check_grep "pdf: Below expected shown" "Below expected" "$T/below.txt"
check_grep "pdf: exclusions Days header on one line" "Type +Start +Days +Reason" "$T/ks4.txt"

# --- DOCX: each chart's data as a table ---
check "ks4: DOCX renders" "$PEPKIT" render --format docx -o "$T/ks4.docx" "$KS4"
check "docx: progress column and chart tables (python-docx)" /usr/bin/python3 - "$T/ks4.docx" <<'PY'
import sys, docx
d = docx.Document(sys.argv[1])
tables = [[[c.text for c in r.cells] for r in t.rows] for t in d.tables]
att = [t for t in tables if t[0][:1] == ['Subject'] and 'Progress' in t[0]]
assert att and att[0][1] == ['English', '3', '3', '4', '5', 'On track'], att
charts = {t[0][1]: t[1:] for t in tables if t[0][0] == 'Term'}
assert charts.get('English (grade)') == [['Summer 2025', '3'], ['Autumn 2025', '4']], charts
assert charts.get('Science (grade)') == [['Summer 2025', '2'], ['Autumn 2025', '3']], charts
PY

check "ta: PDF renders" "$PEPKIT" render --no-validate -o "$T/ta.pdf" "$T/ta.xml"
pdftotext -q "$T/ta.pdf" "$T/ta.txt"
check_grep "pdf: a coded scale's chart labels its axis with the codes" "^PK6$" "$T/ta.txt"
check_grep "pdf: ... including HNM between PK6 and WTS" "^HNM$" "$T/ta.txt"
check "ta: DOCX renders" "$PEPKIT" render --no-validate --format docx -o "$T/ta.docx" "$T/ta.xml"
check "docx: a coded scale's chart table shows the codes, not positions" /usr/bin/python3 - "$T/ta.docx" <<'PY'
import sys, docx
d = docx.Document(sys.argv[1])
tables = [[[c.text for c in r.cells] for r in t.rows] for t in d.tables]
charts = {t[0][1]: t[1:] for t in tables if t[0][0] == 'Term'}
rows = [v for k, v in charts.items() if k.startswith('English')]
assert rows and rows[0] == [['Summer 2025', 'WTS'], ['Autumn 2025', 'EXS']], charts
PY

# --- PEP2: an absent person whose role redaction dropped has no empty brackets ---
sed -e 's|<person id="c1" role="carer" confidential="third-party" redacted="third-party"/>|<person id="c1" redacted="third-party"/>|' \
    -e 's|<attendee person="c1" present="true"/>|<attendee person="c1" present="false"/>|' \
    "$SRCDIR/tests/data/transform/redacted-ks4.xml" >"$T/noroles.xml"
check "pep2: IR of a record with a role-less redacted person" ir "$T/noroles.ir" "$T/noroles.xml" --doc pep2
is "pep2: the apology shows no empty brackets" "$T/noroles.ir" \
	"//h[.='Apologies']/following-sibling::list[1]/item[starts-with(., '[REDACTED]')]" "[REDACTED]"
check_nogrep "pep2: no '()' anywhere" "\(\)" "$T/noroles.ir"
is "pep2: a person with a role keeps it" "$T/noroles.ir" \
	"//h[.='Apologies']/following-sibling::list[1]/item[starts-with(., 'Chidi')]" "Chidi Okonkwo (Virtual School adviser): written comments"
done_testing
