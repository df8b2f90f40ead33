#!/bin/sh
# Attack: the child's own email address ("adaeze.nwosu@...") as a meeting attendee, and a kinship
# carer's holding the child's family name, refused by a relay that echoes the address. The
# address (so the child's name) went into the send log, the audit, the plan and the reasons.
# Runs t1005 (a real relay on loopback); exits 1 while a name is in any of them.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit} sh tests/t1005-send-address-names-child.sh > /tmp/adv18.$$ 2>&1
rc=$?
grep "^not ok" /tmp/adv18.$$
rm -f /tmp/adv18.$$
[ $rc = 0 ] || { echo "DEFECT: a recipient address holding the child's name is logged"; exit 1; }
exit 0
