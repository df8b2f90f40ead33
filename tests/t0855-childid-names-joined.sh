#!/bin/sh
# t0855: a child id that holds the child's names run together, without separators or inside a
# longer run of letters ("AyseYilmaz", "LAayse123", "yilmazAYSE"), is refused like "LA-Ayse":
# ids become file names, subjects and archive paths. A council reference with a short run of
# letters that is no name of the child (3 letters and fewer are matched only as a whole part)
# stays valid, and so does the generated cohort (no false alarms).
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for id in AyseYilmaz LAayse123 LA-512093-Yilmazfamily yilmazAYSE LA-Ayse; do
	sed "s|<la-child-id>LA-512093</la-child-id>|<la-child-id>$id</la-child-id>|" "$REC" > "$T/r.xml"
	check_exit 1 "child id '$id' is refused" "$PEPKIT" validate "$T/r.xml"
	check_grep "... naming the field and why" "r.xml:6: child/la-child-id: the child id holds the child's name" "$T/out"
	check_nogrep "... without the name in the message" "Yilmaz|Ayse" "$T/out"
done
for id in LA-512093 CIN-AYS-0042 LA512093X; do
	sed "s|<la-child-id>LA-512093</la-child-id>|<la-child-id>$id</la-child-id>|" "$REC" > "$T/r.xml"
	check "child id '$id' is valid" "$PEPKIT" validate "$T/r.xml"
done
"$PEPKIT" sample --children 300 --seed 855 -o "$T/s" >/dev/null 2>&1 || notok "sample cohort"
check "a generated cohort's ids raise no false alarm" "$PEPKIT" validate "$T/s"
done_testing
