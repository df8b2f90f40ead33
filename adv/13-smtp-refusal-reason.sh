#!/bin/sh
# Attack: a relay that refuses a recipient ("550 5.1.1 no such user", "450 4.2.1 mailbox busy").
# The delivery failed with libcurl's "RCPT failed: 550" only: the relay's own words (which say
# whether to fix the address or wait) were lost, since QUIT's "221" came after. Runs t1004's
# setup through the test itself; exits 1 while the reason lacks the relay's words.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=$(pwd)/pepkit sh tests/t1004-send-recipient-refused.sh > /tmp/adv13.$$ 2>&1
rc=$?
grep "^not ok" /tmp/adv13.$$
rm -f /tmp/adv13.$$
[ $rc = 0 ] || { echo "DEFECT: the relay's reply is not in the reason"; exit 1; }
exit 0
