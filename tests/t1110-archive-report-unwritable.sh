#!/bin/sh
# t1110: `archive deposit` (and `pack --archive`) whose run report cannot be written
# (STORE/reports/ unwritable: the failio shim fails every open there with EIO). The documents
# are deposited (the catalogue has them), so the run must still account for every one: each
# report row is printed on stderr, with the counts, an error and exit 3; the catalogue's event
# log says the run happened without a report.
. tests/lib.sh
SHIM=$SRCDIR/${PEPKIT_BUILD:-build}/failio.so
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"   # the shim before the ASan runtime (SAN build)
[ -f "$SHIM" ] || { notok "no failio shim at $SHIM (make check-build)"; done_testing; }
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/eyfs-nursery.xml" "$SAMPLES/post16-college.xml" "$T/c/"
mkdir -p "$T/s"
check "first deposit of one record" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c/ks2-initial.xml"
LD_PRELOAD=$SHIM FAILIO=open FAILIO_PATH="$T/s/reports" "$PEPKIT" archive deposit --store "$T/s" "$T/c" > "$T/out" 2> "$T/err"
rc=$?
[ $rc = 3 ] && ok "exit 3 when the report cannot be written" || notok "exit $rc"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM documents")
[ "$n" = 6 ] && ok "the six documents are held" || notok "$n held"
n=$(grep -c '^pepkit: warning: archive deposit: not in a report: ' "$T/err")
[ "$n" = 6 ] && ok "every document's row on stderr" || { notok "$n rows on stderr"; sed 's/^/#   /' "$T/err"; }
n=$(grep 'not in a report: ' "$T/err" | grep -c '"deposited"')
[ "$n" = 4 ] && ok "... four deposited" || notok "$n deposited rows"
n=$(grep 'not in a report: ' "$T/err" | grep -c '"already-held"')
[ "$n" = 2 ] && ok "... two already held" || notok "$n held rows"
check_grep "the counts, as an error" "error: archive deposit: 3 records, 6 documents: 4 deposited, 2 already held, 0 failed, 0 not processed; no report written" "$T/err"
check_grep "and why" "error: cannot write '.*/reports/deposit-" "$T/err"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM events WHERE kind='deposit' AND outcome LIKE '%no report written'")
[ "$n" = 1 ] && ok "the catalogue's event log has the run" || notok "$n events"
# the same through pack --archive
LD_PRELOAD=$SHIM FAILIO=open FAILIO_PATH="$T/s/reports" "$PEPKIT" pack -q --term 2025-autumn --doc pep1 --archive "$T/s" -o "$T/pack" "$T/c" > "$T/out" 2> "$T/err"
rc=$?
[ $rc = 3 ] && ok "pack --archive: exit 3" || notok "pack --archive: exit $rc"
n=$(grep -c 'not in a report: ' "$T/err")
[ "$n" = 3 ] && ok "pack --archive: every record copy's row on stderr" || { notok "$n rows"; sed 's/^/#   /' "$T/err"; }
check_grep "pack --archive: the counts" "error: pack: archive '.*': 0 deposited, 3 already held, 0 failed, 0 not processed; no report written" "$T/err"
done_testing
