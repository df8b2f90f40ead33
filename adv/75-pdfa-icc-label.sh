#!/bin/sh
# Attack: PEPKIT_ICC_PROFILE names another RGB profile (Adobe RGB). Before: every PDF/A copy's
# output intent still said "sRGB IEC61966-2.1" (registered at color.org) while embedding the
# Adobe RGB profile: the archive copy misstates its colour space. Exits 1 while it says sRGB.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
PEPKIT_ICC_PROFILE=/usr/share/color/icc/compatibleWithAdobeRGB1998.icc \
	"$PEPKIT" render --pdfa -o "$T/a.pdf" samples/ks2-initial.xml >/dev/null 2>&1 || exit 0
qpdf --qdf --object-streams=disable "$T/a.pdf" "$T/q.pdf" 2>/dev/null
grep -a -q '/OutputConditionIdentifier (sRGB' "$T/q.pdf" && { echo "DEFECT: an Adobe RGB profile labelled sRGB"; exit 1; }
exit 0
