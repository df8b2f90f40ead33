#!/bin/sh
# t1118: `archive deposit --to` a WebDAV server that accepts the connection and then says
# nothing (stalled, or a firewall swallowing the traffic). Before, every document waited for
# its own 30 s timeout (one connection each: hours for a cohort, holding the store). Now the
# first transfer fails on the timeout and the run sends nothing more to that server: each
# later document's transfer fails with "not sent: the server did not answer in time earlier in
# this run"; every document is still deposited in the store (verify passes), the server saw
# one connection, and the exit status is 1.
. tests/lib.sh
PY=/usr/bin/python3
mkdir -p "$T/c" && cp "$SAMPLES"/*.xml "$T/c/"
SILENT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$PY "$SRCDIR/tests/data/silent_server.py" "$SILENT" "$T/accepts" &
SILENT_PID=$!
trap 'kill $SILENT_PID 2>/dev/null; rm -rf "$T"' EXIT
$PY "$SRCDIR/tests/data/wait_port.py" "$SILENT" || notok "the silent server did not start"
# the probe's connection is counted too: wait (bounded) until it is, then count from there
i=0; while [ ! -s "$T/accepts" ] && [ $i -lt 200 ]; do i=$((i + 1)); $PY -c 'import time; time.sleep(0.05)'; done
n0=$(cat "$T/accepts" 2>/dev/null || echo 0)

check_exit 1 "deposit --to a silent server: exit 1" \
	"$PEPKIT" archive deposit --store "$T/s" --to "https://127.0.0.1:$SILENT/pep/" "$T/c"
n=$(( $(cat "$T/accepts" 2>/dev/null || echo 0) - n0 ))
[ "$n" -eq 1 ] && ok "the silent server saw one connection, not one per document" || notok "it saw $n connections"
rep=$(ls "$T/s/reports"/deposit-*.csv 2>/dev/null | head -n 1)
[ -n "$rep" ] && ok "a report" || notok "no report"
docs=$($PY - "$rep" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
first = [r for r in rows if "WebDAV: " in ",".join(r.values()) and "not sent: " not in ",".join(r.values())]
rest = [r for r in rows if "not sent: the server did not answer in time earlier in this run" in ",".join(r.values())]
failed = [r for r in rows if "failed" in r.values()]
print(len(rows), len(first), len(rest), len(failed))
PY
)
set -- $docs
[ "${1:-0}" -ge 2 ] && [ "${2:-0}" -eq 1 ] && [ "${3:-0}" -eq $(( ${1:-0} - 1 )) ] && [ "${4:-0}" -eq "${1:-0}" ] &&
	ok "report: the first transfer failed (timeout), the other $3 not sent, saying why; all failed" ||
	{ notok "report rows: $docs (rows, timed out, not sent, failed)"; sed 's/^/#   /' "$rep"; }
check_grep "stderr counts them failed" " 0 deposited, 0 already held .*, ${1:-0} failed" "$T/err"
check "every document is in the store all the same" "$PEPKIT" archive verify --store "$T/s"
check "a deposit without --to: all already held" "$PEPKIT" archive deposit --store "$T/s" "$T/c"
check_grep "... nothing new" " 0 deposited" "$T/err"
done_testing
