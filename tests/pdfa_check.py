#!/usr/bin/python3
# tests/pdfa_check.py PDF WORKDIR: check the PDF/A-2b (ISO 19005-2) rules that apply to what
# pepkit writes, with tools nobody here wrote: qpdf (--check, --json), xmllint (XMP), pdffonts
# and fontTools. No PDF/A validator is packaged for Debian 12, so each rule is named below and
# checked on its own. Prints "ok - RULE ..." / "not ok - RULE ..." lines (TAP, as tests/lib.sh).
#
# Rules checked:
#   6.1.2   header %PDF-1.n then a comment line of at least four bytes > 127
#   6.1.3   trailer has /ID (two 16-byte strings), no /Encrypt; nothing but an EOL after %%EOF
#   6.1.7   streams well formed (qpdf --check: lengths, filters, xref)
#   6.2.2   catalog /OutputIntents has a /GTS_PDFA1 intent with a DestOutputProfile
#   6.2.3   the DestOutputProfile is an ICC profile ('acsp'), its colour space RGB and /N 3
#   6.2.11.4 every font is embedded (pdffonts: emb yes), FontFile2 present on each descriptor
#   6.2.11.5 glyph widths in /W agree with the embedded font program's advance widths
#           (through CIDToGIDMap; within 1/1000 em)
#   6.1.11/6.6.1 no /JavaScript, /AA, /OpenAction or /A actions, no /EmbeddedFiles
#   6.6.2.1 catalog /Metadata is a /Type /Metadata /Subtype /XML stream without /Filter,
#           a well-formed XMP packet (xmllint) with xpacket header and trailer
#   6.6.2.3 (identification) pdfaid:part = 2, pdfaid:conformance = B
#   6.6.3   Info entries equal their XMP properties: Title = dc:title, Subject =
#           dc:description, Creator = xmp:CreatorTool, Producer = pdf:Producer, Keywords =
#           pdf:Keywords, CreationDate = xmp:CreateDate, ModDate = xmp:ModifyDate
import json, os, re, subprocess, sys, io

pdf, work = sys.argv[1], sys.argv[2]
failures = 0


def result(good, desc):
    global failures
    print(("ok - " if good else "not ok - ") + desc)
    if not good:
        failures += 1


raw = open(pdf, 'rb').read()
result(re.match(rb'%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}', raw) is not None, '6.1.2 header and binary comment')
result(re.search(rb'%%EOF\r?\n?$', raw) is not None, '6.1.3 nothing after %%EOF but an EOL')

chk = subprocess.run(['qpdf', '--check', pdf], capture_output=True, text=True)
result(chk.returncode == 0 and 'No syntax or stream encoding errors' in chk.stdout, '6.1.7 qpdf --check finds no errors')

prefix = os.path.join(work, 'stream')
js = subprocess.run(['qpdf', '--json=2', '--json-stream-data=file', '--json-stream-prefix=' + prefix, pdf],
                    capture_output=True, text=True)
j = json.loads(js.stdout)
objs = j['qpdf'][1]
trailer = objs['trailer']['value']


def get(ref):
    """The value of an indirect reference ('N 0 R') or the value itself."""
    if isinstance(ref, str) and re.fullmatch(r'\d+ \d+ R', ref):
        o = objs['obj:' + ref]
        return o.get('value', o.get('stream'))
    return ref


def sdict(ref):
    return objs['obj:' + ref]['stream']['dict']


def sdata(ref):
    return open(objs['obj:' + ref]['stream']['datafile'], 'rb').read()


def text(v):
    v = get(v)
    return v[2:] if isinstance(v, str) and v[:2] in ('u:', 'b:') else v


ids = trailer.get('/ID')
result(isinstance(ids, list) and len(ids) == 2 and all(len(text(x)) == 32 for x in ids), '6.1.3 trailer /ID present')
result('/Encrypt' not in trailer, '6.1.3 no /Encrypt')

catalog = get(trailer['/Root'])
intents = get(catalog.get('/OutputIntents', []))
pdfa_intents = [get(i) for i in intents if get(i).get('/S') == '/GTS_PDFA1']
result(len(pdfa_intents) == 1 and '/DestOutputProfile' in pdfa_intents[0], '6.2.2 one GTS_PDFA1 OutputIntent with DestOutputProfile')
if pdfa_intents:
    ref = pdfa_intents[0]['/DestOutputProfile']
    icc = sdata(ref)
    result(len(icc) >= 128 and icc[36:40] == b'acsp' and icc[16:20] == b'RGB ' and sdict(ref).get('/N') == 3 and
           int.from_bytes(icc[0:4], 'big') == len(icc), '6.2.3 DestOutputProfile is an RGB ICC profile with /N 3')

# every object, for the forbidden keys
dump = json.dumps(objs)
for key in ('/JavaScript', '/AA', '/OpenAction', '/EmbeddedFiles', '/Launch'):
    result('"%s"' % key not in dump, '6.1.11/6.6.1 no %s' % key)
result(not any(isinstance(o.get('value'), dict) and '/A' in o['value'] for o in objs.values()), '6.6.1 no /A actions')

# fonts
pf = subprocess.run(['pdffonts', pdf], capture_output=True, text=True).stdout.splitlines()[2:]
result(len(pf) > 0 and all(l.split()[-5] == 'yes' for l in pf), '6.2.11.4 pdffonts: every font embedded (%d fonts)' % len(pf))
try:
    from fontTools.ttLib import TTFont
    bad = []
    nfonts = 0
    for k, o in objs.items():
        v = o.get('value')
        if not (isinstance(v, dict) and v.get('/Subtype') == '/CIDFontType2'):
            continue
        nfonts += 1
        fd = get(v['/FontDescriptor'])
        if '/FontFile2' not in fd:
            bad.append('%s: no FontFile2' % k)
            continue
        font = TTFont(io.BytesIO(sdata(fd['/FontFile2'])))
        upm = font['head'].unitsPerEm
        # advances straight from the raw 'hmtx' table (by glyph id: no glyph names needed)
        nhm = font['hhea'].numberOfHMetrics
        hraw = font.reader['hmtx']
        m = v.get('/CIDToGIDMap', '/Identity')
        gmap = None if m == '/Identity' else sdata(m)

        def adv(cid):
            gid = cid if gmap is None else (int.from_bytes(gmap[2 * cid:2 * cid + 2], 'big') if 2 * cid + 2 <= len(gmap) else 0)
            g = min(gid, nhm - 1)
            return int.from_bytes(hraw[4 * g:4 * g + 2], 'big') * 1000.0 / upm

        w = get(v.get('/W', []))
        i = 0
        checked = 0
        while i < len(w):
            c = w[i]
            if isinstance(w[i + 1], list):
                for n, x in enumerate(w[i + 1]):
                    checked += 1
                    if abs(adv(c + n) - x) > 1:
                        bad.append('%s cid %d: /W %s, font %.1f' % (k, c + n, x, adv(c + n)))
                i += 2
            else:
                for cid in range(c, w[i + 1] + 1):
                    checked += 1
                    if abs(adv(cid) - w[i + 2]) > 1:
                        bad.append('%s cid %d: /W %s, font %.1f' % (k, cid, w[i + 2], adv(cid)))
                i += 3
        if checked == 0:
            bad.append('%s: empty /W' % k)
    result(nfonts > 0 and not bad, '6.2.11.5 /W widths agree with the embedded fonts\' advances (%d fonts)%s' %
           (nfonts, '; ' + '; '.join(bad[:5]) if bad else ''))
except ImportError:
    result(False, '6.2.11.5 fontTools (python3-fonttools) is installed')

# XMP
meta = catalog.get('/Metadata')
md = sdict(meta) if meta else {}
result(meta is not None and md.get('/Type') == '/Metadata' and md.get('/Subtype') == '/XML' and '/Filter' not in md,
       '6.6.2.1 catalog /Metadata is an unfiltered /Metadata /XML stream')
xmp = sdata(meta) if meta else b''
xmpfile = os.path.join(work, 'xmp.xml')
open(xmpfile, 'wb').write(xmp)
result(subprocess.run(['xmllint', '--noout', '--nonet', xmpfile]).returncode == 0, '6.6.2.1 XMP is well-formed XML (xmllint)')
result(xmp.startswith(b'<?xpacket begin=') and xmp.rstrip().endswith(b'<?xpacket end="w"?>'), '6.6.2.1 XMP packet header and trailer')
NS = ('--xpath',)


def xp(expr):
    r = subprocess.run(['xmllint', '--nonet', '--xpath', 'string(%s)' % expr, xmpfile], capture_output=True, text=True)
    return r.stdout.rstrip('\n')


def prop(ns, uri, local):
    return xp("//*[local-name()='%s' and namespace-uri()='%s']" % (local, uri))


def alt(uri, local):
    return xp("//*[local-name()='%s' and namespace-uri()='%s']/*/*[local-name()='li']" % (local, uri))


PDFAID = 'http://www.aiim.org/pdfa/ns/id/'
result(prop('pdfaid', PDFAID, 'part') == '2' and prop('pdfaid', PDFAID, 'conformance') == 'B',
       '6.6.2.3 pdfaid:part 2, pdfaid:conformance B')
info = get(trailer.get('/Info')) or {}
DC, XMPNS, PDFNS = 'http://purl.org/dc/elements/1.1/', 'http://ns.adobe.com/xap/1.0/', 'http://ns.adobe.com/pdf/1.3/'


def pdfdate_to_xmp(d):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'(\d\d)'?|Z)", d)
    if not m:
        return None
    g = m.groups()
    tz = 'Z' if g[6] is None else '%s%s:%s' % (g[6], g[7], g[8])
    return '%s-%s-%sT%s:%s:%s%s' % (g[0], g[1], g[2], g[3], g[4], g[5], tz)


pairs = [('/Title', alt(DC, 'title')), ('/Subject', alt(DC, 'description')), ('/Creator', prop('xmp', XMPNS, 'CreatorTool')),
         ('/Producer', prop('pdf', PDFNS, 'Producer')), ('/Keywords', prop('pdf', PDFNS, 'Keywords'))]
for key, val in pairs:
    if key in info:
        result(text(info[key]) == val, '6.6.3 Info %s equals its XMP property (%r)' % (key, val[:40]))
for key, local in (('/CreationDate', 'CreateDate'), ('/ModDate', 'ModifyDate')):
    if key in info:
        want = pdfdate_to_xmp(text(info[key]))
        result(want is not None and want == prop('xmp', XMPNS, local), '6.6.3 Info %s equals xmp:%s (%s)' % (key, local, want))
result('/Title' in info and alt(DC, 'title') != '', '6.6.3 document has a title in Info and XMP')
sys.exit(1 if failures else 0)
