#!/bin/sh
# Attack: `archive deposit --to https://...` where the WebDAV server accepts the connection and
# then says nothing. Before: every document waited for its own 30 s timeout, one connection
# each (4 documents: 2 minutes; a cohort: hours, holding the store's lock).
# Exits 1 while the silent server sees more than one connection in one run.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d)
mkdir -p "$T/c" && cp samples/ks2-initial.xml samples/post16-college.xml "$T/c/"
P=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(50); held = []; n = 0
while True:
    c, _ = s.accept(); held.append(c); n += 1
    open(sys.argv[2], "w").write("%d\n" % n)
' "$P" "$T/accepts" & SP=$!
trap 'kill $SP 2>/dev/null; rm -rf "$T"' EXIT
i=0; until python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()' "$P" 2>/dev/null || [ $i -ge 100 ]; do i=$((i + 1)); done
i=0; while [ ! -s "$T/accepts" ] && [ $i -lt 200 ]; do i=$((i + 1)); python3 -c 'import time; time.sleep(0.05)'; done
n0=$(cat "$T/accepts")
"$PEPKIT" archive deposit -q --store "$T/s" --to "https://127.0.0.1:$P/pep/" "$T/c" >/dev/null 2>&1
n=$(( $(cat "$T/accepts") - n0 ))
[ "$n" -le 1 ] || { echo "DEFECT: one deposit waited on a silent WebDAV server $n times (30 s each)"; exit 1; }
exit 0
