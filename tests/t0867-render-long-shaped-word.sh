#!/bin/sh
# t0867: words with no break opportunity in a script HarfBuzz shapes cost time linear in their
# length. A record whose My Voice holds 50 paragraphs of one 20,000-letter Arabic word (2 MB,
# valid) renders as PDF within 3 s of CPU (user+sys from GNU time, as t0903; the quadratic
# cluster loop took about 20 s) and as DOCX; the PDF passes qpdf --check, embeds Noto Sans
# Arabic, and pdftotext and python-docx read every letter back (1,000,000). Under SAN=1 the
# figures are printed, not held to the budget.
. tests/lib.sh
strict=1
case "${PEPKIT_BUILD:-build}" in *san*) strict=0 ;; esac
python3 - "$SAMPLES/ks2-initial.xml" "$T/r.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
ps = ['<p>%s</p>' % ('\u0628' * 20000)] * 50
v = '<child-voice>' + ''.join('<answer question="Q%d">%s</answer>' % (i, ''.join(ps[i * 2:i * 2 + 2])) for i in range(25)) + '</child-voice>'
i = s.index('<child-voice'); j = s.index('</child-voice>') + len('</child-voice>')
open(sys.argv[2], "w", encoding="utf-8").write(s[:i] + v + s[j:])
PY
check "the record is valid" "$PEPKIT" validate "$T/r.xml"
/usr/bin/time -f '%U %S %M' -o "$T/time" timeout 300 "$PEPKIT" render -o "$T/c.pdf" "$T/r.xml" 2>"$T/err"
rc=$?
read -r u s m < "$T/time" 2>/dev/null || { u=0 s=0 m=0; }
cpu=$(echo "$u $s" | awk '{ printf "%.2f", $1 + $2 }')
echo "# render PDF: $cpu s CPU, peak $((m / 1024)) MB (exit $rc)"
[ $rc -eq 0 ] && ok "render the PDF" || notok "render the PDF (exit $rc): $(head -c 300 "$T/err")"
[ $strict -eq 0 ] || { awk -v c="$cpu" 'BEGIN { exit !(c <= 3) }' && ok "... within 3 s of CPU ($cpu s)" || notok "... within 3 s of CPU ($cpu s)"; }
check "... qpdf --check" qpdf --check "$T/c.pdf"
pdffonts "$T/c.pdf" > "$T/fonts" 2>&1
check_grep "... embeds Noto Sans Arabic" "NotoSansArabic" "$T/fonts"
n=$(pdftotext "$T/c.pdf" - | python3 -c 'import sys; print(sys.stdin.read().count("\u0628"))')
[ "$n" = 1000000 ] && ok "... pdftotext reads every letter" || notok "... pdftotext reads $n letters of 1000000"
check "render the DOCX" timeout 300 "$PEPKIT" render --format docx -o "$T/c.docx" "$T/r.xml"
n=$(/usr/bin/python3 -c 'import docx, sys; print(sum(p.text.count("\u0628") for p in docx.Document(sys.argv[1]).paragraphs))' "$T/c.docx")
[ "$n" = 1000000 ] && ok "... python-docx reads every letter" || notok "... python-docx reads $n letters of 1000000"
done_testing
