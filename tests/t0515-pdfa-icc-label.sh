#!/bin/sh
# t0515: the PDF/A output intent names the ICC profile it embeds. Before, it always said
# "sRGB IEC61966-2.1" (with the ICC registry's name), even when PEPKIT_ICC_PROFILE gave another
# profile: an archive copy claimed a colour space it does not carry. Now an sRGB profile keeps
# the registered identifier; another is "Custom", its Info the profile's own description (its
# 'desc' tag, read here by Python from the file); a profile with no description is refused.
. tests/lib.sh
# the OutputIntent dictionary of PDF $1 as KEY=VALUE lines (qpdf's JSON)
intent_of() {
	qpdf --json "$1" 2>/dev/null | python3 -c '
import json, sys
def walk(v):
    if isinstance(v, dict):
        if v.get("/S") == "/GTS_PDFA1":
            for k in sorted(v):
                print("%s=%s" % (k, v[k]))
            sys.exit(0)
        for w in v.values(): walk(w)
    elif isinstance(v, list):
        for w in v: walk(w)
walk(json.load(sys.stdin)["qpdf"][1])
'
}
# the description in the 'desc' tag of ICC profile $1 (ICC v2 textDescriptionType)
desc_of() {
	python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
for i in range(struct.unpack('>I', d[128:132])[0]):
    sig, off, sz = struct.unpack('>4sII', d[132 + 12 * i:144 + 12 * i])
    if sig == b'desc':
        n = struct.unpack('>I', d[off + 8:off + 12])[0]
        print(d[off + 12:off + 12 + n].split(b'\0')[0].decode('ascii'))
PY
}
ADOBE=/usr/share/color/icc/compatibleWithAdobeRGB1998.icc
want=$(desc_of "$ADOBE")
[ -n "$want" ] && ok "the Adobe RGB profile's description: $want" || notok "no description read from $ADOBE"

check "render --pdfa (default sRGB profile)" "$PEPKIT" render --pdfa -o "$T/s.pdf" "$SAMPLES/ks2-initial.xml"
intent_of "$T/s.pdf" > "$T/s.txt"
check_grep "... sRGB: the registered identifier" '^/OutputConditionIdentifier=u:sRGB IEC61966-2.1$' "$T/s.txt"
check_grep "... with the ICC registry" '^/RegistryName=u:http://www.color.org$' "$T/s.txt"

PEPKIT_ICC_PROFILE=$ADOBE check "render --pdfa with the Adobe RGB profile" \
	"$PEPKIT" render --pdfa -o "$T/a.pdf" "$SAMPLES/ks2-initial.xml"
intent_of "$T/a.pdf" > "$T/a.txt"
check_nogrep "... not called sRGB" 'sRGB' "$T/a.txt"
check_grep "... identifier Custom" '^/OutputConditionIdentifier=u:Custom$' "$T/a.txt"
check_grep "... Info: the profile's description" "^/Info=u:$(printf '%s' "$want" | sed 's/[()]/\\&/g')\$" "$T/a.txt"
check_nogrep "... no registry claimed" 'RegistryName' "$T/a.txt"

# a profile whose 'desc' tag is renamed: nothing to label it with
python3 - "$ADOBE" "$T/nodesc.icc" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
i = d.index(b'desc', 128)
d[i:i + 4] = b'xxxx'
open(sys.argv[2], 'wb').write(d)
PY
PEPKIT_ICC_PROFILE=$T/nodesc.icc check_exit 3 "a profile without a description: refused" \
	"$PEPKIT" render --pdfa -o "$T/n.pdf" "$SAMPLES/ks2-initial.xml"
check_grep "... saying why" "has no description \('desc' tag\)" "$T/err"
[ ! -e "$T/n.pdf" ] && ok "... no PDF written" || notok "a PDF was written"
done_testing
