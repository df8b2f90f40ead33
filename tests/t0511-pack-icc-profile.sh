#!/bin/sh
# t0511: the ICC profile the pack's PDF/A record copies embed is part of what shaped them: when
# the profile file is replaced in place (a package upgrade) or another one is set
# (PEPKIT_ICC_PROFILE), a re-run makes the record copies again, byte-identical to a fresh pack
# with that profile (the profile is in the PDF: qpdf finds its bytes in the OutputIntent); with
# the profile unchanged, a re-run makes nothing.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/"
cp /usr/share/color/icc/sRGB.icc "$T/profile.icc"
export PEPKIT_ICC_PROFILE="$T/profile.icc"
sums() { (cd "$1/record" && find . -name '*.pdf' -exec sha256sum {} + | sort); }
# the object reference of the OutputIntent profile stream of PDF $1
icc_of() {
	qpdf --json "$1" 2>/dev/null | python3 -c '
import json, sys
def walk(v):
    if isinstance(v, dict):
        if v.get("/S") == "/GTS_PDFA1":
            print(v["/DestOutputProfile"]); sys.exit(0)
        for w in v.values(): walk(w)
    elif isinstance(v, list):
        for w in v: walk(w)
walk(json.load(sys.stdin)["qpdf"][1])
'
}
check "pack with the sRGB profile" "$PEPKIT" pack -q --term 2025-autumn -o "$T/p" "$T/c"
check "re-run" "$PEPKIT" pack --term 2025-autumn -o "$T/p" "$T/c"
check_grep "... with the profile unchanged makes nothing" "0 documents written" "$T/err"
before=$(sums "$T/p")
cp /usr/share/color/icc/compatibleWithAdobeRGB1998.icc "$T/profile.icc"
check "re-run after the profile file was replaced" "$PEPKIT" pack --term 2025-autumn -o "$T/p" "$T/c"
check_grep "... makes the record copies again" "2 documents written" "$T/err"
check "a fresh pack with the new profile" "$PEPKIT" pack -q --term 2025-autumn -o "$T/fresh" "$T/c"
after=$(sums "$T/p")
[ -n "$after" ] && [ "$after" = "$(sums "$T/fresh")" ] && [ "$after" != "$before" ] &&
	ok "the copies are those a fresh pack makes" || notok "the copies differ from a fresh pack's"
pdf=$(find "$T/p/record" -name '*pep1.pdf' | head -n 1)
ref=$(icc_of "$pdf")
if [ -n "$ref" ] && qpdf --show-object="${ref% R}" --raw-stream-data "$pdf" 2>/dev/null | cmp -s - /usr/share/color/icc/compatibleWithAdobeRGB1998.icc; then
	ok "the copy embeds the new profile (qpdf)"
elif [ -n "$ref" ] && qpdf --show-object="${ref% R}" --filtered-stream-data "$pdf" 2>/dev/null | cmp -s - /usr/share/color/icc/compatibleWithAdobeRGB1998.icc; then
	ok "the copy embeds the new profile (qpdf)"
else
	notok "the copy does not embed the new profile (OutputIntent profile '$ref')"
fi
cp /usr/share/color/icc/sRGB.icc "$T/other.icc"
PEPKIT_ICC_PROFILE="$T/other.icc" check "re-run with another profile set" "$PEPKIT" pack --term 2025-autumn -o "$T/p" "$T/c"
check_grep "... makes them again" "2 documents written" "$T/err"
[ "$(sums "$T/p")" = "$before" ] && ok "... as they were with sRGB" || notok "not as they were with sRGB"
done_testing
