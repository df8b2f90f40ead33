#!/bin/sh
# Attack: one send log, a different `--post` folder on the next run (a new print-room share,
# or the option left off). Before: the new folder's post-list.csv named every letter of the log,
# the earlier ones too, whose PDFs are in the first folder: a list the post room cannot print
# from, and letters listed in two places. Exits 1 while a post list names a letter that is not
# in its folder.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
. tests/lib.sh >/dev/null
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
council "$T" "$(free_port)" /dev/null
mkdir -p "$T/c" && cp samples/ks2-initial.xml "$T/c/"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" --post "$T/A" "$T/c" >/dev/null 2>&1
cp samples/eyfs-nursery.xml "$T/c/"
"$PEPKIT" send -c "$T/council.xml" -l "$T/log" --post "$T/B" "$T/c" >/dev/null 2>&1
[ -f "$T/B/post-list.csv" ] || exit 0
missing=$(tail -n +2 "$T/B/post-list.csv" | cut -d, -f1 | tr -d '"' | while read -r f; do [ -f "$T/B/$f" ] || echo "$f"; done | wc -l)
[ "$missing" -gt 0 ] && { echo "DEFECT: the second folder's post list names $missing letters that are not in it"; exit 1; }
exit 0
