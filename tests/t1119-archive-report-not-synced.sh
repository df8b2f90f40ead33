#!/bin/sh
# t1119: the deposit report is renamed into place but its folder cannot be synced (EIO on the
# fsync of STORE/reports: failio's 2nd fsync there; the 1st is the report's own). Before, stderr
# said both "no report written (its rows are above)" and "'...csv' written, durability unknown".
# Now: exit 3, the summary names the report as written but not synced, never "no report
# written"; the report holds every document; the catalogue's event log has the run.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
SHIM="$SRCDIR/${PEPKIT_BUILD:-build}/failio.so"
mkdir -p "$T/c" "$T/s/reports" && cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/post16-college.xml" "$T/c/"
LD_PRELOAD="$SHIM" FAILIO=fsync FAILIO_NTH=2 FAILIO_PATH="$T/s/reports" \
	"$PEPKIT" archive deposit --store "$T/s" "$T/c" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 3 ] && ok "folder sync fails: exit 3" || { notok "exit $st"; sed 's/^/#   /' "$T/err"; }
check_grep "the summary names the report, written but not synced" \
	"4 documents: 4 deposited.*report '.*/reports/deposit-[^']*\.csv' written, but its folder could not be synced" "$T/err"
check_nogrep "never 'no report written'" "no report written" "$T/err"
rep=$(ls "$T/s/reports"/deposit-*.csv 2>/dev/null | head -n 1)
n=$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline="")))))' "$rep" 2>/dev/null)
[ "${n:-0}" -eq 4 ] && ok "the report holds the 4 documents" || notok "the report holds ${n:-no} rows"
ev=$(sqlite3 "$T/s/catalogue.db" "select count(*) from events where kind='deposit'")
[ "${ev:-0}" -ge 1 ] && ok "the event log has the run" || notok "no event"
check "verify" "$PEPKIT" archive verify --store "$T/s"
done_testing
