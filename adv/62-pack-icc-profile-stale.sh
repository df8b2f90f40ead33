#!/bin/sh
# Attack: the pack's full record copies are PDF/A and embed an ICC profile (PEPKIT_ICC_PROFILE,
# else icc-profiles-free's sRGB.icc), but the profile was not in the pack's fingerprint: after
# the profile file is replaced (a package upgrade, another profile set) a re-run calls the old
# copies "up to date" though a fresh pack makes other bytes. Exits 1 while they are kept.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/ks2-initial.xml "$T/c/"
cp /usr/share/color/icc/sRGB.icc "$T/profile.icc"
PEPKIT_ICC_PROFILE="$T/profile.icc" "$PEPKIT" pack -q --term 2025-autumn -o "$T/p" "$T/c" 2>/dev/null
cp /usr/share/color/icc/compatibleWithAdobeRGB1998.icc "$T/profile.icc"
PEPKIT_ICC_PROFILE="$T/profile.icc" "$PEPKIT" pack -q --term 2025-autumn -o "$T/p" "$T/c" 2>/dev/null
PEPKIT_ICC_PROFILE="$T/profile.icc" "$PEPKIT" pack -q --term 2025-autumn -o "$T/fresh" "$T/c" 2>/dev/null
a=$(cd "$T/p/record" && find . -name '*.pdf' -exec sha256sum {} + | sort)
b=$(cd "$T/fresh/record" && find . -name '*.pdf' -exec sha256sum {} + | sort)
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "DEFECT: the record copies still embed the old ICC profile after a re-run"; exit 1; }
exit 0
