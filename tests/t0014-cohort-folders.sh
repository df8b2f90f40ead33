#!/bin/sh
# t0014-cohort-folders: every command reads a cohort folder the way pack does, and an empty one
# is an error. A record saved as LA-X.XML (Windows) was packed but skipped without a word by
# validate, qa, send and archive deposit; and a folder with no records (a share that did not
# mount) gave exit 0 from them, as if every record were valid, rated, sent or deposited.
. tests/lib.sh
mkdir "$T/upper" "$T/empty"
cp "$SAMPLES/ks2-initial.xml" "$T/upper/KS2-INITIAL.XML"
C=$SRCDIR/templates/council-example.xml

check "validate DIR with one *.XML record" $PEPKIT validate --summary "$T/upper"
check_grep "... checks it" "^1 file: 1 valid, 0 invalid$" "$T/err"
check "qa reads the *.XML record" $PEPKIT qa --term 2025-autumn --on 2025-12-01 -o "$T/qa" "$T/upper"
cat "$T/out" "$T/err" >"$T/said"
check_grep "... and rates it" "^1 records?: 1 rated" "$T/said"
check "send --dry-run reads it" $PEPKIT send --config "$C" --term 2025-autumn --dry-run --log "$T/log" "$T/upper"
check_grep "... and plans its deliveries" "from 1 record:" "$T/err"
check_nogrep "... not 0 deliveries" "plan: 0 deliveries" "$T/err"
check "archive deposit reads it" $PEPKIT archive deposit -q --store "$T/store" --term 2025-autumn "$T/upper"
n=$(sqlite3 "$T/store/catalogue.db" 'select count(*) from documents' 2>/dev/null)
[ "${n:-0}" -ge 1 ] && ok "... and deposits its documents ($n)" || notok "nothing deposited from the *.XML record"
check "pack reads it (as before)" $PEPKIT pack -q --term 2025-autumn -o "$T/pack" "$T/upper"

check_exit 1 "validate of an empty folder" $PEPKIT validate "$T/empty"
check_grep "... says there are no records" "^pepkit: error: no records \(\*\.xml\) in folder '$T/empty'$" "$T/err"
check_exit 1 "qa of an empty folder" $PEPKIT qa -o "$T/qa2" "$T/empty"
check_grep "... says so" "^pepkit: error: no records \(\*\.xml\) in cohort folder '$T/empty'; the reports are empty$" "$T/err"
check_exit 1 "send of an empty folder" $PEPKIT send --config "$C" --dry-run --log "$T/log2" "$T/empty"
check_grep "... says so" "^pepkit: error: no records \(\*\.xml\) in what was given; nothing to send$" "$T/err"
check_exit 1 "archive deposit of an empty folder" $PEPKIT archive deposit -q --store "$T/store2" "$T/empty"
check_grep "... says so" "^pepkit: error: no records \(\*\.xml\) in what was given; nothing deposited$" "$T/err"
check_exit 1 "pack of an empty folder (as before)" $PEPKIT pack -q -o "$T/pack2" "$T/empty"
done_testing
