#!/bin/sh
# Attack: an attendance column giving sessions attended of possible ("152/160", "152 of
# 160"), as MIS attendance summaries print them. The row was rejected ("is not a per cent
# figure 0-100"), its grades with it. Exits 1 while the row is refused.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
printf 'UPN,Subject,Assessment,Grade,Term,Assessment Date,Attendance\r\nQ801200005002,Maths,,EXS,2026-spring,2026-03-20,152/160\r\n' > "$t/f.csv"
"$P" merge --map arbor-long -o "$t/o" tests/data/csv/cohort "$t/f.csv" >/dev/null 2>&1 ||
	{ echo "DEFECT: attendance '152/160' (sessions) is refused"; exit 1; }
exit 0
