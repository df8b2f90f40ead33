#!/bin/sh
# t1113: a child's retention date changed in the catalogue behind pepkit's back (sqlite3, a
# restore of a bad copy). Before, `archive due` listed the child for deletion review decades
# early (it read the column) and verify saw nothing. Now verify reports it (exit 1) and due
# works the date out again from the child's dates, warns, and lists by that.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/eyfs-nursery.xml" "$T/c/"
check "deposit" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
check "verify: clean" "$PEPKIT" archive verify --store "$T/s"
id=$(sqlite3 "$T/s/catalogue.db" "SELECT id FROM children ORDER BY id LIMIT 1")
real=$(sqlite3 "$T/s/catalogue.db" "SELECT retention_date FROM children WHERE id='$id'")
sqlite3 "$T/s/catalogue.db" "UPDATE children SET retention_date='2020-01-01' WHERE id='$id'"
check_exit 1 "verify finds the changed retention date" "$PEPKIT" archive verify --store "$T/s"
check_grep "... naming the child and both dates" "child '$id': retention date 2020-01-01 does not follow from its dates \($real\)" "$T/err"
check "due on 2026-12-31" "$PEPKIT" archive due --store "$T/s" --on 2026-12-31
check_nogrep "... does not list the child" "^$id" "$T/out"
check_grep "... warns about the catalogue" "child '$id': the catalogue's retention date 2020-01-01 does not follow from its dates \($real\)" "$T/err"
# the other way: a date pushed far off must not hide a child that is due
sqlite3 "$T/s/catalogue.db" "UPDATE children SET retention_date='2999-01-01' WHERE id='$id'"
check "due on the day after the real date" "$PEPKIT" archive due --store "$T/s" --on 2100-01-01
check_grep "... lists the child with the real date" "^$id	.*	$real	" "$T/out"
done_testing
