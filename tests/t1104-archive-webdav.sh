#!/bin/sh
# t1104: `archive deposit --to https://...` against a real WebDAV server on 127.0.0.1: Debian's
# apache2 (mod_dav, mod_dav_fs, mod_ssl, basic authentication) started in the foreground by this
# test with its own config, a test CA and server certificate made with openssl, on a free port.
# Documents are read back over HTTPS and compared byte for byte with the store's; the transfers
# are in the catalogue. A server whose certificate is not trusted gets nothing (no request in
# its log); credentials come from the environment or a 0600 file, never argv.
. tests/lib.sh
command -v apache2 >/dev/null 2>&1 || PATH="$PATH:/usr/sbin"

W="$T/w"   # apache's files (www-data must reach them: $T itself is 0700)
mkdir -p "$W/www/dav" "$W/lock"
chmod 0711 "$T"

# a test CA and a server certificate for 127.0.0.1 signed by it
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=pepkit test CA" \
	-keyout "$W/ca.key" -out "$W/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$W/server.key" -out "$W/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$W/ext.cnf"
openssl x509 -req -in "$W/server.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -days 2 \
	-extfile "$W/ext.cnf" -out "$W/server.pem" 2>/dev/null
# an unrelated CA the server's certificate does not chain to
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other CA" -keyout "$W/other.key" -out "$W/other.pem" 2>/dev/null
htpasswd -cbB "$W/htpasswd" archivist 'S3cret-pass' 2>/dev/null
chown -R www-data:www-data "$W/www" "$W/lock"
chmod 0755 "$W"
chmod 0644 "$W/server.key" "$W/htpasswd"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
M=/usr/lib/apache2/modules
cat > "$W/httpd.conf" <<CONF
ServerRoot "$W"
ServerName 127.0.0.1
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule authz_user_module $M/mod_authz_user.so
LoadModule authn_core_module $M/mod_authn_core.so
LoadModule authn_file_module $M/mod_authn_file.so
LoadModule auth_basic_module $M/mod_auth_basic.so
LoadModule dav_module $M/mod_dav.so
LoadModule dav_fs_module $M/mod_dav_fs.so
LoadModule socache_shmcb_module $M/mod_socache_shmcb.so
LoadModule ssl_module $M/mod_ssl.so
User www-data
Group www-data
Listen 127.0.0.1:$port
PidFile "$W/httpd.pid"
ErrorLog "$W/error.log"
LogFormat "%m %U %>s" short
CustomLog "$W/access.log" short
DocumentRoot "$W/www"
DavLockDB "$W/lock/davlock"
SSLEngine on
SSLProtocol -all +TLSv1.2 +TLSv1.3
SSLCertificateFile "$W/server.pem"
SSLCertificateKeyFile "$W/server.key"
SSLSessionCache none
<Directory "$W/www/dav">
	Dav On
	AuthType Basic
	AuthName "pepkit test"
	AuthUserFile "$W/htpasswd"
	Require valid-user
</Directory>
CONF
apache2 -f "$W/httpd.conf" -DFOREGROUND > "$W/stdout.log" 2>&1 &
apid=$!
trap 'kill "$apid" 2>/dev/null; wait "$apid" 2>/dev/null; rm -rf "$T"' EXIT
up=0
for i in $(seq 1 100); do
	if curl -s -o /dev/null --cacert "$W/ca.pem" "https://127.0.0.1:$port/"; then up=1; break; fi
	kill -0 "$apid" 2>/dev/null || break
	sleep 0.1
done
[ "$up" = 1 ] && ok "apache2 WebDAV server up on 127.0.0.1:$port" || { notok "apache2 WebDAV server up"; sed 's/^/#   /' "$W/error.log" "$W/stdout.log" | tail -n 5; done_testing; }
URL="https://127.0.0.1:$port/dav/pep"
curl -s --cacert "$W/ca.pem" -u archivist:S3cret-pass -X MKCOL "$URL/" -o /dev/null

# an untrusted certificate: nothing is sent
PEPKIT_DAV_CREDENTIALS=archivist:S3cret-pass check_exit 1 "deposit to a server with an untrusted certificate fails" \
	"$PEPKIT" archive deposit -q --store "$T/s0" --to "$URL" --cacert "$W/other.pem" "$SAMPLES/ks2-initial.xml"
grep -q "certificate\|SSL" "$T/s0/reports/"*.csv && ok "the report names the certificate problem" || { notok "the report names the certificate problem"; cat "$T/s0/reports/"*.csv | sed 's/^/#   /'; }
grep -q "/dav/pep/LA-" "$W/access.log" && { notok "nothing reached the server"; sed 's/^/#   /' "$W/access.log"; } || ok "nothing reached the server (no request for a child's folder logged)"
[ -z "$(find "$W/www/dav" -type f)" ] && ok "no file on the server" || notok "no file on the server"
check_exit 1 "system CAs do not trust the test CA either" env PEPKIT_DAV_CREDENTIALS=archivist:S3cret-pass \
	"$PEPKIT" archive deposit -q --store "$T/s0" --to "$URL" "$SAMPLES/ks2-initial.xml"
[ -z "$(find "$W/www/dav" -type f)" ] && ok "still no file on the server" || notok "still no file on the server"
check_exit 1 "http:// is refused (TLS is never optional)" "$PEPKIT" archive deposit -q --store "$T/s0" --to "http://127.0.0.1:$port/dav/pep" "$SAMPLES/ks2-initial.xml"

# credentials: a file readable by others is refused; a wrong password fails every document
printf 'archivist:S3cret-pass\n' > "$T/cred"
chmod 0644 "$T/cred"
check_exit 1 "a credentials file readable by others is refused" "$PEPKIT" archive deposit -q --store "$T/s1" --to "$URL" \
	--cacert "$W/ca.pem" --credentials "$T/cred" "$SAMPLES/ks2-initial.xml"
check_grep "the refusal says mode 0600" "0600" "$T/err"
PEPKIT_DAV_CREDENTIALS=archivist:wrong check_exit 1 "a wrong password fails the transfer" "$PEPKIT" archive deposit -q \
	--store "$T/s1" --to "$URL" --cacert "$W/ca.pem" "$SAMPLES/ks2-initial.xml"
grep -q "HTTP 401" "$T/s1/reports/"*.csv && ok "the report says HTTP 401" || notok "the report says HTTP 401"

# a real deposit with a 0600 credentials file
chmod 0600 "$T/cred"
mkdir -p "$T/cohort"; cp "$SAMPLES"/*.xml "$T/cohort/"
n=$(( $(ls "$T/cohort"/*.xml | wc -l) * 2 ))
check "deposit to WebDAV" "$PEPKIT" archive deposit --store "$T/s2" --to "$URL" --cacert "$W/ca.pem" --credentials "$T/cred" "$T/cohort"
check_grep "all $n sent and checked" "$n sent to '$URL' and checked" "$T/err"
same=0; diff=0
for f in $(find "$T/s2/objects" -type f); do
	child=$(basename "$(dirname "$(dirname "$f")")"); term=$(basename "$(dirname "$f")"); name=$(basename "$f")
	curl -s --fail --cacert "$W/ca.pem" -u archivist:S3cret-pass -o "$T/got" "$URL/$child/$term-$name" && cmp -s "$f" "$T/got" && same=$((same + 1)) || diff=$((diff + 1))
done
[ "$same" = "$n" ] && [ "$diff" = 0 ] && ok "every document read back over HTTPS is byte-identical ($same)" || notok "read back: $same same, $diff different"
[ "$(sqlite3 "$T/s2/catalogue.db" "SELECT count(DISTINCT document) FROM transfers WHERE status='stored' AND url LIKE 'https://127.0.0.1:$port/%'")" = "$n" ] &&
	ok "every transfer recorded in the catalogue" || notok "every transfer recorded in the catalogue"
[ "$(find "$W/www/dav/pep" -mindepth 1 -maxdepth 1 -type d | wc -l)" = "$(ls "$T/s2/objects" | wc -l)" ] && ok "one WebDAV folder per child" || notok "one WebDAV folder per child"
if grep -rq "S3cret-pass" "$T/s2"; then notok "the password is nowhere in the store"; else ok "the password is nowhere in the store"; fi
# again: already held in the store, still sent (the server's copy is replaced by the same bytes)
check "deposit to WebDAV again" env PEPKIT_DAV_CREDENTIALS=archivist:S3cret-pass "$PEPKIT" archive deposit --store "$T/s2" --to "$URL" --cacert "$W/ca.pem" "$T/cohort"
check_grep "second run: already held in the store" "0 deposited, $n already held" "$T/err"
check "store verify after WebDAV deposits" "$PEPKIT" archive verify --store "$T/s2"
done_testing
