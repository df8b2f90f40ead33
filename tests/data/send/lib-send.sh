# lib-send.sh: shared by tests/t10NN-send*.sh (sourced after tests/lib.sh). A real SMTP server
# (/usr/bin/aiosmtpd with tests/data/send/pkmaildir.py) on 127.0.0.1 and a free port, started and
# stopped by the test; a test CA made with openssl; a council configuration pointing at it.
#   send_ca DIR NAME              a CA (DIR/NAME-ca.pem/.key) and a server certificate for
#                                 127.0.0.1/localhost (DIR/NAME-srv.pem/.key) signed by it
#   send_smime_cert DIR ADDRESS   a recipient's self-signed S/MIME certificate and key
#   free_port                     a port nothing listens on now
#   server_start DIR [aiosmtpd options]  serve into DIR/maildir (PORT is set); waits until it
#                                 answers (bounded poll); SMTP_HANDLER names another handler
#                                 class (default pkmaildir.Maildir)
#   server_stop                   stop it (and wait for it)
#   council DIR PORT CAFILE [EXTRA]  write DIR/council.xml for the test relay
#   maildir_count DIR             messages delivered so far
PY=/usr/bin/python3
SERVER_PID=

send_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=pepkit test CA $2" -keyout "$1/$2-ca.key" -out "$1/$2-ca.pem" 2>/dev/null &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
		-keyout "$1/$2-srv.key" -out "$1/$2-srv.csr" 2>/dev/null &&
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$1/$2-ext.cnf" &&
	openssl x509 -req -in "$1/$2-srv.csr" -CA "$1/$2-ca.pem" -CAkey "$1/$2-ca.key" -CAcreateserial \
		-days 2 -extfile "$1/$2-ext.cnf" -out "$1/$2-srv.pem" 2>/dev/null
}

send_smime_cert() {
	mkdir -p "$1/certs" "$1/keys"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
		-addext "subjectAltName=email:$2" -keyout "$1/keys/$2.key" -out "$1/certs/$2.pem" 2>/dev/null
}

free_port() {
	$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

server_start() {
	dir=$1; shift
	mkdir -p "$dir"
	PORT=$(free_port)
	PYTHONPATH="$SRCDIR/tests/data/send" /usr/bin/aiosmtpd -n -c "${SMTP_HANDLER:-pkmaildir.Maildir}" -l "127.0.0.1:$PORT" "$@" \
		"$dir/maildir" > "$dir/server.log" 2>&1 &
	SERVER_PID=$!
	# bounded poll until it answers (or 20 s)
	$PY "$SRCDIR/tests/data/wait_port.py" "$PORT" || { notok "aiosmtpd did not start on port $PORT"; cat "$dir/server.log"; }
	# the probe connection made no EHLO; start the connection log afresh
	rm -f "$dir/connections"
}

server_stop() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
	fi
}

council() {
	cat > "$1/council.xml" <<EOF2
<?xml version="1.0" encoding="UTF-8"?>
<council name="Test Borough Council" version="1">
  <sender address="virtual.school@council.secure.example" name="Test Virtual School"/>
  <relay host="127.0.0.1" port="$2" tls="starttls" ca-file="$3"/>
  <certificates folder="certs"/>
  <secure-domains>
    <domain match="suffix">secure.example</domain>
  </secure-domains>
  <gateways>
    <gateway domain="nhs.example" match="suffix" subject-keyword="[secure]"/>
    <gateway domain="egress.example" rewrite="{local}@{domain}.gateway.example"/>
  </gateways>
  <roles>
    <role name="designated-teacher" audience="school"/>
    <role name="carer" audience="carer"/>
    <role name="birth-parent" audience="parent"/>
    <role name="social-worker" audience="record"/>
    <role name="virtual-school-adviser" audience="record"/>
    <role name="iro" audience="iro"/>
    <role name="health" audience="health"/>
    <role name="child" audience="child"/>
    <role name="senco" audience="school"/>
    <role name="key-worker" audience="carer"/>
    <role name="personal-adviser" audience="school"/>
  </roles>
  <documents>
    <document name="pep2" to="meeting"/>
    <document name="pep1" to="roles" roles="designated-teacher social-worker"/>
  </documents>
  <marking>OFFICIAL-SENSITIVE</marking>
  <body>Please find attached the {document} for child {child-id}, {term}, as: {reader}.

{sender}</body>
  <letter>Please find enclosed the {document} for child {child-id}, {term}, prepared for you as: {reader}.

{sender}</letter>
</council>
EOF2
}

maildir_count() {
	find "$1/maildir/new" -type f 2>/dev/null | wc -l
}

trap 'server_stop; rm -rf "$T"' EXIT
