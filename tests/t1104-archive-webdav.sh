#!/bin/sh
# t1104: `archive deposit --to https://...` against a real WebDAV server on 127.0.0.1: Debian's
# apache2 (mod_dav, mod_dav_fs, mod_ssl, basic authentication) started in the foreground by this
# test with its own config, a test CA and server certificate made with openssl, on a free port.
# Documents are read back over HTTPS and compared byte for byte with the store's; the transfers
# are in the catalogue. A server whose certificate is not trusted gets nothing (no request in
# its log); credentials come from the environment or a 0600 file, never argv.
. tests/lib.sh
. tests/data/dav/lib-dav.sh
trap 'dav_stop; rm -rf "$T"' EXIT
if dav_start archivist 'S3cret-pass' "pepkit test"; then ok "apache2 WebDAV server up on 127.0.0.1:$DAV_PORT"; else notok "apache2 WebDAV server up"; done_testing; fi
port=$DAV_PORT
# an unrelated CA the server's certificate does not chain to
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other CA" -keyout "$W/other.key" -out "$W/other.pem" 2>/dev/null
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
# again: already held in the store and on the server (the same bytes, read back): not sent again (t1123)
check "deposit to WebDAV again" env PEPKIT_DAV_CREDENTIALS=archivist:S3cret-pass "$PEPKIT" archive deposit --store "$T/s2" --to "$URL" --cacert "$W/ca.pem" "$T/cohort"
check_grep "second run: already held in the store" "0 deposited, $n already held" "$T/err"
check "store verify after WebDAV deposits" "$PEPKIT" archive verify --store "$T/s2"
done_testing
