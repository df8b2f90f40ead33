#!/bin/sh
# t1010: where send keeps its log and where a dry run's plan goes. Before, `send` without --log
# made ./send-log/ in whatever folder it ran from, silently (a re-run from elsewhere found no log
# and sent everything again), and `send --dry-run` wrote send-plan.csv into that log folder
# without saying so. Now sending and --status need --log DIR (usage error, exit 2, nothing made);
# a dry run writes its plan CSV to --plan FILE, or LOGDIR/send-plan.csv with --log, and names it;
# a dry run with neither prints the plan, says no CSV was written and touches no folder.
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
send_ca "$T" good || notok "make the test CA"
council "$T" 9 "$T/good-ca.pem"
sed -e 's/m\.carvalho@example\.org/m.carvalho@council.secure.example/' \
    -e 's/r\.pryce@example\.org/r.pryce@school.secure.example/' \
    -e 's|<attendee person="tp1" present="false"/>||' tests/data/redact/canary.xml > "$T/rec.xml"
mkdir -p "$T/cwd"
cd "$T/cwd" || exit 1

check_exit 2 "send without --log: a usage error" "$PEPKIT" send -c "$T/council.xml" "$T/rec.xml"
check_grep "... asking for --log DIR" "no send log folder: give --log DIR" "$T/err"
[ -z "$(ls -A "$T/cwd")" ] && ok "... nothing made in the current folder" || notok "made: $(ls -A "$T/cwd")"
check_exit 2 "--status without --log: a usage error" "$PEPKIT" send --status
check_grep "... asking for --log DIR" "give --log DIR" "$T/err"

check_exit 0 "a dry run without --log or --plan" "$PEPKIT" send --dry-run -c "$T/council.xml" "$T/rec.xml"
check_grep "... prints the plan" "LA-CANARY-7" "$T/out"
check_grep "... says no CSV was written" "plan CSV not written \(give --plan FILE or --log DIR" "$T/err"
[ -z "$(ls -A "$T/cwd")" ] && ok "... nothing made in the current folder" || notok "made: $(ls -A "$T/cwd")"

check_exit 0 "a dry run with --log" "$PEPKIT" send --dry-run -c "$T/council.xml" -l "$T/log" "$T/rec.xml"
check_grep "... names the plan CSV" "plan CSV written to '$T/log/send-plan.csv'" "$T/err"
n=$(python3 -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], newline=""))))' "$T/log/send-plan.csv")
[ "$n" = 5 ] && ok "... which holds the 5 planned deliveries" || notok "send-plan.csv has $n rows"

check_exit 0 "a dry run with --plan FILE" "$PEPKIT" send --dry-run -c "$T/council.xml" --plan "$T/p.csv" "$T/rec.xml"
check_grep "... names it" "plan CSV written to '$T/p.csv'" "$T/err"
[ -s "$T/p.csv" ] && ok "... written" || notok "no $T/p.csv"
[ -z "$(ls -A "$T/cwd")" ] && ok "... and no log folder made" || notok "made: $(ls -A "$T/cwd")"
check "--help says --log is required to send" sh -c "'$PEPKIT' send --help | tr -s ' \n' ' ' | grep -q 'required to send'"
done_testing
