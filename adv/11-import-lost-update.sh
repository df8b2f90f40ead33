#!/bin/sh
# Attack: two runs writing one record at once: `import --into a.xml -o a.xml` while another run
# (a second import, a merge into the cohort) writes a.xml. import took no lock: it read the
# record, and its write replaced whatever the other run wrote in between (a lost update). Here
# flock(1) holds the folder's lock as another pepkit run would: import must wait for it.
# Exits 1 while import goes ahead without the lock.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
./pepkit template --doc pep1 --from samples/ks2-initial.xml -o "$t/f.docx" 2>/dev/null || exit 2
: > "$t/c/.pepkit.lock"
flock -o "$t/c/.pepkit.lock" sh -c '
	timeout 5 ./pepkit import --into "$1/c/a.xml" -o "$1/c/a.xml" "$1/f.docx" 2>"$1/err" &
	i=0
	while ! grep -q "imported\|waiting" "$1/err" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q "waiting" "$1/err" && echo waited > "$1/waited"
' sh "$t"
wait
[ -e "$t/waited" ] && exit 0
echo "DEFECT: import wrote the record without the folder's lock:"; cat "$t/err"; exit 1
