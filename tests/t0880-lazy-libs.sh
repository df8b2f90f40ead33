# t0880: libzip, libcrypto and libcurl are loaded when a command first needs them, not at start
# (issue 15: a single render's CPU), and a command that needs one which cannot be loaded stops
# with the loader's reason and writes nothing.
. tests/lib.sh

# What the binary starts with (readelf, binutils)
readelf -d "$PEPKIT" >"$T/dyn" 2>&1
check_grep "readelf reads the binary's dynamic section" 'NEEDED' "$T/dyn"
check_nogrep "libzip is not linked" 'libzip' "$T/dyn"
check_nogrep "libcrypto is not linked" 'libcrypto' "$T/dyn"
check_nogrep "libcurl is not linked" 'libcurl' "$T/dyn"

# What a run loads (the dynamic loader's own trace, LD_DEBUG=libs)
LD_DEBUG=libs "$PEPKIT" render -o "$T/one.pdf" "$SAMPLES/ks2-initial.xml" >/dev/null 2>"$T/pdf.trace"
check "render to PDF works" test -s "$T/one.pdf"
check "qpdf --check passes on the PDF" qpdf --check "$T/one.pdf"
check_grep "the trace lists the libraries loaded" 'calling init: .*libxml2' "$T/pdf.trace"
check_nogrep "render to PDF loads no libzip" 'calling init: .*libzip' "$T/pdf.trace"
check_nogrep "render to PDF loads no libcrypto" 'calling init: .*libcrypto' "$T/pdf.trace"
check_nogrep "render to PDF loads no libcurl" 'calling init: .*libcurl' "$T/pdf.trace"
LD_DEBUG=libs "$PEPKIT" render -o "$T/one.docx" "$SAMPLES/ks2-initial.xml" >/dev/null 2>"$T/docx.trace"
check_grep "render to DOCX loads libzip" 'calling init: .*libzip' "$T/docx.trace"
check "the DOCX is a zip python's zipfile reads whole" python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; assert "word/document.xml" in z.namelist()' "$T/one.docx"

# A library that cannot be loaded: LD_LIBRARY_PATH puts a file that is not a library first
mkdir -p "$T/bogus" "$T/cohort"
echo 'not a library' >"$T/bogus/libzip.so.4"
echo 'not a library' >"$T/bogus/libcrypto.so.3"
check_exit 4 "render to DOCX without a usable libzip fails (internal error)" \
	env LD_LIBRARY_PATH="$T/bogus" "$PEPKIT" render -o "$T/bad.docx" "$SAMPLES/ks2-initial.xml"
check_grep "the error names libzip and the loader's reason" "pepkit: error: cannot load libzip\.so\.4: .*bogus/libzip\.so\.4" "$T/err"
check "no DOCX is written" test ! -e "$T/bad.docx"
check_exit 0 "render to PDF does not need libzip or libcrypto" \
	env LD_LIBRARY_PATH="$T/bogus" "$PEPKIT" render -o "$T/ok.pdf" "$SAMPLES/ks2-initial.xml"
cmp -s "$T/ok.pdf" "$T/one.pdf" && ok "the same bytes as with them" || notok "the same bytes as with them"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/post16-college.xml" "$T/cohort/"
env LD_LIBRARY_PATH="$T/bogus" "$PEPKIT" pack -q -o "$T/pack" "$T/cohort" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && ok "pack (fingerprints) without a usable libcrypto fails with an exit status, no abort (exit $rc)" ||
	notok "pack (fingerprints) without a usable libcrypto fails with an exit status, no abort (exit $rc)"
check_grep "the error names libcrypto and the loader's reason" "pepkit: error: cannot load libcrypto\.so\.3: .*bogus/libcrypto\.so\.3" "$T/err"
[ -z "$(find "$T/pack" -name '*.pdf' 2>/dev/null)" ] && ok "pack writes no PDF" || notok "pack writes no PDF"
check_nogrep "... and never says 'out of memory' for it" "out of memory" "$T/err"
check "pack works with the real libcrypto" "$PEPKIT" pack -q -o "$T/pack2" "$T/cohort"
[ "$(find "$T/pack2" -name '*.pdf' | wc -l)" -ge 2 ] && ok "pack wrote the PDFs" || notok "pack wrote the PDFs"
done_testing
