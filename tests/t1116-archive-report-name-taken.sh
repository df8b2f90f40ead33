#!/bin/sh
# t1116: the deposit report's name is deposit-TIME-PID.csv; in a container where pepkit is
# always pid 1, two deposits in one second had the same name and the second replaced the first
# run's report (its account lost). Made deterministic: the names a pid-1 run could take in the
# next two minutes already hold an earlier "report"; a deposit run as pid 1 (unshare, root)
# must leave them all as they were and write its own beside them.
. tests/lib.sh
if [ "$(id -u)" != 0 ] || ! unshare -pf true 2>/dev/null; then ok "skipped: needs root and unshare"; done_testing; fi
mkdir -p "$T/c" "$T/s/reports"
cp "$SAMPLES/ks2-initial.xml" "$T/c/"
check "a first deposit makes the store" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
rm -f "$T"/s/reports/*
now=$(date -u +%s)
i=0
while [ $i -le 120 ]; do
	stamp=$(date -u -d "@$((now + i))" +%Y%m%dT%H%M%SZ)
	echo "earlier $stamp" > "$T/s/reports/deposit-$stamp-1.csv"
	i=$((i + 1))
done
check "a deposit as pid 1" unshare -pf "$PEPKIT" archive deposit --store "$T/s" "$T/c"
bad=0
for f in "$T"/s/reports/deposit-*-1.csv; do
	case "$(head -c 7 "$f")" in earlier) ;; *) bad=$((bad + 1));; esac
done
[ $bad = 0 ] && ok "no earlier report was replaced" || notok "$bad earlier reports replaced"
r=$(sed -n "s/.*report '\(.*\)'$/\1/p" "$T/err")
[ -n "$r" ] && [ -f "$r" ] && ok "its own report is beside them ($(basename "$r"))" || notok "no report named on stderr"
[ -n "$r" ] && grep -q '"already-held"' "$r" && ok "... and holds this run's rows" || notok "report rows"
done_testing
