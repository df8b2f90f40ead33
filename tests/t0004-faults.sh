# t0004: injected I/O failures (LD_PRELOAD shim tests/shim/failio.c): a failed fsync, rename
# or write leaves the previous file untouched, no temp file, a clear error and exit status 3; a
# failure after the rename says "written, durability unknown"; commands remove their own stale
# temp files (not live ones).
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
# a failure after the rename (the folder's fsync) cannot be undone: said as such
echo "previous version" > "$T/o/doc.xml"
check_exit 3 "render whose folder sync fails after the rename exits 3" env LD_PRELOAD="$SHIM" FAILIO=fsync FAILIO_AFTER=1 "$PEPKIT" render --emit-ir -o "$T/o/doc.xml" "$KS4"
check_grep "the error says the file was written, durability unknown" "doc.xml' written, durability unknown: cannot sync folder" "$T/err"
check_grep "and the new file is in place" "<document" "$T/o/doc.xml"
ls -a "$T/o" | grep -q '^\.pepkit-tmp' && notok "after-rename fault: no temp file left" || ok "after-rename fault: no temp file left"

# every command that writes removes its own target's stale temp files (a killed run's), but
# never another target's, nor one a live process holds
for cmd in render redact template; do
	: > "$T/o/.pepkit-tmp.$cmd.outABC123"
	: > "$T/o/.pepkit-tmp.other.xmlABC123"
	case $cmd in
	render) check "render writes" "$PEPKIT" render --emit-ir -o "$T/o/$cmd.out" "$KS4" ;;
	redact) check "redact writes" "$PEPKIT" redact --audience carer -o "$T/o/$cmd.out" "$SAMPLES/ks2-initial.xml" ;;
	template) check "template writes" "$PEPKIT" template --doc pep1 -o "$T/o/$cmd.out" ;;
	esac
	check "$cmd removed its own stale temp file" test ! -e "$T/o/.pepkit-tmp.$cmd.outABC123"
	check "$cmd left another target's temp file" test -e "$T/o/.pepkit-tmp.other.xmlABC123"
done
: > "$T/o/.pepkit-tmp.doc.xmlLIVE01"
check "a temp file held by a live writer is not removed" /usr/bin/python3 -c "
import fcntl, os, subprocess, sys
fd = os.open('$T/o/.pepkit-tmp.doc.xmlLIVE01', os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
subprocess.run(['$PEPKIT', 'render', '--emit-ir', '-o', '$T/o/doc.xml', '$KS4'], check=True)
assert os.path.exists('$T/o/.pepkit-tmp.doc.xmlLIVE01')
"
check "once it is released, the next run removes it" sh -c "'$PEPKIT' render --emit-ir -o '$T/o/doc.xml' '$KS4' && test ! -e '$T/o/.pepkit-tmp.doc.xmlLIVE01'"
check_exit 0 "without faults the same command works" "$PEPKIT" render --emit-ir -o "$T/o/doc.xml" "$KS4"
check_grep "and replaces the file" "<document" "$T/o/doc.xml"
done_testing
