#!/bin/sh
# pepkit qa: every QA check of the default framework, and every timescale rule, with a record
# made to pass it and one made to fail it (tests/data/qa-variants.py makes them from
# samples/ks2-initial.xml); the overall rules of the three shipped frameworks; the adviser's
# confirmed rating; an invalid record reported, not rated; outputs 0600 under the lock.
. tests/lib.sh

mkdir -p "$T/c" && python3 tests/data/qa-variants.py "$SAMPLES/ks2-initial.xml" "$T/c"
sha_before=$(sha256sum "$T/c/adviser-red.xml")

# col RUN FILE COLUMN: the value of COLUMN in FILE's row of RUN/qa-report.csv
col() {
	python3 - "$1/qa-report.csv" "$2" "$3" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):
    if r['file'] == sys.argv[2] + '.xml':
        print(r[sys.argv[3]])
PY
}
# has DESC RUN FILE COLUMN TEXT: the column contains TEXT (fixed string)
has() {
	v=$(col "$2" "$3" "$4")
	case "$v" in *"$5"*) ok "$1" ;; *) notok "$1 (got '$v')" ;; esac
}
hasnt() {
	v=$(col "$2" "$3" "$4")
	case "$v" in *"$5"*) notok "$1 (got '$v')" ;; *) ok "$1" ;; esac
}
is_col() {
	v=$(col "$2" "$3" "$4")
	if [ "$v" = "$5" ]; then ok "$1"; else notok "$1 (got '$v', expected '$5')"; fi
}

check_exit 1 "qa exits 1 when a record is invalid" "$PEPKIT" qa --on 2025-10-20 -o "$T/r" "$T/c"
R=$T/r
is_col "an invalid record is reported, not rated" "$R" invalid-upn status invalid
is_col "... with no rating" "$R" invalid-upn "pre-check rating" ""
has "... and where its first problem is, without quoting the record" "$R" invalid-upn problem "child/upn (line 5)"
check_nogrep "the validator's message (quoting the UPN) is not copied" "X803211421048" "$R/qa-report.csv"

is_col "baseline record is green" "$R" baseline "pre-check rating" green
is_col "baseline has no reasons" "$R" baseline reasons ""
is_col "baseline has no timescale findings" "$R" baseline "timescale findings" ""

# check FILE AREA-COLUMN RATING REASON: fails the check with that area rating and reason
fails() {
	is_col "$1: area '$2' is $3" "$R" "$1" "$2" "$3"
	has "$1: reason '$4'" "$R" "$1" reasons "$4"
}
fails voice-none "Child's voice" red "The child's voice is not recorded"
fails voice-one-answer "Child's voice" amber "too few answers (1 found, at least 2 expected)"
fails voice-no-impact "Child's voice" amber "does not show what was done with the child's views"
fails previous-not-evaluated "Previous targets" amber "Previous target 1 has no evaluation"
has "previous-not-evaluated: outcome missing" "$R" previous-not-evaluated reasons "Previous target 2 has no outcome"
is_col "previous-evaluated: area green" "$R" previous-evaluated "Previous targets" green
fails attendance-none "Attainment, attendance and needs" red "Current attendance is not recorded"
fails attainment-none "Attainment, attendance and needs" red "Current attainment is not recorded (0 found"
fails attainment-no-english "Attainment, attendance and needs" amber "English and maths is incomplete (1 found, at least 2 expected)"
fails send-no-update "Attainment, attendance and needs" amber "special educational needs but this PEP has no SEND update"
is_col "send-with-update: area green" "$R" send-with-update "Attainment, attendance and needs" green
fails targets-two "SMART targets" red "Fewer than three targets (2 found, at least 3 expected)"
fails target-weak-measure "SMART targets" amber "Target 2 has no measure"
fails target-vague "SMART targets" amber "Target 3 has no specific description"
fails target-far-due "SMART targets" amber "Target 1: the time to its due date is 137 days (at most 84)"
fails interventions-none "Interventions" amber "No interventions are recorded"
fails intervention-no-where "Interventions" amber "Intervention 2 has no place (where)"
fails pp-none "Pupil Premium Plus" amber "No PP+ request is recorded"
fails pp-unlinked "Pupil Premium Plus" red "PP+ request 1 is linked to no target"
fails pp-no-impact "Pupil Premium Plus" amber "The impact of last term's PP+ is not described"
is_col "previous-evaluated (with impact): PP+ area green" "$R" previous-evaluated "Pupil Premium Plus" green
fails year6-no-transition "Transition" red "A transition plan is due"
is_col "year6-transition: area green" "$R" year6-transition "Transition" green
fails carer-none "Carer, attendees and next review" amber "The carer's contribution is not recorded"
fails attendees-few "Carer, attendees and next review" amber "Too few attendees are recorded (2 found"
fails next-meeting-none "Carer, attendees and next review" amber "The next review date is not recorded"
fails not-signed-off "Carer, attendees and next review" amber "has not signed the PEP off"
check_nogrep "reasons never quote the record's text" "Times tables|ELSA sessions \(emotional|Gymnastics" "$R/qa-report.csv"

# overall rule (default): red if any red, amber if two or more amber, else green
is_col "one amber area leaves the overall green" "$R" carer-none "pre-check rating" green
is_col "two amber areas make it amber" "$R" two-ambers "pre-check rating" amber
is_col "a red area makes it red" "$R" pp-unlinked "pre-check rating" red

# adviser's confirmed rating: shown beside the pre-check, never written over, used for PP+
is_col "adviser's rating in the report" "$R" adviser-red "adviser rating" red
is_col "... with its date" "$R" adviser-red "adviser date" 2025-11-20
is_col "the pre-check is still its own" "$R" adviser-red "pre-check rating" green
is_col "PP+ follows the adviser's red: nothing payable" "$R" adviser-red "PP+ payable" 0.00
is_col "baseline green: PP+ payable" "$R" baseline "PP+ payable" 390.00
if [ "$(sha256sum "$T/c/adviser-red.xml")" = "$sha_before" ]; then ok "the record is not changed by qa"; else notok "the record is not changed by qa"; fi

# outputs: 0600, the three files
for f in qa-report.csv pp-plus.csv dashboard.html; do
	m=$(stat -c %a "$R/$f" 2>/dev/null)
	if [ "$m" = 600 ]; then ok "$f has mode 0600"; else notok "$f has mode 0600 (got '$m')"; fi
done
check_grep "pp-plus.csv rows say payable or not" '^"request",.*"green","pre-check","yes","300.00"' "$R/pp-plus.csv"
check_grep "pp-plus.csv names what the money is for" "ELSA sessions, one term" "$R/pp-plus.csv"
check_grep "pp-plus.csv has a grand total" '^"grand total"' "$R/pp-plus.csv"
python3 - "$R/pp-plus.csv" >"$T/pp.txt" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
req = [r for r in rows if r['row'] == 'request']
tot = [r for r in rows if r['row'] == 'total']
g = [r for r in rows if r['row'] == 'grand total'][0]
s = lambda rs, k: round(sum(float(r[k]) for r in rs), 2)
print('ok' if s(req, 'amount') == s(tot, 'amount') == float(g['amount']) and s(req, 'payable amount') == s(tot, 'payable amount') == float(g['payable amount']) else 'bad')
PY
check_grep "pp-plus.csv totals add up (requests = school totals = grand total)" '^ok$' "$T/pp.txt"

# --- timescales (each with its own "today") ---
ts() { "$PEPKIT" qa -q --on "$1" -o "$T/ts-$1" "$T/c" 2>/dev/null; echo "$T/ts-$1"; }
R=$(ts 2025-10-20)
has "initial PEP late across the half-term: 6 school days (not 11 working days)" "$R" initial-late "timescale findings" \
	"initial PEP: held 2025-11-04, due by 2025-10-20 (20 school days after entering care on 2025-09-22): 6 school days late"
hasnt "initial PEP on time: no finding" "$R" baseline "timescale findings" "initial PEP"
"$PEPKIT" qa -q --framework lancashire --on 2025-10-20 -o "$T/lanc" "$T/c" 2>/dev/null
has "Lancashire's 10 working days: the same PEP is 7 working days late" "$T/lanc" baseline "timescale findings" \
	"initial PEP: held 2025-10-15, due by 2025-10-06 (10 working days after entering care on 2025-09-22): 7 working days late"
R=$(ts 2025-12-10)
has "new school with no new PEP: missing, 25 school days over" "$R" new-school-missing "timescale findings" \
	"new school PEP: none recorded; due by 2025-11-05 (20 school days after starting school on 2025-10-01): 25 school days over on 2025-12-10"
hasnt "new school PEP held: no finding" "$R" new-school-held "timescale findings" "new school PEP"
has "EHCP review overdue" "$R" ehcp-overdue "timescale findings" "EHCP annual review: last 2024-11-01, due by 2025-11-01 (12 months): 39 days over"
hasnt "EHCP review current: no finding" "$R" ehcp-current "timescale findings" "EHCP"
R=$(ts 2025-12-15)
has "targets past due and not evaluated" "$R" baseline "timescale findings" "target review: target T-25AU-1 was due 2025-12-12 and is not evaluated (1 school days over)"
hasnt "evaluated targets are not chased" "$R" targets-evaluated "timescale findings" "target review"
R=$(ts 2025-12-12)
hasnt "targets due today are not yet late" "$R" baseline "timescale findings" "target review"
R=$(ts 2026-01-22)
has "next meeting date passed" "$R" baseline "timescale findings" "next meeting: planned for 2026-01-21, which has passed (1 days ago) with no meeting recorded"
R=$(ts 2026-01-21)
hasnt "next meeting today: not past" "$R" baseline "timescale findings" "next meeting"
R=$(ts 2026-03-30)
has "termly PEP missing once the term has ended" "$R" baseline "timescale findings" "termly PEP: none recorded for 2026-spring (the term ended 2026-03-27, 3 days ago)"
hasnt "a record with a PEP for that term is not chased" "$R" previous-evaluated "timescale findings" "termly PEP"
R=$(ts 2026-03-20)
hasnt "termly PEP not chased before the term ends" "$R" baseline "timescale findings" "termly PEP"
R=$(ts 2026-04-16)
has "PEP2 interval: 6 months from the last meeting passed" "$R" baseline "timescale findings" "PEP2 interval: no meeting since 2025-10-15; due by 2026-04-15 (6 months): 1 days over"
R=$(ts 2026-06-01)
has "PEP2 interval between two meetings over 6 months" "$R" pep2-gap "timescale findings" "PEP2 interval: meeting on 2026-05-20 came 35 days after the 6 months from 2025-10-15 (due by 2026-04-15)"
hasnt "meetings within 6 months: no interval finding" "$R" previous-evaluated "timescale findings" "PEP2 interval: meeting on"
R=$(ts 2026-04-15)
hasnt "PEP2 interval: the last day is not over" "$R" baseline "timescale findings" "PEP2 interval"
is_col "late or missing count matches the findings (3 targets, next meeting, spring term)" "$R" baseline "late or missing items" 5

# --term: a record without a PEP for that term is listed as such, with the missing PEP as a finding
"$PEPKIT" qa -q --term 2026-spring --on 2026-03-30 -o "$T/term" "$T/c" 2>/dev/null
is_col "--term: a record with no PEP for the term is not rated" "$T/term" baseline status "no PEP for the term"
has "... and its findings say so" "$T/term" baseline "timescale findings" "termly PEP: no PEP for 2026-spring in this record"
is_col "--term: a record with that term is rated on it" "$T/term" previous-evaluated term 2026-spring
is_col "... green" "$T/term" previous-evaluated "pre-check rating" green
check_exit 2 "--term must look like a term id" "$PEPKIT" qa --term spring -o "$T/x" "$T/c"

# --- frameworks ---
"$PEPKIT" qa -q --framework sthelens --on 2025-10-20 -o "$T/sh" "$T/c" 2>/dev/null
is_col "St Helens: the baseline is not Gold (brief voice and carer sections)" "$T/sh" baseline "pre-check rating" green
has "St Helens: says what keeps it from Gold" "$T/sh" baseline reasons "Intervention 1 has no cost"
is_col "St Helens: eight Gold areas: Gold" "$T/sh" sh-eight-gold "pre-check rating" gold
is_col "St Helens: seven Gold and one Green: Gold" "$T/sh" sh-seven-gold "pre-check rating" gold
is_col "St Helens: six Gold and two Green: Green" "$T/sh" baseline "pre-check rating" green
is_col "St Helens: seven Gold and one Amber: not Gold (Green)" "$T/sh" sh-seven-gold-one-amber "pre-check rating" green
is_col "St Helens: two Amber areas: Amber" "$T/sh" two-ambers "pre-check rating" amber
is_col "St Helens: a Red area: Red" "$T/sh" pp-unlinked "pre-check rating" red
has "St Helens: a brief voice holds the area back from Gold" "$T/sh" voice-one-answer reasons "The child's voice is brief"
is_col "Lancashire: one amber area makes it amber" "$T/lanc" carer-none "pre-check rating" amber
is_col "Lancashire: PP+ capped by its rule (amber: nothing payable)" "$T/lanc" carer-none "PP+ payable" 0.00
check_exit 2 "an unknown --on is a usage error" "$PEPKIT" qa --on 2025-02-30 -o "$T/x" "$T/c"
printf '<qa-framework name="x" top="green"><bogus/></qa-framework>\n' >"$T/bad.xml"
check_exit 1 "a framework that is not valid is refused" "$PEPKIT" qa --framework "$T/bad.xml" -o "$T/x" "$T/c"
check_grep "... naming the file and line" "bad.xml' line 1" "$T/err"
check "and nothing is written" test ! -e "$T/x/qa-report.csv"
sed 's|select="child-voice/answer" fail="red"|select="child-voice/answer[" fail="red"|' "$SRCDIR/templates/qa-default.xml" >"$T/badxp.xml"
check_exit 1 "a framework with a broken XPath is refused" "$PEPKIT" qa --framework "$T/badxp.xml" -o "$T/x" "$T/c"
check_grep "... naming the line and field" "line [0-9]+: check/@select" "$T/err"

# one run at a time per OUTDIR
mkdir -p "$T/locked"
python3 - "$T/locked" "$PEPKIT" "$T/c" >"$T/lock.rc" 2>"$T/lock.err" <<'PY'
import fcntl, subprocess, sys
f = open(sys.argv[1] + '/.pepkit.lock', 'a')
fcntl.flock(f, fcntl.LOCK_EX)
r = subprocess.run([sys.argv[2], 'qa', '-q', '--on', '2025-10-20', '-o', sys.argv[1], sys.argv[3]],
                   capture_output=True, text=True)
print(r.returncode)
sys.stderr.write(r.stderr)
PY
check_grep "a second run on a locked OUTDIR is refused (exit 3)" '^3$' "$T/lock.rc"
check_grep "... saying the folder is in use" "in use by another pepkit run" "$T/lock.err"
# hostile cohort entries: a FIFO named like a record, a file that is not XML, a DOCTYPE
mkdir -p "$T/h"
cp "$SAMPLES/ks2-initial.xml" "$T/h/"
mkfifo "$T/h/fifo.xml"
printf 'not xml at all\n' >"$T/h/junk.xml"
printf '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><pep-record>&a;</pep-record>\n' >"$T/h/doctype.xml"
check_exit 1 "a FIFO, junk and a DOCTYPE are reported without hanging" timeout 60 "$PEPKIT" qa --on 2025-10-20 -o "$T/ho" "$T/h"
is_col "the FIFO is unreadable" "$T/ho" fifo status unreadable
is_col "junk is invalid" "$T/ho" junk status invalid
is_col "a DOCTYPE is invalid" "$T/ho" doctype status invalid
is_col "the good record is still rated" "$T/ho" ks2-initial status rated

# re-runs: records whose bytes were found valid last time are not validated again; a record
# changed since is
mkdir -p "$T/re"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/ks4-ehcp-exclusions.xml" "$T/re/"
check "first run" "$PEPKIT" qa --on 2025-10-20 -o "$T/reo" "$T/re"
check_nogrep "... validates everything" "unchanged since the last run" "$T/err"
check "second run" "$PEPKIT" qa --on 2025-10-20 -o "$T/reo" "$T/re"
check_grep "... knows both unchanged records are valid" "^2 records unchanged since the last run" "$T/err"
cp "$T/reo/qa-report.csv" "$T/re1.csv"
sed -i 's/X803211421047/X803211421048/' "$T/re/ks2-initial.xml"
check_exit 1 "a record changed into an invalid one is validated again and refused" "$PEPKIT" qa --on 2025-10-20 -o "$T/reo" "$T/re"
check_grep "... one record still known valid" "^1 record unchanged since the last run" "$T/err"
is_col "... and reported invalid" "$T/reo" ks2-initial status invalid
m=$(stat -c %a "$T/reo/.pepkit-qa-valid" 2>/dev/null)
if [ "$m" = 600 ]; then ok "the known-valid list has mode 0600"; else notok "the known-valid list has mode 0600 (got '$m')"; fi
printf 'pepkit-qa-valid 0000\nnot a digest\n' >"$T/reo/.pepkit-qa-valid"
check_exit 1 "a damaged known-valid list is ignored" "$PEPKIT" qa --on 2025-10-20 -o "$T/reo" "$T/re"
check_nogrep "... and every record is validated" "unchanged since the last run" "$T/err"

# the workers: any number of them gives the same bytes (rows in file-name order), good records
# and bad ones mixed, and more records than a worker's parser reads before it is renewed
mkdir -p "$T/w"
"$PEPKIT" sample --children 300 --seed 3 -o "$T/w" >/dev/null 2>&1
cp "$T/h/junk.xml" "$T/h/doctype.xml" "$T/w/"
sed 's/X803211421047/X803211421048/' "$SAMPLES/ks2-initial.xml" >"$T/w/bad-upn.xml"
check_exit 1 "one worker" "$PEPKIT" qa -q -j 1 --on 2025-10-20 -o "$T/w1" "$T/w"
check_exit 1 "five workers" "$PEPKIT" qa -q -j 5 --on 2025-10-20 -o "$T/w5" "$T/w"
for f in qa-report.csv pp-plus.csv dashboard.html .pepkit-qa-valid; do
	check "... $f the same bytes" cmp "$T/w1/$f" "$T/w5/$f"
done
is_col "... the record with a bad UPN is invalid" "$T/w5" bad-upn status invalid
check_exit 1 "a re-run with five workers" "$PEPKIT" qa -j 5 --on 2025-10-20 -o "$T/w5" "$T/w"
check_grep "... knows the 300 valid records" "^300 records unchanged since the last run" "$T/err"
check "... the same report" cmp "$T/w1/qa-report.csv" "$T/w5/qa-report.csv"
# a location-confidential child's PP+ purposes are not shown in pp-plus.csv (a purpose naming
# the school or the placement's street put back what the school column withholds)
mkdir -p "$T/lcq"
sed -e 's|<what>Higher-tier revision guides and a bilingual maths dictionary</what>|<what>Taxi between 9 Meadow Way (ZZ9 5UE) and Ravensholme Academy after revision club</what>|' \
	"$SAMPLES/uasc-pashto.xml" > "$T/lcq/lc.xml"
grep -q 'Taxi between 9 Meadow Way' "$T/lcq/lc.xml" && ok "the purpose names the school and the street" || notok "the purpose names the school and the street"
"$PEPKIT" qa --on 2026-01-10 -o "$T/lcq/out" "$T/lcq" >/dev/null 2>&1
check_grep "pp-plus.csv has the child's requests" '"LA-640377"' "$T/lcq/out/pp-plus.csv"
check_nogrep "no school, street or postcode in pp-plus.csv" "Ravensholme|Meadow Way|ZZ9 5UE" "$T/lcq/out/pp-plus.csv"
check_grep "the purpose says it is withheld" "Purpose withheld \(placement location confidential\)" "$T/lcq/out/pp-plus.csv"
done_testing
