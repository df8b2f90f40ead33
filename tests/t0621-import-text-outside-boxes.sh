#!/bin/sh
# t0621: text typed into a form where no box reads it is named, never silently dropped: a box
# whose content control was removed after typing (Word's "Remove Content Control": the text
# stays as paragraphs of the box's style) and a paragraph typed below a box (Enter after its
# label, or a Normal-style paragraph typed after a heading or pasted as text) make `import`
# fail naming the box's label, with nothing written (exit 1). Before, the
# import said "imported" and the text was not in the record. A removed box that held only its
# prompt, and the unchanged form, still import.
. tests/lib.sh
PY=/usr/bin/python3
UNWRAP=tests/data/docx/unwrap_box.py
REC=$SAMPLES/ks2-initial.xml
check "make the PEP1 form" "$PEPKIT" template --doc pep1 --from "$REC" --term 2025-autumn -o "$T/f.docx"
$PY "$UNWRAP" "$T/f.docx" "$T/gone.docx" term.dt-summary "Keep the reading support going." || notok "unwrap"
$PY "$UNWRAP" "$T/f.docx" "$T/below.docx" term.semh.summary "She has joined the choir." after || notok "type below"
$PY "$UNWRAP" "$T/f.docx" "$T/empty.docx" term.next-meeting "Enter text." || notok "unwrap empty"
$PY "$UNWRAP" "$T/f.docx" "$T/normal.docx" term.semh.summary "She has joined the choir." normal || notok "type below, Normal"
for f in gone below normal; do
	rm -f "$T/out.xml"
	check_exit 1 "$f: text outside the boxes is refused" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/out.xml" "$T/$f.docx"
	[ ! -e "$T/out.xml" ] && ok "... nothing written" || notok "... nothing written"
done
"$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/out.xml" "$T/gone.docx" 2>"$T/err"
check_grep "... the message names the box's label" "text typed outside the boxes, after 'Designated teacher summary'" "$T/err"
"$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/out.xml" "$T/below.docx" 2>"$T/err"
check_grep "... and below a box, the label before it" "outside the boxes, after '[^']*'" "$T/err"
check_nogrep "... never the text itself" "reading support|choir" "$T/err"
"$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/out.xml" "$T/normal.docx" 2>"$T/err"
check_grep "... in Word's Normal style too" "outside the boxes, after '[^']*'" "$T/err"
# the My Voice form's introduction is pepkit's own text (style PepkitText): the form imports;
# a form made before that style (its introduction in Normal, no PepkitText in its styles)
# still imports, and the Normal rule is not applied to it
check "make the My Voice form" "$PEPKIT" template --doc myvoice --from "$REC" --term 2025-autumn -o "$T/mv.docx"
rm -f "$T/out.xml"
check_exit 0 "... it imports unchanged" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/out.xml" "$T/mv.docx"
$PY - "$T/mv.docx" "$T/mv-old.docx" <<'PY' || notok "make an old-style form"
import sys, zipfile
src, dst = sys.argv[1:]
z = zipfile.ZipFile(src); files = {n: z.read(n) for n in z.namelist()}
d = files['word/document.xml'].decode()
assert '<w:pStyle w:val="PepkitText"/>' in d
files['word/document.xml'] = d.replace('<w:pPr><w:pStyle w:val="PepkitText"/></w:pPr>', '').replace('<w:pStyle w:val="PepkitText"/>', '').encode()
st = files['word/styles.xml'].decode()
i = st.index('<w:style w:type="paragraph" w:customStyle="1" w:styleId="PepkitText">')
files['word/styles.xml'] = (st[:i] + st[st.index('</w:style>', i) + len('</w:style>'):]).encode()
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as o:
    for n, b in files.items(): o.writestr(n, b)
PY
rm -f "$T/out.xml"
check_exit 0 "... and so does one made before PepkitText (its introduction in Normal)" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/out.xml" "$T/mv-old.docx"
rm -f "$T/out.xml"
check_exit 0 "a removed box that held only its prompt imports" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/out.xml" "$T/empty.docx"
rm -f "$T/out.xml"
check_exit 0 "the unchanged form imports" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/out.xml" "$T/f.docx"
check "... to a valid record" "$PEPKIT" validate "$T/out.xml"
done_testing
