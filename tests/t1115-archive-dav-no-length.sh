#!/bin/sh
# t1115: a WebDAV server (a small Python HTTPS server on 127.0.0.1 started and stopped by this
# test) whose HEAD says 200 but gives neither Content-Length nor a checksum. Before, pepkit took
# such an answer as proof the document was stored: a server that answers 201 and 200 to
# anything while storing nothing got every document recorded as "stored". Now the document is
# read back and compared: a server that stored nothing fails the transfer (the document stays
# in the store, the report says why, nothing is recorded as stored); one that stored it passes.
. tests/lib.sh
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=pepkit test CA" \
	-keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
	-keyout "$T/srv.key" -out "$T/srv.csr" 2>/dev/null &&
printf 'subjectAltName=IP:127.0.0.1\n' > "$T/ext.cnf" &&
openssl x509 -req -in "$T/srv.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -days 2 \
	-extfile "$T/ext.cnf" -out "$T/srv.pem" 2>/dev/null || notok "make the test certificates"
cat > "$T/dav.py" <<'PY'
import http.server, ssl, sys
mode, port = sys.argv[1], int(sys.argv[2])
store = {}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""
    def _end(self, code, body=b"", length=True):
        self.send_response(code)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        if body:
            self.wfile.write(body)
        if not length:
            self.close_connection = True
    def do_MKCOL(self):
        self._body(); self._end(201)
    def do_PUT(self):
        b = self._body()
        if mode == "keeps":
            store[self.path] = b
        self._end(201)
    def do_HEAD(self):   # 200, no Content-Length, no checksum
        self.send_response(200); self.send_header("Connection", "close"); self.end_headers()
        self.close_connection = True
    def do_GET(self):
        self._end(200, store.get(self.path, b""), length=False)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[3], sys.argv[4])
s = http.server.HTTPServer(("127.0.0.1", port), H)
s.socket = ctx.wrap_socket(s.socket, server_side=True)
print("ready", flush=True)
s.serve_forever()
PY
PID=
start() {
	port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	/usr/bin/python3 "$T/dav.py" "$1" "$port" "$T/srv.pem" "$T/srv.key" > "$T/srv.out" 2>&1 &
	PID=$!
	i=0
	while [ $i -lt 200 ] && ! curl -s -o /dev/null --cacert "$T/ca.pem" -X MKCOL "https://127.0.0.1:$port/probe/"; do i=$((i + 1)); sleep 0.05; done
}
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; PID=; }
trap 'stop; rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/"

start forgets
export PEPKIT_DAV_CREDENTIALS=archivist:x
check_exit 1 "a server that stores nothing: the transfer fails" "$PEPKIT" archive deposit --store "$T/s" \
	--to "https://127.0.0.1:$port/dav/" --cacert "$T/ca.pem" "$T/c"
r=$(ls "$T"/s/reports/deposit-*.csv)
check_grep "... the report says the server's copy is not the document" "WebDAV: .*the server's copy is not the document sent" "$r"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM transfers WHERE status='stored'")
[ "$n" = 0 ] && ok "... nothing recorded as stored" || notok "$n transfers recorded as stored"
n=$(sqlite3 "$T/s/catalogue.db" "SELECT count(*) FROM documents")
[ "$n" = 2 ] && ok "... the documents are held in the store all the same" || notok "$n documents held"
stop

start keeps
check "a server that stores it (and says no length) passes" "$PEPKIT" archive deposit --store "$T/s2" \
	--to "https://127.0.0.1:$port/dav/" --cacert "$T/ca.pem" "$T/c"
n=$(sqlite3 "$T/s2/catalogue.db" "SELECT count(*) FROM transfers WHERE status='stored'")
[ "$n" = 2 ] && ok "... both recorded as stored" || notok "$n transfers recorded as stored"
stop
done_testing
