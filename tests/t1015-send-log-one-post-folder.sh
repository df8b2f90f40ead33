#!/bin/sh
# t1015: one post folder per send log. The log keeps its post folder's real path; a run with
# another `--post` folder (or none, LOGDIR/post) while the first still holds a post list is
# refused (exit 3): its post-list.csv would name every letter of the log, the ones in the first
# folder too. The same folder by another path is taken; a folder moved away (the old path gone)
# is followed. (adv/o09)
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
council "$T" "$(free_port)" /dev/null
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/"
S() { "$PEPKIT" send -c "$T/council.xml" -l "$T/log" "$@" "$T/c"; }
S --post "$T/A" >/dev/null 2>&1
[ -s "$T/A/post-list.csv" ] && ok "the post list in A" || notok "no post list in A"
cp "$SAMPLES/eyfs-nursery.xml" "$T/c/"
check_exit 3 "another --post folder is refused" S --post "$T/B"
check_grep "... naming the log's folder" "keeps its post list in '.*/A'" "$T/err"
[ ! -e "$T/B/post-list.csv" ] && ok "... no post list in B" || notok "a post list in B"
check_exit 3 "no --post (LOGDIR/post) is refused too" S
S --post "$T/A/../A" >/dev/null 2>"$T/err"
[ $? -ne 3 ] && ok "the same folder by another path is taken" || { notok "A by another path refused"; cat "$T/err"; }
missing=$(tail -n +2 "$T/A/post-list.csv" | cut -d, -f1 | tr -d '"' | while read -r f; do [ -f "$T/A/$f" ] || echo "$f"; done | wc -l)
[ "$missing" -eq 0 ] && ok "... every letter on its list is in it" || notok "$missing letters listed but not there"
mv "$T/A" "$T/A-moved"
S --post "$T/A-moved" >/dev/null 2>"$T/err"
[ $? -ne 3 ] && ok "a folder moved away is followed" || { notok "the moved folder refused"; cat "$T/err"; }
check_exit 3 "... and is now the log's" S --post "$T/B"
done_testing
