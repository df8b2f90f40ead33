#!/bin/sh
# t0513: the FriBidi library orders right-to-left text (Pashto, Arabic, Hebrew) in every PDF; a
# FriBidi upgrade (a Debian security update) can change how such a document is drawn, so its
# version is part of the pack's fingerprint, as HarfBuzz's and ICU's are: after it changes, a
# re-run makes the documents again. The other version is simulated by a tiny preloaded library
# that defines fribidi_version_info (built here with cc); with the same version nothing is made.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
case "${PEPKIT_BUILD:-build}" in *san*) export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" ;; esac
mkdir -p "$T/c" && cp "$SAMPLES/uasc-pashto.xml" "$T/c/"
printf 'const char *fribidi_version_info = "(GNU FriBidi) 99.0.0-pepkit-test";\n' > "$T/fv.c"
cc -shared -fPIC -o "$T/fv.so" "$T/fv.c" || notok "build the version shim"
check "pack" "$PEPKIT" pack -q -o "$T/p" "$T/c"
check "re-run" "$PEPKIT" pack -o "$T/p" "$T/c"
check_grep "... with the same FriBidi makes nothing" " 0 documents written" "$T/err"
LD_PRELOAD="$T/fv.so" "$PEPKIT" pack -o "$T/p" "$T/c" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 0 ] && ok "re-run with another FriBidi version" || notok "re-run with another FriBidi version (exit $st)"
check_grep "... makes the documents again" " [1-9][0-9]* documents written" "$T/err"
check "and back" "$PEPKIT" pack -o "$T/p" "$T/c"
check_grep "... makes them again too" " [1-9][0-9]* documents written" "$T/err"
done_testing
