#!/bin/sh
# t0533: `pack --attainment`'s summary line and pack-summary.txt give the export rows and the
# number of outcomes (one per value a row holds, a wide export row holds several, or per row
# rejected or blank), and every outcome, superseded and blank too: the outcomes add up to that
# number and to merge-report.csv's counts. Before, the line set outcomes per value against a
# total of rows and left out superseded and blank, so its numbers did not add up.
. tests/lib.sh
D="$SRCDIR/tests/data/csv"
"$PEPKIT" pack --doc pep1 --attainment "$D/wide-bromcom.csv" --attainment "$D/good-sims.csv" \
	--attainment "$D/unmatched.csv" -o "$T/a" "$D/cohort" > "$T/out" 2> "$T/err"
st=$?
[ "$st" = 1 ] && ok "pack ran, exit 1 (an unmatched row)" || notok "pack exit $st, not 1: $(tail -n 3 "$T/err")"
line=$(grep "pepkit: pack: attainment:" "$T/err")
[ -n "$line" ] && ok "the attainment line is there" || notok "no attainment line in: $(cat "$T/err")"
/usr/bin/python3 - "$line" "$T/a/pack-summary.txt" "$T/a/merge-report.csv" <<'PY' && ok "the outcomes add up, in the line, the summary and merge-report.csv" || notok "the counts do not add up"
import csv, re, sys
line, summary, report = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), sys.argv[3]
m = re.search(r"attainment: (\d+) rows, (\d+) outcomes \(one per value or per row rejected or blank\): (.*); details", line)
assert m, line
rows, values = int(m.group(1)), int(m.group(2))
outcomes = dict((k, int(v)) for v, k in re.findall(r"(\d+) (\w+)", m.group(3)))
for k in ("merged", "duplicate", "conflict", "held", "unmatched", "rejected", "superseded", "blank"):
    assert k in outcomes, (k, line)
assert sum(outcomes.values()) == values, (outcomes, values)
assert values >= rows, (values, rows)   # every row has at least one outcome
s = re.search(r"(\d+) rows, (\d+) outcomes", summary)
assert s and int(s.group(1)) == rows and int(s.group(2)) == values, summary
for k, v in outcomes.items():
    name = "held (child has a conflict)" if k == "held" else "superseded (a newer value won)" if k == "superseded" else k
    assert re.search(r"^  %s: %d$" % (re.escape(name), v), summary, re.M), (name, v)
rep = sum(int(r["rows"]) for r in csv.DictReader(open(report, newline="", encoding="utf-8")))
assert rep == values, (rep, values)   # merge-report.csv counts the same outcomes
PY
done_testing
