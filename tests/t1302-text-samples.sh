# t1302: the hand-written samples with names in their own scripts (issue 15): an unaccompanied
# child with a Pashto name and a Dari voice paragraph, and one with a Tigrinya name. They are
# valid, their PEP1 PDFs show the names and the Dari paragraph as logical text (pdftotext, after
# NFKC and removing bidi controls; the Dari paragraph clause by clause, since poppler orders the
# clauses of a right-to-left line around its punctuation left to right), and every sample's PEP1 is a real subset: under 60 KB, the
# Cyrillic one under 70 KB. `pepkit sample` draws a share of names in Arabic script (Pashto,
# Dari, Urdu), Ethiopic (Tigrinya), Bengali and Gurmukhi, each with a Latin-script preferred
# name, and the pack renders them all with no character missing from the fonts.
. tests/lib.sh

D="$SRCDIR/tests/data/text"
check "pepkit validate accepts the Pashto sample" "$PEPKIT" validate "$SAMPLES/uasc-pashto.xml"
check "pepkit validate accepts the Tigrinya sample" "$PEPKIT" validate "$SAMPLES/uasc-tigrinya.xml"
check_grep "the Pashto sample is an unaccompanied child" "<unaccompanied-asylum-seeking>true" "$SAMPLES/uasc-pashto.xml"
check_grep "whose legal name is in Pashto" "<given>احمد ضیا</given><family>ځدراڼ</family>" "$SAMPLES/uasc-pashto.xml"
check_grep "with a Latin-script preferred name" "<preferred-name>Ahmad Zia</preferred-name>" "$SAMPLES/uasc-pashto.xml"
check_grep "and a voice paragraph in Dari" "<p>انشاهای انگلیسی سخت است" "$SAMPLES/uasc-pashto.xml"
check_grep "the Tigrinya sample's legal name is in Ethiopic" "<given>ዮናስ</given><family>ተስፋማርያም</family>" "$SAMPLES/uasc-tigrinya.xml"

for s in uasc-pashto uasc-tigrinya; do
	check_exit 0 "render $s as PEP1" "$PEPKIT" render -o "$T/$s.pdf" "$SAMPLES/$s.xml"
	check "qpdf --check accepts $s" qpdf --check "$T/$s.pdf"
	pdftotext -q "$T/$s.pdf" "$T/$s.txt"
done
printf 'pashto-name\tاحمد ضیا ځدراڼ\ndari-voice-1\tانشاهای انگلیسی سخت است\ndari-voice-2\tتاریخ هم سخت است\ndari-voice-3\tچون خواندن زیاد دارد\n' > "$T/p.tsv"
python3 "$D/extract.py" "$T/uasc-pashto.txt" "$T/p.tsv" > "$T/x.txt"
printf 'tigrinya-name\tዮናስ ተስፋማርያም\n' > "$T/t.tsv"
python3 "$D/extract.py" "$T/uasc-tigrinya.txt" "$T/t.tsv" >> "$T/x.txt"
cat "$T/x.txt"
grep -q '^not ok' "$T/x.txt" && _failures=$((_failures + 1))

for f in "$SAMPLES"/*.xml; do
	s=$(basename "$f" .xml)
	"$PEPKIT" render -o "$T/size-$s.pdf" "$f" 2>/dev/null
	n=$(stat -c %s "$T/size-$s.pdf" 2>/dev/null || echo 999999)
	limit=61440
	case "$s" in *cyrillic*) limit=71680 ;; esac
	[ "$n" -lt "$limit" ] && ok "$s PEP1 is $n bytes (under $((limit / 1024)) KB)" \
		|| notok "$s PEP1 is $n bytes (limit $((limit / 1024)) KB)"
done
# the generator
"$PEPKIT" sample -n 300 -s 7 -o "$T/coh" >/dev/null
check "the generated cohort is valid" "$PEPKIT" validate "$T/coh"
python3 - "$T/coh" > "$T/gen.txt" <<'PY'
import glob, re, sys, unicodedata
seen = {}
for f in sorted(glob.glob(sys.argv[1] + "/*.xml")):
    t = open(f, encoding="utf-8").read()
    given = re.search(r"<legal-name><given>([^<]*)</given>", t).group(1)
    pref = re.search(r"<preferred-name>([^<]*)</preferred-name>", t)
    for ch in given:
        for s in ("ARABIC", "ETHIOPIC", "BENGALI", "GURMUKHI"):
            if unicodedata.name(ch, "").startswith(s):
                seen.setdefault(s, []).append(pref.group(1) if pref else None)
for s in ("ARABIC", "ETHIOPIC", "BENGALI", "GURMUKHI"):
    prefs = seen.get(s, [])
    ok = prefs and all(p and re.fullmatch(r"[A-Za-z' -]+", p) for p in prefs)
    print("%s - sample: some legal names in %s script, each with a Latin preferred name (%d letters)"
          % ("ok" if ok else "not ok", s.title(), len(prefs)))
PY
cat "$T/gen.txt"
grep -q '^not ok' "$T/gen.txt" && _failures=$((_failures + 1))
check_exit 0 "pack renders the generated cohort" "$PEPKIT" pack -q -o "$T/pack" "$T/coh"
check_nogrep "no document with a character missing from the fonts" "in no font" "$T/pack/pack-report.csv"
done_testing
