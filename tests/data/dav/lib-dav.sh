# lib-dav.sh: a real WebDAV server for a test, sourced after tests/lib.sh: Debian's apache2
# (mod_dav, mod_dav_fs, mod_ssl, basic authentication) in the foreground with its own config, a
# test CA and a server certificate for 127.0.0.1 made with openssl, on a free port of
# 127.0.0.1. Used by t1104 and t1306.
command -v apache2 >/dev/null 2>&1 || PATH="$PATH:/usr/sbin"

# dav_start USER PASSWORD REALM: make the CA, certificate and password file under W="$T/w"
# (www-data must reach them: $T becomes 0711), start apache2 and wait (bounded) until it
# answers over HTTPS. Sets W, DAV_PORT and DAV_PID (the caller's EXIT trap stops it: dav_stop).
# Returns 0 when the server is up, else 1 with its logs on stdout as TAP comments.
dav_start() {
	W="$T/w"
	mkdir -p "$W/www/dav" "$W/lock"
	chmod 0711 "$T"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=pepkit test CA" \
		-keyout "$W/ca.key" -out "$W/ca.pem" 2>/dev/null
	openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$W/server.key" -out "$W/server.csr" 2>/dev/null
	printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$W/ext.cnf"
	openssl x509 -req -in "$W/server.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -days 2 \
		-extfile "$W/ext.cnf" -out "$W/server.pem" 2>/dev/null
	htpasswd -cbB "$W/htpasswd" "$1" "$2" 2>/dev/null
	chown -R www-data:www-data "$W/www" "$W/lock"
	chmod 0755 "$W"
	chmod 0644 "$W/server.key" "$W/htpasswd"
	DAV_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
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
Listen 127.0.0.1:$DAV_PORT
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
	AuthName "$3"
	AuthUserFile "$W/htpasswd"
	Require valid-user
</Directory>
CONF
	apache2 -f "$W/httpd.conf" -DFOREGROUND > "$W/stdout.log" 2>&1 &
	DAV_PID=$!
	for i in $(seq 1 100); do
		curl -s -o /dev/null --cacert "$W/ca.pem" "https://127.0.0.1:$DAV_PORT/" && return 0
		kill -0 "$DAV_PID" 2>/dev/null || break
		sleep 0.1
	done
	sed 's/^/#   /' "$W/error.log" "$W/stdout.log" | tail -n 10
	return 1
}

# dav_stop: stop the server dav_start started (nothing if none).
dav_stop() {
	[ -n "${DAV_PID:-}" ] || return 0
	kill "$DAV_PID" 2>/dev/null
	wait "$DAV_PID" 2>/dev/null
	DAV_PID=
}
