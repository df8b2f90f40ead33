#!/bin/sh
# t1001-send: `pepkit send` end to end against a real SMTP server (/usr/bin/aiosmtpd on
# 127.0.0.1, STARTTLS with a test CA made here by openssl, delivering to a Maildir). The canary
# record (tests/data/redact) goes to: the social worker and designated teacher (secure domain:
# TLS enforced), the carer (S/MIME: a certificate is on file), a health visitor (gateway
# keyword), the child (no address: post list) and a third party whose role has no audience
# (refused with a clear error). Checks with Python's email package and openssl: subjects,
# headers, attachment names, no child name in any header or file name, each attachment
# byte-identical to `pepkit render` of that reader's copy and free of the canaries that reader
# may not see (leakscan.py), the S/MIME message decrypting with the recipient's key; the send
# log (SQLite, WAL, 0600), a re-run sending nothing, a changed copy sent as a new delivery,
# --status and the audit CSV; the designated teacher's pre-filled Word form (DOCX).
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
SCAN="$PY tests/data/redact/leakscan.py"
CAN=tests/data/redact/canaries.tsv

allowed() {
	f="templates/audiences/$1.xml"
	xmllint --xpath '//allow/@category' "$f" 2>/dev/null |
		sed 's/ *category="\([^"]*\)"/\1,/g' | tr -d '\n'
	[ "$(xmllint --xpath 'count(//knows-school|//allow[@category="placement-address"])' "$f")" != 0 ] &&
		printf 'school-location'
}

send_ca "$T" good || notok "make the test CA"
send_smime_cert "$T" quokka.carer@example.org || notok "make the recipient's certificate"
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<person id="yp" role="child">|<person id="hv1" role="health"><name>Tobias Lindqvist</name><organisation>Community health</organisation><email>t.lindqvist@trust.nhs.example</email></person>&|' \
    -e 's|<attendee person="tp1" present="false"/>|&<attendee person="hv1" present="false"/><attendee person="yp" present="true"/>|' \
    tests/data/redact/canary.xml > "$T/rec.xml"
check "the test record is valid" "$PEPKIT" validate "$T/rec.xml"

check_exit 1 "send: exit 1 (one delivery cannot be made)" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
cp "$T/err" "$T/err1"
check_grep "the refused role is named" "tp1 \(other\).*role 'other' has no audience" "$T/err1"
check_grep "summary: 6 sent" "sent now +6" "$T/err1"
check_grep "summary: 1 on the post list" "post list +1" "$T/err1"
check_grep "summary: 1 cannot be sent" "cannot be sent +1" "$T/err1"
n=$(maildir_count "$T/srv")
[ "$n" -eq 6 ] && ok "6 messages delivered" || notok "6 messages delivered (got $n)"
ehlo=$(grep -c . "$T/srv/connections")
[ "$ehlo" -eq 2 ] && ok "one connection for all messages (EHLO, then EHLO after STARTTLS)" ||
	notok "one connection reused (saw $ehlo EHLO lines)"

# Read every message with Python's email package; S/MIME ones are decrypted with openssl cms.
mkdir -p "$T/att" "$T/hdr"
for m in "$T"/srv/maildir/new/*; do
	if grep -q 'application/pkcs7-mime' "$m"; then
		cp "$m" "$T/smime.eml"
		if openssl cms -decrypt -in "$m" -recip "$T/certs/quokka.carer@example.org.pem" \
			-inkey "$T/keys/quokka.carer@example.org.key" -out "$T/smime-inner.eml" 2>"$T/cms.err"; then
			ok "S/MIME message decrypts with the recipient's key (openssl cms -decrypt)"
		else
			notok "S/MIME message decrypts"; cat "$T/cms.err"
		fi
	fi
done
$PY - "$T" > "$T/messages.txt" 2>&1 <<'PY' || notok "python email reads the messages"
import email, email.policy, os, sys
T = sys.argv[1]
aud = {"m.carvalho@council.secure.example": "record", "r.pryce@school.secure.example": "school",
       "quokka.carer@example.org": "carer", "t.lindqvist@trust.nhs.example": "health"}
d = os.path.join(T, "srv/maildir/new")
for name in sorted(os.listdir(d)):
    raw = open(os.path.join(d, name), "rb").read()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends only"
    m = email.message_from_bytes(raw, policy=email.policy.default)
    to = str(m["To"])
    a = aud[to]
    with open(os.path.join(T, "hdr", name), "w") as f:
        for k, v in m.items():
            f.write("%s: %s\n" % (k, v))
    smime = m.get_content_type() == "application/pkcs7-mime"
    body = m
    if smime:
        body = email.message_from_bytes(open(os.path.join(T, "smime-inner.eml"), "rb").read(),
                                        policy=email.policy.default)
    assert body.get_content_type() == "multipart/mixed", body.get_content_type()
    parts = list(body.iter_parts())
    assert parts[0].get_content_type() == "text/plain"
    att = parts[1]
    fn = att.get_filename()
    doc = fn.split("-")[3]
    os.makedirs(os.path.join(T, "att", a), exist_ok=True)
    open(os.path.join(T, "att", a, doc + ".pdf"), "wb").write(att.get_payload(decode=True))
    open(os.path.join(T, "att", a, doc + "-body.txt"), "w").write(parts[0].get_content())
    print("|".join([to, a, str(m["Subject"]), fn, att.get_content_type(), str(m["Message-ID"]),
                    "smime" if smime else "plain", str(m["From"])]))
PY
sed 's/^/# /' "$T/messages.txt"
check_grep "TLS: social worker's PEP2 subject" '^m\.carvalho@council\.secure\.example\|record\|OFFICIAL-SENSITIVE: PEP2 LA-CANARY-7 Autumn 2025\|LA-CANARY-7-pep2-2025-autumn\.pdf\|application/pdf\|<[0-9a-f]{40}\.pepkit@council\.secure\.example>\|plain\|"?Test Virtual School"? <virtual\.school@council\.secure\.example>$' "$T/messages.txt"
check_grep "TLS: designated teacher's PEP1" '^r\.pryce@school\.secure\.example\|school\|OFFICIAL-SENSITIVE: PEP1 LA-CANARY-7 Autumn 2025\|LA-CANARY-7-pep1-2025-autumn\.pdf\|' "$T/messages.txt"
check_grep "S/MIME: the carer's PEP2, encrypted" '^quokka\.carer@example\.org\|carer\|OFFICIAL-SENSITIVE: PEP2 LA-CANARY-7 Autumn 2025\|LA-CANARY-7-pep2-2025-autumn\.pdf\|application/pdf\|.*\|smime\|' "$T/messages.txt"
check_grep "gateway: the subject keyword" '^t\.lindqvist@trust\.nhs\.example\|health\|OFFICIAL-SENSITIVE: PEP2 LA-CANARY-7 Autumn 2025 \[secure\]\|' "$T/messages.txt"
n=$(cut -d'|' -f6 "$T/messages.txt" | sort -u | wc -l)
[ "$n" -eq 6 ] && ok "six distinct Message-IDs" || notok "six distinct Message-IDs (got $n)"

# Each attachment is exactly that reader's copy, as `pepkit render` makes it.
for a in record school carer health; do
	for doc in pep1 pep2; do
		[ -f "$T/att/$a/$doc.pdf" ] || continue
		"$PEPKIT" render --doc "$doc" --audience "$a" -o "$T/render-$a-$doc.pdf" "$T/rec.xml" 2>/dev/null
		if cmp -s "$T/att/$a/$doc.pdf" "$T/render-$a-$doc.pdf"; then
			ok "$a $doc: the attachment is byte-identical to the rendered copy"
		else
			notok "$a $doc: the attachment is not the rendered copy"
		fi
		pdftotext -enc UTF-8 "$T/att/$a/$doc.pdf" "$T/att/$a/$doc.txt" || notok "pdftotext $a $doc"
		qpdf --qdf --object-streams=disable "$T/att/$a/$doc.pdf" "$T/att/$a/$doc-qdf.pdf" 2>/dev/null
	done
done
$SCAN present "$CAN" "$T/att/record" > "$T/present" 2>&1 && ok "the record copy shows every canary (the scan can fail)" ||
	{ notok "the record copy lacks canaries"; head "$T/present"; }
for a in school carer health; do
	$SCAN leaks "$CAN" "$(allowed "$a")" "$T/att/$a" > "$T/hits" 2>&1 &&
		ok "$a: no withheld canary in the delivered copy" ||
		{ notok "$a: withheld canaries in the delivered copy"; head -n 20 "$T/hits" | sed 's/^/#   /'; }
done
# No child name anywhere outside the encrypted content: headers, file names, log, audit, stderr.
printf 'child-name\tAdaeze\nchild-name\tÞórsdóttir-Nwosu\n' > "$T/names.tsv"
mkdir -p "$T/meta"
cp "$T/err1" "$T/meta/stderr.txt"
ls "$T/att"/* "$T/log" "$T/log/post" > "$T/meta/files.txt"
cut -d'|' -f4 "$T/messages.txt" >> "$T/meta/files.txt"
sqlite3 "$T/log/send-log.sqlite" .dump > "$T/meta/log.sql"
cp "$T/log/post/post-list.csv" "$T/meta/"
cp -r "$T/hdr" "$T/meta/"
$SCAN leaks "$T/names.tsv" "" "$T/meta" > "$T/hits" 2>&1 && ok "no child name in headers, file names, log, post list or messages" ||
	{ notok "child name found"; head "$T/hits"; }
# (the carer's own address, a carer-contact canary, is the To of the carer's message)
$SCAN leaks "$CAN" "carer-contact" "$T/hdr" > "$T/hits" 2>&1 && ok "no canary in any message header" ||
	{ notok "canary in a header"; head "$T/hits"; }

# The post list: one PDF (covering letter, then the child's copy) and the post room's CSV.
pdfs=$(ls "$T/log/post"/*.pdf 2>/dev/null | wc -l)
[ "$pdfs" -eq 1 ] && ok "one post-list PDF" || notok "one post-list PDF (got $pdfs)"
p=$(ls "$T/log/post"/*.pdf | head -n 1)
case "$(basename "$p")" in LA-CANARY-7-pep2-2025-autumn-yp-*.pdf) ok "post PDF named by ids";; *) notok "post PDF name '$p'";; esac
check "post PDF passes qpdf --check" qpdf --check "$p"
pdftotext -enc UTF-8 "$p" "$T/post.txt"
check_grep "covering letter names the recipient" "Adaeze" "$T/post.txt"
check_grep "covering letter text" "prepared for you as: child" "$T/post.txt"
check_grep "then the copy" "Copy for" "$T/post.txt"
mkdir -p "$T/postscan" && cp "$T/post.txt" "$T/postscan/"
$SCAN leaks "$CAN" "$(allowed child)" "$T/postscan" > "$T/hits" 2>&1 && ok "post copy: no canary the child may not see" ||
	{ notok "post copy leaks"; head "$T/hits"; }
$PY - "$T/log/post/post-list.csv" <<'PY' && ok "post-list.csv: one row, the PDF's name" || notok "post-list.csv"
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 1, rows
r = rows[0]
assert r["child"] == "LA-CANARY-7" and r["person"] == "yp" and r["reader"] == "child", r
assert os.path.exists(os.path.join(os.path.dirname(sys.argv[1]), r["file"])), r["file"]
PY

# The send log: SQLite, WAL, 0600, one row per delivery with its state and the server's reply.
L="$T/log/send-log.sqlite"
mode=$(stat -c %a "$L")
[ "$mode" = 600 ] && ok "send log mode 0600" || notok "send log mode $mode"
is_() { [ "$2" = "$3" ] && ok "$1" || notok "$1 (got '$2', want '$3')"; }
is_ "send log in WAL mode" "$(sqlite3 "$L" 'PRAGMA journal_mode')" wal
is_ "log: 6 sent, 1 refused" "$(sqlite3 "$L" "select group_concat(state || '=' || n) from (select state, count(*) n from delivery group by state order by state)")" "refused=1,sent=6"
is_ "log: every sent row has the server's reply" "$(sqlite3 "$L" "select count(*) from delivery where state='sent' and reply like '250 2.0.0 Ok: queued as %'")" 6
is_ "log: routes" "$(sqlite3 "$L" "select group_concat(route || '=' || n) from (select route, count(*) n from delivery group by route order by route)")" "gateway=1,post=1,smime=1,tls=4"
is_ "log: copy hashes are the attachments' SHA-256" \
	"$(sqlite3 "$L" "select copy_hash from delivery where person='sw1' and document='pep2'")" \
	"$(sha256sum "$T/att/record/pep2.pdf" | cut -d' ' -f1)"
is_ "log: Message-ID as sent" \
	"$(sqlite3 "$L" "select message_id from delivery where recipient='quokka.carer@example.org'")" \
	"$(grep '^quokka' "$T/messages.txt" | cut -d'|' -f6)"

# A re-run sends nothing again.
check_exit 1 "re-run (the invalid delivery still cannot be made)" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "re-run: 6 sent before" "sent before +6" "$T/err"
check_grep "re-run: nothing sent now" "sent now +0" "$T/err"
n=$(maildir_count "$T/srv")
[ "$n" -eq 6 ] && ok "re-run delivered nothing new" || notok "re-run delivered more ($n)"

# A changed copy is a new delivery: change the PEP1-only part every reader sees.
sed 's/Reading record signed five nights a week\./Reading record signed six nights a week./' "$T/rec.xml" > "$T/rec2.xml"
check_exit 1 "send the changed record" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec2.xml"
check_grep "changed copy: 2 sent now (PEP1 for two readers)" "sent now +2" "$T/err"
check_grep "changed copy: PEP2 unchanged, 4 sent before" "sent before +4" "$T/err"
n=$(maildir_count "$T/srv")
[ "$n" -eq 8 ] && ok "two new messages" || notok "two new messages (total $n)"

# --status and the audit CSV (never content: no canary, no name).
check "send --status" "$PEPKIT" send --status -l "$T/log"
check_grep "status counts sent" "^sent +8$" "$T/out"
check_grep "status counts posted" "^posted +1$" "$T/out"
check "send --status --audit" "$PEPKIT" send --status -l "$T/log" --audit "$T/audit.csv"
$PY - "$T/audit.csv" <<'PY' && ok "audit CSV: every delivery, reader, hash, route, reply" || notok "audit CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 9, len(rows)
for r in rows:
    assert len(r["copy_sha256"]) == 64 and r["reader"] and r["route"] in ("tls", "smime", "gateway", "post"), r
    assert r["state"] in ("sent", "refused"), r
    assert r["state"] != "sent" or r["server_reply"].startswith("250 "), r
    assert r["when"].endswith("Z")
PY
mkdir -p "$T/auditscan" && cp "$T/audit.csv" "$T/auditscan/"
$SCAN leaks "$T/names.tsv" "" "$T/auditscan" > "$T/hits" 2>&1 && ok "audit: no child name" || notok "audit: child name"
$SCAN leaks "$CAN" "carer-contact" "$T/auditscan" > "$T/hits" 2>&1 && ok "audit: no content (only the carer's own address)" ||
	{ notok "audit holds content"; head "$T/hits"; }

# A second run on the same log folder while one holds it is refused (core/lock.h).
$PY - "$T/log" "$PEPKIT" "$T/council.xml" "$T/rec.xml" > "$T/lock.out" 2>&1 <<'PY'
import fcntl, os, subprocess, sys
fd = os.open(os.path.join(sys.argv[1], ".pepkit.lock"), os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
r = subprocess.run([sys.argv[2], "send", "-c", sys.argv[3], "-l", sys.argv[1], sys.argv[4]],
                   capture_output=True, text=True)
print(r.returncode, r.stderr)
PY
check_grep "a held log folder is refused" "^3 .*in use by another pepkit run" "$T/lock.out"
# The designated teacher's pre-filled PEP1 Word form (form-pep1): a DOCX attachment that is
# exactly `pepkit template --audience school` of the record, readable by python-docx, with no
# canary the school may not see.
sed 's|<document name="pep1" to="roles" roles="designated-teacher social-worker"/>|<document name="form-pep1" to="roles" roles="designated-teacher"/>|;
     s|<document name="pep2" to="meeting"/>||' "$T/council.xml" > "$T/council-form.xml"
before=$(maildir_count "$T/srv")
check_exit 0 "send the form" "$PEPKIT" send -c "$T/council-form.xml" -l "$T/log-form" "$T/rec.xml"
n=$(maildir_count "$T/srv")
[ "$n" -eq $((before + 1)) ] && ok "one form message" || notok "one form message (got $((n - before)))"
m=$(grep -l "form-pep1" "$T"/srv/maildir/new/* | head -n 1)
"$PEPKIT" template --doc pep1 --from "$T/rec.xml" --term 2025-autumn --audience school -o "$T/form-school.docx" 2>/dev/null
mkdir -p "$T/formscan"
$PY - "$m" "$T/form-school.docx" "$T/formscan" <<'PY' > "$T/form.out" 2>&1 && ok "form: subject, DOCX attachment identical to pepkit template, python-docx reads it" || { notok "form message"; cat "$T/form.out"; }
import email, email.policy, io, sys, docx
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
assert str(m["Subject"]) == "OFFICIAL-SENSITIVE: PEP1 form LA-CANARY-7 Autumn 2025", m["Subject"]
att = list(m.iter_attachments())[0]
assert att.get_filename() == "LA-CANARY-7-form-pep1-2025-autumn.docx", att.get_filename()
assert att.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
data = att.get_payload(decode=True)
assert data == open(sys.argv[2], "rb").read(), "not the school's form"
docx.Document(io.BytesIO(data))   # python-docx opens it
# every part's text (content controls included), for the leak scan
import re, zipfile
z = zipfile.ZipFile(io.BytesIO(data))
text = ""
for name in z.namelist():
    if name.endswith(".xml"):
        text += re.sub(r"<[^>]+>", " ", z.read(name).decode("utf-8")) + "\n"
open(sys.argv[3] + "/form.txt", "w").write(text)
assert "LA-CANARY-7" in text, "child id not in the form"
PY
$SCAN leaks "$CAN" "$(allowed school)" "$T/formscan" > "$T/hits" 2>&1 && ok "form: no canary the school may not see" ||
	{ notok "form leaks"; head "$T/hits"; }
# a certificate filed under the carer's address that is another person's (its subjectAltName
# names another address) is refused: nothing is encrypted to it, the delivery fails with the
# reason, and no message reaches the carer (adversarial finding)
mkdir -p "$T/wrongcert/certs" "$T/wrongkeys"
send_smime_cert "$T/wrongkeys" someone.else@example.org || notok "make another person's certificate"
cp "$T/wrongkeys/certs/someone.else@example.org.pem" "$T/wrongcert/certs/quokka.carer@example.org.pem"
sed "s|<certificates folder=\"[^\"]*\"|<certificates folder=\"$T/wrongcert/certs\"|" "$T/council.xml" > "$T/council-wrong.xml"
grep -q "$T/wrongcert/certs" "$T/council-wrong.xml" && ok "council with the misfiled certificate" || notok "council with the misfiled certificate"
carer_msgs() { grep -l "quokka.carer@example.org" "$T"/srv/maildir/new/* 2>/dev/null | wc -l; }
before=$(carer_msgs)
"$PEPKIT" send -c "$T/council-wrong.xml" -l "$T/log-wrong" "$T/rec.xml" > "$T/wrong.out" 2> "$T/wrong.err"
[ $? -ne 0 ] && ok "send with a misfiled certificate exits non-zero" || notok "send with a misfiled certificate exits non-zero"
check_grep "the reason names the certificate and the address" "quokka\.carer@example\.org\.pem.*not for 'quokka\.carer@example\.org'" "$T/wrong.err"
is_ "the carer's delivery is logged as failed" "$(sqlite3 "$T/log-wrong/send-log.sqlite" "select state from delivery where recipient='quokka.carer@example.org'")" "failed"
is_ "no message reached the carer" "$(carer_msgs)" "$before"
server_stop
done_testing
