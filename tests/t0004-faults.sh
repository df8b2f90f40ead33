# t0004: injected I/O failures (LD_PRELOAD shim tests/shim/failio.c): a failed fsync, rename
# or write leaves the previous file untouched, no temp file, a clear error and exit status 3.
. tests/lib.sh

SHIM="$SRCDIR/${PEPKIT_BUILD:-build}/failio.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
KS4="$SRCDIR/tests/data/common/ir-small.xml"   # an IR document: no later stage needed
mkdir -p "$T/o"
echo "previous version" > "$T/o/doc.xml"

for mode in fsync rename write; do
	check_exit 3 "render with failing $mode exits 3" env LD_PRELOAD="$SHIM" FAILIO=$mode "$PEPKIT" render --emit-ir -o "$T/o/doc.xml" "$KS4"
	check_grep "failing $mode: the error names the output" "cannot (write|sync).*doc.xml" "$T/err"
	[ "$(cat "$T/o/doc.xml")" = "previous version" ] && ok "failing $mode: the previous file is untouched" || notok "failing $mode: the previous file is untouched"
	ls -a "$T/o" | grep -q '^\.pepkit-tmp' && notok "failing $mode: no temp file left" || ok "failing $mode: no temp file left"
done
check_exit 0 "without faults the same command works" "$PEPKIT" render --emit-ir -o "$T/o/doc.xml" "$KS4"
check_grep "and replaces the file" "<document" "$T/o/doc.xml"
done_testing
