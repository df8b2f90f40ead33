#!/bin/sh
# `make bench` (called from scripts/bench.sh): `pepkit send` of 1,000 deliveries to a loopback
# SMTP server (/usr/bin/aiosmtpd, STARTTLS with a throwaway CA made here by openssl, delivering
# to a Maildir), one connection reused for every message. Prints messages per second (wall
# clock, including rendering each reader's copy, the send log's synced commits and the
# server's work) and pepkit's CPU ms per message. Figures only: nothing passes or fails.
# BENCH_SEND_DELIVERIES (default 1000) overrides the count.
set -eu
cd "$(dirname "$0")/.."
PEPKIT="$(pwd)/pepkit"
OUT=bench-out/send
WANT=${BENCH_SEND_DELIVERIES:-1000}
PY=/usr/bin/python3
export PEPKIT_DATADIR="$(pwd)"
rm -rf "$OUT"
mkdir -p "$OUT"
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$OUT"' EXIT

# a throwaway CA and a certificate for 127.0.0.1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=pepkit bench CA" \
	-keyout "$OUT/ca.key" -out "$OUT/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
	-keyout "$OUT/srv.key" -out "$OUT/srv.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > "$OUT/ext.cnf"
openssl x509 -req -in "$OUT/srv.csr" -CA "$OUT/ca.pem" -CAkey "$OUT/ca.key" -CAcreateserial -days 1 \
	-extfile "$OUT/ext.cnf" -out "$OUT/srv.pem" 2>/dev/null
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
PYTHONPATH="$(pwd)/tests/data/send" /usr/bin/aiosmtpd -n -c pkmaildir.Maildir -l "127.0.0.1:$PORT" \
	--tlscert "$OUT/srv.pem" --tlskey "$OUT/srv.key" "$OUT/maildir" > "$OUT/server.log" 2>&1 &
SERVER=$!
$PY - "$PORT" <<'PY'
import socket, sys, time
end = time.time() + 20
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit("aiosmtpd did not start")
PY

# the example council, pointed at the loopback relay; example.org (the synthetic addresses)
# is a secure domain, and PEP1 and PEP2 (no Word forms) go to the people who have addresses
sed -e "s|<relay host=\"[^\"]*\" port=\"[^\"]*\" tls=\"starttls\" ca-file=\"[^\"]*\">|<relay host=\"127.0.0.1\" port=\"$PORT\" tls=\"starttls\" ca-file=\"$(pwd)/$OUT/ca.pem\">|" \
    -e 's|<auth [^>]*/>||' \
    -e 's|<secure-domains>|&<domain match="exact">example.org</domain>|' \
    -e 's|<document name="pep2" to="meeting"/>|<document name="pep2" to="roles" roles="social-worker designated-teacher virtual-school-adviser"/>|' \
    -e 's|<document name="form-pep1"[^>]*/>||' \
    templates/council-example.xml > "$OUT/council.xml"

# a cohort just big enough for WANT email deliveries (records taken in order from a sample)
$PEPKIT sample --children $((WANT / 3)) --seed 12 -o "$OUT/pool" > /dev/null
$PEPKIT send --dry-run -q -c "$OUT/council.xml" -l "$OUT/plan" --plan "$OUT/plan.csv" "$OUT/pool" > /dev/null 2>&1 || true
mkdir -p "$OUT/cohort"
$PY - "$OUT/plan.csv" "$OUT/pool" "$OUT/cohort" "$WANT" <<'PY'
import csv, collections, os, shutil, sys
plan, pool, cohort, want = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
per = collections.OrderedDict()
for r in csv.DictReader(open(plan, newline="")):
    per.setdefault(r["child"], 0)
    if r["route"] == "tls":
        per[r["child"]] += 1
files = {}
for f in os.listdir(pool):
    s = open(os.path.join(pool, f), encoding="utf-8").read()
    i = s.index("<la-child-id>") + len("<la-child-id>")
    files[s[i:s.index("<", i)]] = f
n = 0
for child, k in per.items():
    if n + k > want:
        continue
    shutil.copy(os.path.join(pool, files[child]), cohort)
    n += k
    if n == want:
        break
print(n)
PY
start=$(date +%s.%N)
/usr/bin/time -f "%U %S %M" -o "$OUT/time.txt" ${BENCH_SEND_WRAP:-} $PEPKIT send -q -c "$OUT/council.xml" -l "$OUT/log" "$OUT/cohort" 2> "$OUT/send.err" || true
end=$(date +%s.%N)
# the server's CPU time (utime + stime, clock ticks) while it received the messages
srvcpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$SERVER/stat")
sent=$(sqlite3 "$OUT/log/send-log.sqlite" "select count(*) from delivery where state='sent'")
posted=$(sqlite3 "$OUT/log/send-log.sqlite" "select count(*) from delivery where state='refused'")
got=$(find "$OUT/maildir/new" -type f | wc -l)
ehlo=$(grep -c . "$OUT/connections" 2>/dev/null || echo 0)
set -- $(cat "$OUT/time.txt")
awk -v s="$start" -v e="$end" -v n="$sent" -v p="$posted" -v g="$got" -v u="$1" -v y="$2" -v r="$3" -v c="$ehlo" -v sc="$srvcpu" -v la="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
	t = e - s
	printf "send: %d messages over STARTTLS to the loopback server (%d received, %d EHLO: connection reused), %d on the post list\n", n, g, c, p
	printf "send: %.2f s, %.0f messages/s, %.2f CPU ms/message (pepkit user+sys), peak RSS %.1f MB\n", t, (t > 0 ? n / t : 0), (n > 0 ? 1000 * (u + y) / n : 0), r / 1024
	printf "send: the server (aiosmtpd, Python) used %.2f CPU ms/message; load average now %s\n", (n > 0 ? 1000 * sc / n : 0), la }'
