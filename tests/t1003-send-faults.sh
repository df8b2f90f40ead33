#!/bin/sh
# t1003-send-faults: `pepkit send` when things break, against a real server on loopback.
# 1. The server drops the connection after the message data, before its reply (pkmaildir.py,
#    recipients starting "drop"): that delivery becomes `unknown`, the others go on; a re-run
#    does not resend it; --retry-unknown resends it with the same Message-ID.
# 2. kill -9 of `pepkit send` at random moments (after a random number of deliveries, read from
#    the send log), several times, then re-runs: no delivery reaches the server twice unless
#    its row went through `unknown` and was resent on request, and every delivery ends sent or
#    on the post list.
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"

send_ca "$T" good || notok "make the test CA"
server_start "$T/srv" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"

# 1. dropped mid-transaction
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/drop.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' \
    tests/data/redact/canary.xml > "$T/rec.xml"
L="$T/log/send-log.sqlite"
check_exit 1 "dropped connection: exit 1" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "the dropped deliveries are unknown" "pep2 dt1 \(designated-teacher\): unknown: connection lost after the message data began" "$T/err"
check_grep "the others go on: 2 sent" "sent now +2" "$T/err"
check_grep "2 unknown" "unknown +2" "$T/err"
n=$(maildir_count "$T/srv")
[ "$n" -eq 2 ] && ok "two messages delivered (the social worker's, before and after the drop)" || notok "delivered $n"
st=$(sqlite3 "$L" "select group_concat(state) from (select state from delivery where person='dt1' order by document)")
[ "$st" = "unknown,unknown" ] && ok "log: dt1 rows unknown" || notok "log: dt1 rows '$st'"
mid1=$(sqlite3 "$L" "select message_id from delivery where person='dt1' and document='pep2'")
check_exit 1 "re-run without --retry-unknown: still exit 1" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "unknown ones are not resent" "unknown \(not resent without --retry-unknown\)" "$T/err"
n=$(maildir_count "$T/srv")
[ "$n" -eq 2 ] && ok "re-run sent nothing" || notok "re-run delivered (now $n)"
check_exit 0 "--retry-unknown: exit 0" "$PEPKIT" send -c "$T/council.xml" -l "$T/log" --retry-unknown "$T/rec.xml"
check_grep "two resent" "sent now +2" "$T/err"
n=$(maildir_count "$T/srv")
[ "$n" -eq 4 ] && ok "four messages in all" || notok "delivered $n"
mid2=$(sqlite3 "$L" "select message_id from delivery where person='dt1' and document='pep2'")
[ "$mid1" = "$mid2" ] && ok "same Message-ID on the resend" || notok "Message-ID changed"
grep -rqF "Message-ID: $mid1" "$T/srv/maildir/new" && ok "the resent message carries it" || notok "resent Message-ID not found"
att=$(sqlite3 "$L" "select attempts from delivery where person='dt1' and document='pep2'")
[ "$att" = 2 ] && ok "log: two attempts" || notok "log: attempts $att"

# 2. kill -9 at random moments
server_stop
server_start "$T/srv2" --tlscert "$T/good-srv.pem" --tlskey "$T/good-srv.key"
council "$T" "$PORT" "$T/good-ca.pem"
sed -i -e 's|<domain match="suffix">secure.example</domain>|&<domain match="suffix">example.org</domain>|' \
	-e 's|</roles>|<role name="interpreter" audience="parent"/><role name="other" audience="parent"/>&|' "$T/council.xml"
"$PEPKIT" sample --children 8 --seed 11 -o "$T/cohort" > /dev/null 2>&1 || notok "sample cohort"
"$PEPKIT" send -c "$T/council.xml" -l "$T/plan" --dry-run --plan "$T/plan.csv" "$T/cohort" > /dev/null 2>&1
total=$($PY -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r["route"] != "none"))' "$T/plan.csv")
[ "$total" -gt 20 ] && ok "cohort plan: $total deliveries" || notok "cohort plan: $total deliveries"
L2="$T/log2/send-log.sqlite"
done_count() {
	[ -f "$L2" ] && sqlite3 "$L2" "select count(*) from delivery where state in ('sent','refused','unknown','failed')" 2>/dev/null || echo 0
}
kills=0
for i in 1 2 3 4 5 6; do
	k=$($PY -c "import random; print(random.randint(0, $total))")
	"$PEPKIT" send -q -c "$T/council.xml" -l "$T/log2" "$T/cohort" > /dev/null 2>&1 &
	pid=$!
	# bounded poll: until k deliveries are done (by the log) or the run ends
	j=0
	while [ $j -lt 3000 ] && kill -0 $pid 2>/dev/null && [ "$(done_count)" -lt "$k" ]; do
		j=$((j + 1))
		$PY -c 'import time; time.sleep(0.01)'
	done
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
done
ok "killed pepkit send $kills times at random points"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log2" "$T/cohort" > /dev/null 2>"$T/err"
st=$?
unknown=$(sqlite3 "$L2" "select count(*) from delivery where state='unknown'")
{ [ $st -eq 0 ] || { [ $st -eq 1 ] && [ "$unknown" -gt 0 ]; }; } && ok "a re-run finishes all but unknown deliveries (exit $st)" ||
	{ notok "re-run exit $st"; cat "$T/err"; }
check_exit 0 "then --retry-unknown finishes everything" "$PEPKIT" send -c "$T/council.xml" -l "$T/log2" --retry-unknown "$T/cohort"
ok "($unknown deliveries were unknown after the kills)"
rows=$(sqlite3 "$L2" "select count(*) from delivery")
[ "$rows" -eq "$total" ] && ok "one log row per planned delivery ($rows)" || notok "log rows $rows, planned $total"
bad=$(sqlite3 "$L2" "select count(*) from delivery where state not in ('sent','refused')")
[ "$bad" -eq 0 ] && ok "every delivery ends sent or on the post list" || notok "$bad deliveries not finished"
sqlite3 "$L2" "select message_id, attempts from delivery where state='sent'" > "$T/sent.txt"
$PY - "$T/srv2/maildir/new" "$T/sent.txt" <<'PY' > "$T/dups.txt" 2>&1 && ok "nothing sent twice except unknown deliveries resent on request" || { notok "duplicates"; cat "$T/dups.txt"; }
import collections, email, os, sys
seen = collections.Counter()
for n in os.listdir(sys.argv[1]):
    m = email.message_from_binary_file(open(os.path.join(sys.argv[1], n), "rb"))
    seen[m["Message-ID"]] += 1
attempts = dict(l.rstrip("\n").split("|") for l in open(sys.argv[2]))
assert set(seen) == set(attempts), ("delivered vs log", set(seen) ^ set(attempts))
bad = [(mid, c) for mid, c in seen.items() if c > 1 and int(attempts[mid]) < 2]
assert not bad, bad
print("messages:", sum(seen.values()), "distinct:", len(seen), "resent:", sum(c - 1 for c in seen.values()))
PY
sed 's/^/# /' "$T/dups.txt"
server_stop
done_testing
