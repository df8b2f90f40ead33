#!/bin/sh
# Attack: a My Voice of words with no break opportunity in a script HarfBuzz shapes (Arabic):
# paragraphs of one 20,000-letter word (valid: a paragraph holds up to 20,000 characters).
# The shaper's cluster loop scanned every glyph of the run for each cluster, so a paragraph
# cost the square of its length: 25 such paragraphs (1 MB) took 9.9 s of CPU to render, 50
# took 19.9 s, and the largest valid record (200, 8 MB) about 80 s per document. Exits 1 while
# 25 paragraphs take more than 2 s of CPU.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
python3 - samples/ks2-initial.xml "$t/r.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
v = '<child-voice>' + ''.join('<answer question="Q%d"><p>%s</p></answer>' % (i, '\u0628' * 20000) for i in range(25)) + '</child-voice>'
i = s.index('<child-voice'); j = s.index('</child-voice>') + len('</child-voice>')
open(sys.argv[2], "w", encoding="utf-8").write(s[:i] + v + s[j:])
PY
"$P" validate "$t/r.xml" >/dev/null 2>&1 || { echo "the record is not valid"; exit 2; }
/usr/bin/time -f '%U %S' -o "$t/time" timeout 120 "$P" render -o "$t/c.pdf" "$t/r.xml" 2>/dev/null
cpu=$(awk '{ print $1 + $2 }' "$t/time" | tail -n 1)
if awk -v c="$cpu" 'BEGIN { exit !(c > 2) }'; then
	echo "DEFECT: 25 paragraphs of one long Arabic word took $cpu s of CPU to render"
	exit 1
fi
exit 0
