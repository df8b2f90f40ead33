#!/bin/sh
# t1114: one record file given twice (by its path and in its folder, or spelt otherwise:
# `archive deposit cohort cohort/x.xml`, `send ... x.xml ./x.xml`). Before, both commands took
# it for two records of one child and refused both ("its child id is also in 'x.xml'", naming
# itself). Now a repeated file is one record, processed once; two different files for one
# child are still both refused.
. tests/lib.sh
"$PEPKIT" sample --children 3 --seed 3 -o "$T/c" > /dev/null 2>&1 || notok "sample"
check "deposit: the folder and one of its records again" "$PEPKIT" archive deposit --store "$T/s" "$T/c" "$T/c/child-000001.xml" "$T/c/../c//child-000002.xml"
check_grep "... three records, six deposited" "3 records, 6 documents: 6 deposited, 0 already held" "$T/err"
check_nogrep "... no 'two records for one child'" "two records for one child" "$T/err"
cp "$T/c/child-000001.xml" "$T/copy.xml"
check_exit 1 "a real copy beside it is still refused" "$PEPKIT" archive deposit --store "$T/s2" "$T/c/child-000001.xml" "$T/copy.xml"
check_grep "... as two records for one child" "two records for one child" "$T/err"
export PEPKIT_DATADIR="$SRCDIR"
cp "$SRCDIR/tests/data/redact/canary.xml" "$T/r.xml"
"$PEPKIT" send -c "$SRCDIR/templates/council-example.xml" -l "$T/l1" --dry-run "$T/r.xml" > "$T/once" 2>&1
"$PEPKIT" send -c "$SRCDIR/templates/council-example.xml" -l "$T/l2" --dry-run "$T/r.xml" "$T/./r.xml" > "$T/twice" 2>&1
check_nogrep "send: the same record twice is not two records" "two records for one child" "$T/twice"
a=$(grep -c '^LA-CANARY-7 ' "$T/once"); b=$(grep -c '^LA-CANARY-7 ' "$T/twice")
[ "$a" -gt 0 ] && [ "$a" = "$b" ] && ok "... its deliveries are planned once ($a)" || notok "planned $a once, $b twice"
done_testing
