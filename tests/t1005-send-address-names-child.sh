#!/bin/sh
# t1005: a recipient's email address holding a word of the child's names: the child's own
# ("adaeze.nwosu@..."), a kinship carer's ("reject.nwosu@...", refused by a relay that echoes
# the address: tests/data/send/pkecho.py). The message still goes to the real address, but the
# send log, the audit CSV, the plan (stderr and send-plan.csv), post-list.csv and the reasons
# (the relay's words, a certificate's file name) show it as "(withheld)@domain".
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good || notok "make the test CA"
SMTP_HANDLER=pkecho.Maildir server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
# yp is the child (role child), now at the meeting with her own address; the carer's address
# holds the child's family name
sed -e 's|<person id="yp" role="child"><name>Adaeze Þórsdóttir-Nwosu</name></person>|<person id="yp" role="child"><name>Adaeze Þórsdóttir-Nwosu</name><email>adaeze.nwosu@council.secure.example</email></person>|' \
    -e 's|<attendee person="tp1" present="false"/>|<attendee person="yp" present="true"/>|' \
    -e 's|quokka\.carer@example\.org|reject.nwosu@council.secure.example|' \
    tests/data/redact/canary.xml > "$T/rec.xml"
check "the record is valid" "$PEPKIT" validate "$T/rec.xml"
NAMES='adaeze|nwosu'
check_exit 0 "dry run" "$PEPKIT" send -c "$T/council.xml" -l "$T/plan" --dry-run "$T/rec.xml"
cat "$T/out" "$T/err" > "$T/all"
check_grep "the plan shows the child's delivery" "yp +child +child +tls +\(withheld\)@council.secure.example" "$T/all"
check_nogrep "... and no name on stdout or stderr" "$NAMES" "$(printf '%s' "$T/all")"
if grep -Eiq "$NAMES" "$T/plan/send-plan.csv"; then notok "send-plan.csv holds a name"; else ok "send-plan.csv holds no name"; fi
L="$T/log/send-log.sqlite"
check_exit 1 "send (the relay refuses the carer: exit 1)" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
cat "$T/out" "$T/err" > "$T/all"
if grep -Eiq "$NAMES" "$T/all"; then notok "a name on stdout/stderr"; grep -Ei "$NAMES" "$T/all" | sed 's/^/#   /'; else ok "no name on stdout/stderr"; fi
check_grep "the relay's words, address withheld" "refused by the relay: 550 5.1.1 <\(withheld\)@council.secure.example>: Recipient address rejected" "$T/err"
if sqlite3 "$L" .dump | grep -Eiq "$NAMES"; then notok "the send log holds a name"; sqlite3 "$L" .dump | grep -Ei "$NAMES" | head -3 | sed 's/^/#   /'; else ok "the send log holds no name"; fi
n=$(sqlite3 "$L" "SELECT count(*) FROM delivery WHERE person='yp' AND state='sent' AND recipient='(withheld)@council.secure.example'")
[ "$n" = 1 ] && ok "the child's delivery is logged sent, address withheld" || notok "$n rows"
grep -rlq '^To: .*adaeze\.nwosu@council\.secure\.example' "$T/srv/maildir/new" && ok "... and reached her real address" || notok "not delivered to the real address"
check "--status --audit" "$PEPKIT" send -l "$T/log" --status --audit "$T/audit.csv"
if grep -Eiq "$NAMES" "$T/audit.csv" "$T/out" "$T/err"; then notok "the audit or status holds a name"; else ok "the audit and status hold no name"; fi
find "$T/log" -name post-list.csv | while read -r f; do if grep -Eiq "$NAMES" "$f"; then echo "x"; fi; done > "$T/pl"
[ -s "$T/pl" ] && notok "post-list.csv holds a name" || ok "post-list.csv holds no name"
# a certificate on file for the child's address that names another address: its reason names
# the file (certificates/ADDRESS.pem), shown withheld
mkdir -p "$T/certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=someone.else@council.secure.example" \
	-addext "subjectAltName=email:someone.else@council.secure.example" -keyout "$T/k.pem" \
	-out "$T/certs/adaeze.nwosu@council.secure.example.pem" 2>/dev/null || notok "make a certificate"
check_exit 1 "send again with a wrong certificate on file (a new log)" "$PEPKIT" send -c "$T/council.xml" -l "$T/log2" "$T/rec.xml"
check_grep "the certificate's failure is said" "yp \(child\): failed: .*certificate is not for" "$T/err"
if grep -Eiq "$NAMES" "$T/err" "$T/out"; then notok "a name in the certificate's reason"; grep -Ei "$NAMES" "$T/err" | sed 's/^/#   /'; else ok "... without the address"; fi
if sqlite3 "$T/log2/send-log.sqlite" .dump | grep -Eiq "$NAMES"; then notok "the second log holds a name"; else ok "the second log holds no name"; fi
server_stop
done_testing
