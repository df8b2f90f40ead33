# t0105: a named pipe (FIFO) where a record, an export or a profile is expected is refused at
# once, naming the file, by every command that reads inputs: none may block in open() forever
# (a blocked `archive deposit` held the store's lock), and pack lists the FIFO record in its
# report as unreadable instead of leaving it out (adversarial finding: send, deposit, merge
# and pack --attainment hung; pack left the record out with exit 0). Each command is bounded
# by timeout, so a hang is a failure, not a stuck suite.
. tests/lib.sh

mkdir -p "$T/c" "$T/e" "$T/cf"
cp "$SAMPLES/ks2-initial.xml" "$T/c/"
cp "$SAMPLES/ks2-initial.xml" "$T/cf/"
mkfifo "$T/cf/zz.xml" "$T/e/x.csv"
cat > "$T/council.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<council name="T" version="1">
  <sender address="vs@council.example" name="VS"/>
  <relay host="127.0.0.1" port="1" tls="starttls" ca-file="/etc/ssl/certs/ca-certificates.crt"/>
  <secure-domains><domain match="suffix">example.org</domain></secure-domains>
  <roles><role name="designated-teacher" audience="school"/><role name="carer" audience="carer"/>
    <role name="social-worker" audience="record"/><role name="virtual-school-adviser" audience="record"/>
    <role name="child" audience="child"/></roles>
  <documents><document name="pep2" to="meeting"/></documents>
  <marking>OFFICIAL-SENSITIVE</marking>
  <body>{document} {child-id}</body><letter>{document} {child-id}</letter>
</council>
X
# $1 description, $2 pattern the message must hold, $3 where the message goes (err: stderr, or
# a report's path pattern), $4... the command: it must end within 20 s, non-zero, naming the
# FIFO as not a regular file
refused() {
	d=$1; pat=$2; where=$3; shift 3
	timeout -k 5 20 "$@" > "$T/out" 2> "$T/err"; rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		notok "$d: still running after 20 s"
	elif [ $rc -eq 0 ]; then
		notok "$d: exit 0"
	else
		ok "$d: refused (exit $rc)"
	fi
	[ "$where" = err ] && f="$T/err" || f=$(ls $where 2>/dev/null | head -n 1)
	check_grep "$d: the message names the file" "$pat.*(not a regular file|cannot be read)|not a regular file.*$pat" "${f:-$T/none}"
}
refused "validate, FIFO record" "zz.xml" err "$PEPKIT" validate "$T/cf"
refused "qa, FIFO record" "zz.xml" "$T/q/qa-report.csv" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/cf"
refused "send --dry-run, FIFO record" "zz.xml" err "$PEPKIT" send -c "$T/council.xml" --dry-run -l "$T/log" "$T/cf"
refused "archive deposit, FIFO record" "zz.xml" "$T/s/reports/deposit-*.csv" "$PEPKIT" archive deposit -q --store "$T/s" "$T/cf"
check_exit 0 "the store is not left locked: a deposit of good records works" \
	timeout 60 "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
timeout -k 5 60 "$PEPKIT" pack -q -o "$T/p2" "$T/cf" > "$T/out" 2> "$T/err"; rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && ok "pack with a FIFO record exits non-zero ($rc)" || notok "pack with a FIFO record exits non-zero ($rc)"
check_grep "pack's report lists the FIFO record" "zz\.xml.*not a regular file" "$T/p2/pack-report.csv"
# an export that is a named pipe is a rejected file: the merge and the pack go on
cp tests/data/csv/arbor.csv "$T/e/"
timeout -k 5 60 "$PEPKIT" merge -o "$T/m" "$T/c" "$T/e" > "$T/out" 2> "$T/err"; rc=$?
[ $rc -ne 124 ] && [ $rc -ne 137 ] && ok "merge with a FIFO export ends ($rc)" || notok "merge with a FIFO export ends"
check_grep "merge-report.csv rejects the FIFO, saying why" '"rejected","[^"]*x\.csv",.*not a regular file' "$T/m/merge-report.csv"
timeout -k 5 60 "$PEPKIT" pack -q --attainment "$T/e" -o "$T/p3" "$T/c" > "$T/out" 2> "$T/err"; rc=$?
[ $rc -ne 124 ] && [ $rc -ne 137 ] && ok "pack --attainment with a FIFO export ends ($rc)" || notok "pack --attainment with a FIFO export ends"
check_grep "the pack still renders the child" 'ks2-initial\.xml","done"' "$T/p3/pack-report.csv"
done_testing
