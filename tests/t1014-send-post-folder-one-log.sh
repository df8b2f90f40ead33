#!/bin/sh
# t1014: one send log per post folder. post-list.csv is written from the run's send log, so a
# second log's run with the same `--post DIR` wrote a list without the first log's letters
# (left in the folder, off the list the post room prints from: never posted). The folder keeps
# its log's id (DIR/.pepkit-post-log; the id is made with the log and kept in it, so a copy of
# the log is the same log); another log is refused (exit 3) with nothing written there. The
# default LOGDIR/post is always its log's. (adv/o08)
. tests/lib.sh
. tests/data/send/lib-send.sh
export PEPKIT_DATADIR="$SRCDIR"
council "$T" "$(free_port)" /dev/null
mkdir -p "$T/a" "$T/b"
cp "$SAMPLES/ks2-initial.xml" "$T/a/"; cp "$SAMPLES/eyfs-nursery.xml" "$T/b/"
S() { log=$1; shift; "$PEPKIT" send -c "$T/council.xml" -l "$T/$log" "$@"; }
S log-a --post "$T/print" "$T/a" >/dev/null 2>&1
n=$(tail -n +2 "$T/print/post-list.csv" | wc -l)
[ "$n" -gt 0 ] && ok "log a: $n letters on the post list" || notok "log a: no letters"
grep -Eq '^log [0-9a-f]{32}$' "$T/print/.pepkit-post-log" && ok "the folder names its log's id" || notok "no owner mark"
cp "$T/print/post-list.csv" "$T/list-a"
ls "$T/print" > "$T/files-a"
check_exit 3 "log b with the same --post folder is refused" S log-b --post "$T/print" "$T/b"
check_grep "... saying why" "holds the post list of another send log" "$T/err"
cmp -s "$T/list-a" "$T/print/post-list.csv" && ok "... the post list still lists log a's letters" || notok "the post list changed"
ls "$T/print" | cmp -s - "$T/files-a" && ok "... nothing written there" || notok "files changed in the post folder"
S log-a --post "$T/print" "$T/a" >/dev/null 2>"$T/err"
[ $? -ne 3 ] && ok "log a again is taken" || { notok "log a again refused"; cat "$T/err"; }
S log-b --post "$T/print-b" "$T/b" >/dev/null 2>"$T/err"
[ $? -ne 3 ] && [ "$(tail -n +2 "$T/print-b/post-list.csv" | wc -l)" -gt 0 ] && ok "log b with its own folder" || notok "log b with its own folder"
cp -a "$T/log-a" "$T/log-a-copy"
S log-a-copy --post "$T/print" "$T/a" >/dev/null 2>"$T/err"
[ $? -ne 3 ] && ok "a copy of log a (the same id) is taken" || { notok "a copy of log a refused"; cat "$T/err"; }
# the default LOGDIR/post is the log's own: a log started again there takes it over
S log-c "$T/a" >/dev/null 2>&1
rm -f "$T/log-c/send-log.sqlite"* "$T/log-c/.pepkit-send-log"
S log-c "$T/a" >/dev/null 2>"$T/err"
[ $? -ne 3 ] && ok "a log started again in its folder keeps LOGDIR/post" || { notok "LOGDIR/post refused"; cat "$T/err"; }
done_testing
