#!/bin/sh
# t1105: `pack --archive STORE`: the pack's full record copies are PDF/A-2b, and after the pack
# the same record copies are deposited in the store: the store's objects are byte-identical to
# the pack's PDFs (same IR, same date, content-derived /ID). A re-run holds them already.
. tests/lib.sh

mkdir -p "$T/cohort"; cp "$SAMPLES"/*.xml "$T/cohort/"
n=$(( $(ls "$T/cohort"/*.xml | wc -l) * 2 ))
check "pack --archive" "$PEPKIT" pack -o "$T/pk" --archive "$T/store" "$T/cohort"
check_grep "pack reports the deposit" "archive '$T/store': $n deposited, 0 already held, 0 failed" "$T/err"
one=$(find "$T/pk" -name '*-pep2.pdf' | sort | head -n 1)
mkdir -p "$T/w"
/usr/bin/python3 tests/pdfa_check.py "$one" "$T/w" > "$T/pdfa.txt"
check_nogrep "the pack's record copy passes the PDF/A-2b checks" '^not ok' "$T/pdfa.txt"
find "$T/pk" -name '*.pdf' -exec sha256sum {} + | cut -c1-64 | sort > "$T/pack.sums"
find "$T/store/objects" -type f -exec sha256sum {} + | cut -c1-64 | sort > "$T/store.sums"
[ "$(wc -l < "$T/pack.sums")" = "$n" ] && cmp -s "$T/pack.sums" "$T/store.sums" && ok "store objects are byte-identical to the pack's PDFs" ||
	notok "store objects are byte-identical to the pack's PDFs"
check "pack --archive again" "$PEPKIT" pack --force -o "$T/pk" --archive "$T/store" "$T/cohort"
check_grep "re-run: already held" "0 deposited, $n already held" "$T/err"
check "verify the store" "$PEPKIT" archive verify --store "$T/store"
# a redacted copy is not a record copy: plain PDF, and --audience packs still deposit the record copies
check "pack --audience carer --archive" "$PEPKIT" pack -o "$T/pk2" --audience carer --archive "$T/store" "$T/cohort"
c=$(find "$T/pk2" -name '*-carer.pdf' | head -n 1)
grep -aq "GTS_PDFA1" "$c" && notok "a carer copy is not marked PDF/A" || ok "a carer copy is not marked PDF/A"
check_grep "record copies held already" "0 deposited, $n already held" "$T/err"
done_testing
