#!/bin/sh
# Attack: FriBidi (which orders right-to-left text in every PDF) is upgraded; the pack's
# fingerprint held the versions of libxml2, libxslt, HarfBuzz, libharu and ICU but not FriBidi's,
# so documents drawn with the old one stay "up to date". The upgrade is simulated with a
# preloaded library defining fribidi_version_info. Exits 1 while a re-run makes nothing.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/uasc-pashto.xml "$T/c/"
printf 'const char *fribidi_version_info = "(GNU FriBidi) 99.0.0";\n' > "$T/fv.c"
cc -shared -fPIC -o "$T/fv.so" "$T/fv.c" || exit 2
"$PEPKIT" pack -q -o "$T/p" "$T/c" 2>/dev/null
LD_PRELOAD="$T/fv.so" "$PEPKIT" pack -o "$T/p" "$T/c" 2> "$T/err" >/dev/null
grep -q ' 0 documents written' "$T/err" && { echo "DEFECT: documents drawn with another FriBidi kept as up to date"; exit 1; }
exit 0
