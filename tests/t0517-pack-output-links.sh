#!/bin/sh
# t0517: a symbolic link planted at a folder the pack makes below OUTDIR (AUDIENCE/SCHOOL, e.g.
# pack/record/thornley-primary -> a shared folder). Before, the pack followed it and wrote the
# child's full-record PEPs into the folder it points to. Now that record fails, the error naming
# the link; nothing is written where it points; the other records are packed.
. tests/lib.sh
mkdir -p "$T/c" "$T/p/record" "$T/elsewhere"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/eyfs-nursery.xml" "$T/c/"
ln -s "$T/elsewhere" "$T/p/record/thornley-primary"
check_exit 1 "a link at record/thornley-primary: the pack fails that record" \
	"$PEPKIT" pack --term 2025-autumn -o "$T/p" "$T/c"
check_grep "... naming the link" "record/thornley-primary' is a symbolic link, not a folder" "$T/err"
[ -z "$(ls -A "$T/elsewhere")" ] && ok "... nothing written where it points" || notok "written: $(ls -A "$T/elsewhere")"
n=$(find "$T/p/record" -name '*.pdf' | wc -l)
[ "$n" = 2 ] && ok "... the other record's 2 documents are packed" || notok "$n documents packed"
check_grep "... the report says which failed" '"failed","LA-512093"' "$T/p/pack-report.csv"
rm "$T/p/record/thornley-primary"
check "without the link: packed" "$PEPKIT" pack -q --term 2025-autumn -o "$T/p" "$T/c"
[ "$(find "$T/p/record" -name '*.pdf' | wc -l)" = 4 ] && ok "... all 4 documents" || notok "documents missing"
done_testing
