# t0302: one PDF render under valgrind's memcheck is clean (no invalid reads or writes, no use
# of uninitialised values, no leaks), for a document embedding the cached font programs and
# for one that needs libharu's per-document subsets.
. tests/lib.sh

IR="$SRCDIR/tests/data/ir"
# the sanitizer build cannot run under valgrind; use the plain build
VG_PEPKIT="$SRCDIR/build/pepkit"
if [ ! -x "$VG_PEPKIT" ]; then
	case "$PEPKIT" in
	*build-san*) ok "valgrind skipped: only the sanitizer build exists (it cannot run under valgrind)"; done_testing ;;
	esac
	VG_PEPKIT="$PEPKIT"
fi

for f in pep1-like names; do
	valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$VG_PEPKIT" render -o "$T/$f.pdf" "$IR/$f.xml" > "$T/vg.out" 2> "$T/vg.err"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "valgrind: rendering $f.xml is clean"
	else
		notok "valgrind: rendering $f.xml is clean (exit $rc)"
		grep -E '^==[0-9]+== +(Invalid|Conditional|Use of|[0-9,]+ bytes in)' "$T/vg.err" | head -n 10 | sed 's/^/#   /'
	fi
	check_grep "valgrind: no errors reported for $f.xml" "ERROR SUMMARY: 0 errors" "$T/vg.err"
	check "the PDF made under valgrind passes qpdf --check ($f)" qpdf --check "$T/$f.pdf"
done

done_testing
