#!/bin/sh
# t0015-defaults: commands work with no options where that makes sense. `archive due` judges
# on today unless --on is given, as qa does (it was a usage error without --on); a date in
# another form is a usage error naming it.
. tests/lib.sh
mkdir "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/"
check "archive deposit" $PEPKIT archive deposit --store "$T/st" --term 2025-autumn "$T/c"
check_grep "... says '1 record, 2 documents' (not '1 records')" "^pepkit: archive deposit: 1 record, 2 documents: 2 deposited" "$T/err"
check "archive due with no --on" $PEPKIT archive due --store "$T/st"
today=$(date +%Y-%m-%d)
check_grep "... judges on today ($today)" "past their retention date on $today " "$T/err"
check_grep "... prints the header" "^child	date_of_birth	date_of_death	retention_date	documents$" "$T/out"
check_exit 2 "archive due --on 31/12/2026" $PEPKIT archive due --store "$T/st" --on 31/12/2026
check_grep "... names the date and the form" "^pepkit: error: --on '31/12/2026' is not a date \(YYYY-MM-DD\)$" "$T/err"
check "archive due --on 2100-01-01 lists the child" $PEPKIT archive due --store "$T/st" --on 2100-01-01
check_grep "... one child (not '1 children')" "^pepkit: archive due: 1 child past their retention date on 2100-01-01 " "$T/err"
done_testing
