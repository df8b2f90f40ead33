#!/bin/sh
# Attack: two deposits in one second from a container where pepkit is always pid 1: the second
# run's report (deposit-TIME-1.csv) replaced the first's. Runs t1116 (pre-made names, so not a
# matter of timing; needs root for unshare). Exits 1 while an earlier report is replaced.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit} sh tests/t1116-archive-report-name-taken.sh > /tmp/adv25.$$ 2>&1
rc=$?
grep "^not ok" /tmp/adv25.$$
rm -f /tmp/adv25.$$
[ $rc = 0 ] || { echo "DEFECT: a deposit report replaced an earlier one of the same name"; exit 1; }
exit 0
