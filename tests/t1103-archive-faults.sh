#!/bin/sh
# t1103: faults in `pepkit archive deposit`. kill -9 at random moments during a deposit, then a
# re-run: verify passes and every document is held exactly once (one row, one object). Two
# deposits at the same time into one store: each either succeeds or is refused with a clear
# "in use" (exit 3), and the store stays consistent. A full disk (a small tmpfs, or the failio
# shim's ENOSPC where mounting is not allowed) leaves no partial object and no catalogue row for
# a document that failed.
. tests/lib.sh
trap 'mountpoint -q "$T/small" 2>/dev/null && umount "$T/small"; rm -rf "$T"' EXIT

"$PEPKIT" sample --children 12 --seed 1103 -o "$T/cohort" > /dev/null 2>&1 || notok "sample cohort"
n_docs=$(( $(ls "$T/cohort"/*.xml | wc -l) * 2 ))

consistent() {   # STORE DESC: verify passes, each document once, rows = objects
	s=$1; d=$2
	"$PEPKIT" archive verify --store "$s" > "$T/v.out" 2> "$T/v.err"
	vs=$?
	rows=$(sqlite3 "$s/catalogue.db" 'SELECT count(*) FROM documents')
	keys=$(sqlite3 "$s/catalogue.db" 'SELECT count(DISTINCT child||term||type) FROM documents')
	files=$(find "$s/objects" -type f | wc -l)
	integ=$(sqlite3 "$s/catalogue.db" 'PRAGMA integrity_check')
	if [ "$vs" = 0 ] && [ "$rows" = "$3" ] && [ "$keys" = "$3" ] && [ "$files" = "$3" ] && [ "$integ" = ok ]; then
		ok "$d"
	else
		notok "$d (verify $vs, rows $rows, distinct $keys, files $files, integrity $integ)"
		sed 's/^/#   /' "$T/v.err" | head -n 5
	fi
}

# kill -9 at random moments, five times, each followed by a completing re-run
S="$T/killed"
for i in 1 2 3 4 5; do
	"$PEPKIT" archive deposit -q --store "$S" "$T/cohort" > /dev/null 2>&1 &
	pid=$!
	# a random moment within the run (the outcome checked does not depend on which)
	sleep "0.$(awk -v s="$i$$" 'BEGIN {srand(s); printf "%03d", int(rand() * 900)}')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if "$PEPKIT" archive deposit -q --store "$S" "$T/cohort" > /dev/null 2> "$T/rerun.err"; then
		ok "re-run after kill -9 number $i completes"
	else
		notok "re-run after kill -9 number $i completes"; sed 's/^/#   /' "$T/rerun.err" | head -n 5
	fi
	consistent "$S" "after kill -9 number $i and a re-run: verify passes, each document held once" "$n_docs"
done
[ -z "$(find "$S" -name '.pepkit-tmp.*')" ] && ok "no temp files left after verify" || notok "no temp files left after verify"
# a run killed while writing its own report (a name no later run writes again) leaves a temp
# file there: the next run that opens the store for writing removes it (nobody holds it)
printf 'partial' > "$S/reports/.pepkit-tmp.deposit-20260101T000000Z-1.csvAbC123"
printf 'partial' > "$S/.pepkit-tmp.stray-XyZ789"
check "a deposit after a run killed mid-report" "$PEPKIT" archive deposit -q --store "$S" "$T/cohort"
[ -z "$(find "$S" -name '.pepkit-tmp.*')" ] && ok "the killed run's report temp files are gone" || notok "temp files left: $(find "$S" -name '.pepkit-tmp.*')"

# two deposits at the same time
S="$T/twice"
"$PEPKIT" archive deposit -q --store "$S" "$T/cohort" > "$T/a.out" 2> "$T/a.err" &
pa=$!
"$PEPKIT" archive deposit -q --store "$S" "$T/cohort" > "$T/b.out" 2> "$T/b.err" &
pb=$!
wait "$pa"; ea=$?
wait "$pb"; eb=$?
for x in a:$ea b:$eb; do
	n=${x%%:*}; e=${x#*:}
	if [ "$e" = 0 ]; then ok "concurrent deposit $n succeeded"
	elif [ "$e" = 3 ] && grep -q "is in use by another pepkit run" "$T/$n.err"; then ok "concurrent deposit $n refused: store busy (exit 3)"
	else notok "concurrent deposit $n: exit $e"; sed 's/^/#   /' "$T/$n.err" | head -n 5; fi
done
"$PEPKIT" archive deposit -q --store "$S" "$T/cohort" > /dev/null 2>&1
consistent "$S" "after two concurrent deposits: verify passes, each document once" "$n_docs"

# a full disk
S="$T/small/store"
mkdir -p "$T/small"
if mount -t tmpfs -o size=700k,mode=0700 tmpfs "$T/small" 2>/dev/null; then
	how="a 700 KB tmpfs"
	"$PEPKIT" archive deposit -q --store "$S" "$T/cohort" > /dev/null 2> "$T/full.err"
	fe=$?
	mount -o remount,size=64m "$T/small"
else
	how="failio ENOSPC after 10 writes"
	LD_PRELOAD="$SRCDIR/$PEPKIT_BUILD/failio.so" FAILIO=write FAILIO_AFTER=10 \
		"$PEPKIT" archive deposit -q --store "$S" "$T/cohort" > /dev/null 2> "$T/full.err"
	fe=$?
fi
[ "$fe" != 0 ] && ok "deposit onto $how fails (exit $fe)" || notok "deposit onto $how fails"
cat "$T/full.err" "$S"/reports/*.csv > "$T/full.all" 2>/dev/null
grep -q -i "no space\|full" "$T/full.all" && ok "the error or the run report says the disk is full" || { notok "the error says the disk is full"; sed 's/^/#   /' "$T/full.all" | head -n 5; }
held=$(sqlite3 "$S/catalogue.db" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)
[ "$held" -lt "$n_docs" ] && ok "the disk filled part way ($held of $n_docs held)" || notok "the disk filled part way ($held of $n_docs)"
[ -z "$(find "$S" -name '.pepkit-tmp.*')" ] && ok "no partial object (temp file) left" || notok "no partial object left"
consistent "$S" "after the full disk: every row has its object and every object its row" "$held"
"$PEPKIT" archive deposit -q --store "$S" "$T/cohort" > /dev/null 2>&1
consistent "$S" "with room again, a re-run completes the store" "$n_docs"
mountpoint -q "$T/small" && umount "$T/small"
done_testing
