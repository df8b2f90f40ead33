#!/bin/sh
# t1002-send-refusals: what `pepkit send` refuses to do. Against real servers on loopback: a relay
# that does not offer STARTTLS (aiosmtpd without --tlscert) -> failed "no TLS", nothing
# delivered; a relay whose certificate comes from an unknown CA -> failed; a relay capped below
# TLS 1.2 (OpenSSL configuration MaxProtocol TLSv1.1, checked with openssl s_client) -> failed.
# A recipient in a non-secure domain without a certificate goes on the post list and no SMTP
# connection is made at all. Bad input: an address with a newline or a comma (header
# injection), a record with no meeting attendees, a role with no audience -> clear errors and
# nothing sent for that delivery. Implicit TLS (smtps) works. Configuration: schema errors, a group-readable password file,
# an unset password variable.
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"

send_ca "$T" good || notok "make the test CA"
send_ca "$T" other || notok "make a second CA"
# two secure recipients (PEP2 and PEP1 each), the carer at a non-secure domain (post)
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' \
    tests/data/redact/canary.xml > "$T/rec.xml"

# refused_by NAME DESC PATTERN [aiosmtpd options]: every email delivery fails with PATTERN and
# nothing reaches the Maildir; the post delivery is still made
refused_by() {
	name=$1; desc=$2; pat=$3; shift 3
	server_start "$T/$name" "$@"
	council "$T" "$PORT" "$T/good-ca.pem"
	check_exit 1 "$desc: exit 1" "$PEPKIT" send -c "$T/council.xml" -l "$T/log-$name" "$T/rec.xml"
	n=$(grep -c "failed: $pat" "$T/err")
	[ "$n" -eq 4 ] && ok "$desc: all four email deliveries failed: $pat" ||
		{ notok "$desc: four failures with '$pat' (got $n)"; sed 's/^/#   /' "$T/err"; }
	check_grep "$desc: failed 4 in the summary" "failed +4" "$T/err"
	check_grep "$desc: the post delivery is made" "post list +1" "$T/err"
	n=$(maildir_count "$T/$name")
	[ "$n" -eq 0 ] && ok "$desc: nothing delivered" || notok "$desc: $n messages delivered"
	n=$(sqlite3 "$T/log-$name/send-log.sqlite" "select count(*) from delivery where state='failed' and route='tls'")
	[ "$n" -eq 4 ] && ok "$desc: the log says failed" || notok "$desc: log has $n failed"
	server_stop
}

refused_by notls "no STARTTLS" "no TLS: the relay does not offer STARTTLS"
refused_by unknownca "unknown CA" "TLS: the relay's certificate did not verify" \
	--tlscert "$T/other-srv.pem" --tlskey "$T/other-srv.key"

# TLS capped below 1.2 on the server side, through OpenSSL's configuration
cat > "$T/cap.cnf" <<'CNF'
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = sys
[sys]
MaxProtocol = TLSv1.1
MinProtocol = TLSv1
CipherString = DEFAULT:@SECLEVEL=0
CNF
OPENSSL_CONF="$T/cap.cnf"; export OPENSSL_CONF
server_start "$T/capprobe" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
unset OPENSSL_CONF
if echo QUIT | timeout 20 openssl s_client -starttls smtp -connect "127.0.0.1:$PORT" -tls1_2 \
	-CAfile "$T/good-ca.pem" > "$T/sclient.out" 2>&1; then
	notok "the capped server still speaks TLS 1.2 (the next check would prove nothing)"
else
	ok "the capped server refuses TLS 1.2 (openssl s_client -tls1_2)"
fi
server_stop
OPENSSL_CONF="$T/cap.cnf"; export OPENSSL_CONF
server_start "$T/capped" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
unset OPENSSL_CONF
council "$T" "$PORT" "$T/good-ca.pem"
check_exit 1 "TLS capped at 1.1: exit 1" "$PEPKIT" send -c "$T/council.xml" -l "$T/log-capped" "$T/rec.xml"
n=$(grep -c "failed: TLS: handshake with the relay failed" "$T/err")
[ "$n" -eq 4 ] && ok "TLS capped at 1.1: all four failed in the TLS handshake" || { notok "capped: got $n"; sed 's/^/#   /' "$T/err"; }
n=$(maildir_count "$T/capped")
[ "$n" -eq 0 ] && ok "TLS capped at 1.1: nothing delivered" || notok "capped: $n delivered"
server_stop

# Implicit TLS (smtps://, aiosmtpd --smtpscert) with the right CA is accepted.
server_start "$T/implicit" --smtpscert "$T/good-srv.pem" --smtpskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -i 's|tls="starttls"|tls="implicit"|' "$T/council.xml"
check_exit 0 "implicit TLS: exit 0" "$PEPKIT" send -c "$T/council.xml" -l "$T/log-implicit" --post "$T/postroom" "$T/rec.xml"
n=$(maildir_count "$T/implicit")
[ "$n" -eq 4 ] && ok "implicit TLS: four messages delivered" || notok "implicit TLS: $n delivered"
[ -f "$T/postroom/post-list.csv" ] && ok "--post puts the post list in its own folder" || notok "--post folder"
server_stop

# Only non-secure recipients: the post list, and no SMTP connection at all.
server_start "$T/nosmtp" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@private.example/' -e 's/r\.pryce@example\.org/r.pryce@private.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/plain.xml"
check_exit 0 "non-secure domains only: exit 0" "$PEPKIT" send -c "$T/council.xml" -l "$T/log-post" "$T/plain.xml"
check_grep "all five on the post list" "post list +5" "$T/err"
[ ! -s "$T/nosmtp/connections" ] && ok "no SMTP connection was made" || notok "pepkit connected: $(cat "$T/nosmtp/connections")"
n=$(ls "$T/log-post/post"/*.pdf | wc -l)
[ "$n" -eq 5 ] && ok "five post-list PDFs" || notok "five post-list PDFs (got $n)"
n=$($PY -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1])))))' "$T/log-post/post/post-list.csv")
[ "$n" -eq 5 ] && ok "post-list.csv has five rows" || notok "post-list.csv rows: $n"
for f in "$T/log-post/post"/*.pdf; do qpdf --check "$f" >/dev/null 2>&1 || notok "qpdf --check $f"; done

# Header injection: an address with a comma, and one with a newline (a character reference the
# schema's whitespace collapse does not remove from the value), are refused; others go on.
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example,boss@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example\&#10;Bcc: spy@council.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/inject.xml"
check_exit 1 "header injection: exit 1" "$PEPKIT" send -c "$T/council.xml" -l "$T/log-inject" "$T/inject.xml"
n=$(grep -c "is not one plain email address" "$T/err")
[ "$n" -eq 4 ] && ok "both addresses refused for both documents" || { notok "injection refusals: $n"; cat "$T/err"; }
check_grep "the carer's delivery still goes (post)" "post list +1" "$T/err"
[ ! -s "$T/nosmtp/connections" ] && ok "no SMTP connection for refused addresses" || notok "connected"
server_stop

# No meeting in the term yet: PEP2 is not due (counted, not an error), PEP1 still planned (a
# meeting in a valid record always has an attendee: pep.xsd).
$PY - tests/data/redact/canary.xml "$T/nomeeting.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"<meeting .*?</meeting>", "", s, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
check "record without a meeting is valid" "$PEPKIT" validate "$T/nomeeting.xml"
check "no meeting yet: dry run exit 0" "$PEPKIT" send -c "$T/council.xml" -l "$T/log-nm" --dry-run "$T/nomeeting.xml"
check_grep "no meeting yet: PEP2 counted as not due" "pepkit: 1 meeting record \(PEP2\) not due: no meeting in the record" "$T/err"
check_nogrep "... not an error" "goes to no one" "$T/err"
check_grep "no meeting yet: PEP1 still planned" "pep1 +sw1" "$T/out"

# A role with no audience: named in the error; the dry run's plan CSV marks it.
check_exit 1 "role without audience: dry run exit 1" "$PEPKIT" send -c "$T/council.xml" -l "$T/log-dry" --dry-run "$T/inject.xml"
sed -e 's|<attendee person="sw1" present="true"/>|&<attendee person="tp1" present="false"/>|' "$T/rec.xml" > "$T/tp.xml"
check_exit 1 "role 'other' without audience" "$PEPKIT" send -c "$T/council.xml" -l "$T/log-dry2" --dry-run --plan "$T/plan.csv" "$T/tp.xml"
check_grep "the role is named" "tp1 \(other\).*role 'other' has no audience in the council configuration" "$T/err"
$PY - "$T/plan.csv" <<'PY' && ok "plan CSV: route none with the reason" || notok "plan CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
r = [x for x in rows if x["person"] == "tp1"][0]
assert r["route"] == "none" and "no audience" in r["note"], r
assert {x["route"] for x in rows if x["person"] != "tp1"} <= {"tls", "post"}, rows
PY
[ ! -e "$T/log-dry2/send-log.sqlite" ] && ok "a dry run opens no send log" || notok "dry run made a send log"

# Configuration errors.
council "$T" 25 "$T/good-ca.pem"
sed 's|<relay host="127.0.0.1" port="25" tls="starttls"|<relay host="127.0.0.1" port="25" tls="none"|' "$T/council.xml" > "$T/bad.xml"
check_exit 1 "an invalid configuration is refused" "$PEPKIT" send -c "$T/bad.xml" --dry-run -l "$T/l" "$T/rec.xml"
check_grep "schema error names the file and line" "'.*bad.xml' line [0-9]+: not a valid council configuration" "$T/err"
sed 's|ca-file="[^"]*"/>|ca-file="x.pem"><auth username="u" password-file="pw"/></relay>|' "$T/council.xml" > "$T/pwfile.xml"
printf 'secret\n' > "$T/pw"; chmod 644 "$T/pw"
check_exit 1 "a world-readable password file is refused" "$PEPKIT" send -c "$T/pwfile.xml" -l "$T/l" "$T/rec.xml"
check_grep "says why" "may be read by others \(mode 644\)" "$T/err"
check_nogrep "never prints the password" "secret" "$T/err"
chmod 640 "$T/pw"
check_exit 1 "a group-readable password file is refused" "$PEPKIT" send -c "$T/pwfile.xml" -l "$T/l" "$T/rec.xml"
sed 's|ca-file="[^"]*"/>|ca-file="x.pem"><auth username="u" password-env="PK_TEST_UNSET_PW"/></relay>|' "$T/council.xml" > "$T/pwenv.xml"
check_exit 1 "an unset password variable is refused" env -u PK_TEST_UNSET_PW "$PEPKIT" send -c "$T/pwenv.xml" -l "$T/l" "$T/rec.xml"
check_grep "names the variable" "PK_TEST_UNSET_PW" "$T/err"
check_exit 2 "no --config is a usage error" "$PEPKIT" send "$T/rec.xml"
check_exit 2 "--password is not an option" "$PEPKIT" send -c "$T/council.xml" --password x "$T/rec.xml"
done_testing
