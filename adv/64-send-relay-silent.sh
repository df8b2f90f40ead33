#!/bin/sh
# Attack: the relay accepts the TCP connection and then says nothing (stalled, overloaded, or a
# firewall swallowing the traffic). Before: every e-mail delivery of the run waited for its own
# 30 s timeout, one connection each (a cohort of 1,000 deliveries: over 8 hours holding the log
# folder). Exits 1 while the silent relay sees more than one connection in one run.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good
P=$(free_port)
$PY -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(50); held = []; n = 0
while True:
    c, _ = s.accept(); held.append(c); n += 1
    open(sys.argv[2], "w").write("%d\n" % n)
' "$P" "$T/accepts" & SP=$!
trap 'kill $SP 2>/dev/null; rm -rf "$T"' EXIT
i=0; until $PY -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()' "$P" 2>/dev/null || [ $i -ge 100 ]; do i=$((i + 1)); done
i=0; while [ ! -s "$T/accepts" ] && [ $i -lt 200 ]; do i=$((i + 1)); $PY -c 'import time; time.sleep(0.05)'; done
n0=$(cat "$T/accepts")
council "$T" "$P" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml" >/dev/null 2>&1
n=$(( $(cat "$T/accepts") - n0 ))
[ "$n" -le 1 ] || { echo "DEFECT: one run waited on a silent relay $n times (30 s each)"; exit 1; }
exit 0
