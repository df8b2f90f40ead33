#!/bin/sh
# Attack (lost deliveries): two send logs, one post folder: the Virtual School's officers each
# keep a log (`--log`) per cohort or per team but give the council's one print-room folder as
# `--post DIR`. Before: each run wrote DIR/post-list.csv from its own log only, so the second
# run's list dropped the first run's letters: they stayed in the folder, off the list the post
# room prints from, and were never posted. Exits 1 while a letter on the post list of the first
# log is missing from the post list after the second.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
council "$T" "$(free_port)" /dev/null
mkdir -p "$T/a" "$T/b"
cp samples/ks2-initial.xml "$T/a/"; cp samples/eyfs-nursery.xml "$T/b/"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log-a" --post "$T/print" "$T/a" >/dev/null 2>&1
first=$(tail -n +2 "$T/print/post-list.csv" | cut -d, -f1 | sort)
[ -n "$first" ] || { echo "no letters"; exit 2; }
"$PEPKIT" send -c "$T/council.xml" -l "$T/log-b" --post "$T/print" "$T/b" >/dev/null 2>&1
after=$(tail -n +2 "$T/print/post-list.csv" | cut -d, -f1 | sort)
lost=$(echo "$first" | while read -r f; do echo "$after" | grep -qxF "$f" || echo "$f"; done | wc -l)
[ "$lost" -gt 0 ] && { echo "DEFECT: $lost letters of the first log dropped from the post list by the second log's run"; exit 1; }
exit 0
