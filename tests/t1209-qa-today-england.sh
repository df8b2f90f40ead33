#!/bin/sh
# t1209: qa's default "today" (the day timescales are judged on) is the day in England, not the
# machine's time zone. Before, a server on UTC-12 (or UTC+14) judged a PEP a day early or late
# for part of every day (and around midnight in BST, a machine on UTC judged 23:00-00:00 GMT on
# the day before). At every instant one of UTC+14 and UTC-12 has another date than London's, so
# both are run; the expected day is the tz database's (date(1), TZ=Europe/London), read before and
# after each run so that a run across midnight is not a failure.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/"
for tz in Pacific/Kiritimati Etc/GMT+12 Europe/London UTC; do
	before=$(TZ=Europe/London date +%F)
	TZ=$tz "$PEPKIT" qa -q -o "$T/o" "$T/c" >/dev/null 2>&1
	after=$(TZ=Europe/London date +%F)
	on=$(grep -o 'Timescales as on [0-9-]*' "$T/o/dashboard.html" | head -n 1 | sed 's/.* //')
	if [ "$on" = "$before" ] || [ "$on" = "$after" ]; then ok "TZ=$tz: timescales judged on the day in England ($on)"
	else notok "TZ=$tz: judged on '$on', the day in England is $before"; fi
done
build=${PEPKIT_BUILD:-build}
if [ -x "$SRCDIR/$build/unit/test_england_date" ]; then
	check "the day in England agrees with the tz database 1997-2045 (test_england_date)" \
		env TZ=Pacific/Kiritimati "$SRCDIR/$build/unit/test_england_date"
fi
done_testing
