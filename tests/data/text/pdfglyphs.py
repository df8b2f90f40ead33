#!/usr/bin/env python3
"""pdfglyphs.py PDF NAMES.TSV: for each name (key TAB text), check that the glyph ids a pepkit
PDF draws on its first page contain, contiguously and in drawing (visual) order, the glyphs
hb-shape (libharfbuzz-bin, --output-format=json) gives for the same text and font. The font of a
name is the embedded font whose glyphs match; its file is found from its BaseFont
(/usr/share/fonts/truetype/{dejavu,noto}/NAME.ttf). Prints "ok - ..." / "not ok - ..." lines
(TAP-like, as tests/lib.sh does). Reads the PDF through `qpdf --qdf` (uncompressed streams)."""
import json, os, re, subprocess, sys, tempfile

def objects(pdf):
    with tempfile.TemporaryDirectory() as d:
        q = os.path.join(d, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=uncompress",
                        pdf, q], check=False)
        data = open(q, "rb").read()
    objs = {}
    for m in re.finditer(rb"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S):
        objs[int(m.group(1))] = m.group(2)
    return objs

def stream(body):
    m = re.search(rb"stream\n(.*)\nendstream", body, re.S)
    return m.group(1) if m else b""

TOK = re.compile(rb"<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]<>()]+|\((?:\\.|[^\\)])*\)|[-+]?\d*\.?\d+|[A-Za-z'\"*]+")

def first_page_glyphs(objs):
    """{resource font name: [gid, ...]} for the first page's content, in drawing order."""
    page = next(b for n, b in sorted(objs.items()) if re.search(rb"/Type /Page\b", b))
    fonts = dict((k.decode(), int(v)) for k, v in re.findall(rb"/(F\d+) (\d+) 0 R", page))
    m = re.search(rb"/Contents (\d+) 0 R", page)
    content = stream(objs[int(m.group(1))])
    drawn, cur, stack = {}, None, []
    for t in TOK.findall(content):
        if t.startswith(b"/") :
            stack.append(t)
        elif t == b"Tf":
            cur = stack[-2][1:].decode(); stack = []
        elif t in (b"Tj", b"TJ"):
            for s in stack:
                if s.startswith(b"<") and not s.startswith(b"<<"):
                    h = re.sub(rb"\s", b"", s[1:-1])
                    drawn.setdefault(cur, []).extend(int(h[i:i + 4], 16) for i in range(0, len(h), 4))
            stack = []
        elif re.match(rb"[A-Za-z'\"*]+$", t):
            stack = []
        else:
            stack.append(t)
    return fonts, drawn

def basefont(objs, num):
    m = re.search(rb"/BaseFont /[A-Z]{6}\+([^\s/]+)", objs[num])
    return m.group(1).decode()

def font_file(ps):
    for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/noto"):
        p = os.path.join(d, ps + ".ttf")
        if os.path.exists(p):
            return p
    return None

def contains(seq, sub):
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))

def main():
    pdf, names = sys.argv[1], sys.argv[2]
    objs = objects(pdf)
    fonts, drawn = first_page_glyphs(objs)
    failed = 0
    for line in open(names, encoding="utf-8"):
        key, text = line.rstrip("\n").split("\t")
        found = False
        tried = []
        for res, num in fonts.items():
            ps = basefont(objs, num)
            path = font_file(ps)
            if not path or res not in drawn:
                continue
            out = subprocess.run(["hb-shape", "--font-file=" + path, "--output-format=json",
                                  "--no-glyph-names", "--language=und", text],
                                 capture_output=True, text=True).stdout
            want = [g["g"] for g in json.loads(out)]
            tried.append("%s %s" % (ps, want))
            if 0 not in want and contains(drawn[res], want):
                found = True
                print("ok - %s: the glyphs drawn are hb-shape's for %s, in visual order (%d glyphs)" % (key, ps, len(want)))
                break
        if not found:
            failed += 1
            print("not ok - %s: no embedded font draws hb-shape's glyphs for the name" % key)
            for t in tried:
                print("#   hb-shape: %s" % t[:300])
            for res, g in drawn.items():
                print("#   drawn %s (%s): %s" % (res, basefont(objs, fonts[res]), g[:80]))
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
