#!/bin/sh
# t0609: `import --into REC -o REC` takes the lock of the output's folder (core/lock.h) before it
# reads the record, so another run writing there (a second import, a merge into the cohort)
# cannot write between its read and its write and be lost. Here flock(1) -o holds the folder's
# lock as another pepkit run would; import says it is waiting, and while it waits the record
# is changed (what the other run wrote). When the lock is released, import reads the record as
# changed: its result keeps that change and adds the form's. Nothing depends on timing: the
# holder polls (bounded) for import's "waiting" message before it changes the record.
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
mkdir -p "$T/c"
cp "$K2" "$T/c/a.xml"
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" -o "$T/f.docx"
/usr/bin/python3 tests/data/forms/wordmarkup.py "$T/f.docx" "$T/g.docx" moveto || notok "form edited"
: > "$T/c/.pepkit.lock"
flock -o "$T/c/.pepkit.lock" sh -c '
	"$1" import --into "$2/c/a.xml" -o "$2/c/a.xml" "$2/g.docx" > "$2/imp.out" 2> "$2/imp.err" &
	echo $! > "$2/imp.pid"
	i=0
	while ! grep -q "waiting for it" "$2/imp.err" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q "waiting for it" "$2/imp.err" && echo waited > "$2/waited"
	# what another run writes meanwhile: a correction of the interests
	sed "s|Gymnastics, drawing animals|Trampolining, drawing animals|" "$2/c/a.xml" > "$2/c/a.new" &&
		mv "$2/c/a.new" "$2/c/a.xml"
' sh "$PEPKIT" "$T"
[ -e "$T/waited" ] && ok "import waits for the folder's lock, saying so" || { notok "import did not wait"; cat "$T/imp.err"; }
wait "$(cat "$T/imp.pid")" 2>/dev/null
i=0
while kill -0 "$(cat "$T/imp.pid")" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
check_grep "... then imports" "imported '.*g.docx' into" "$T/imp.err"
check_grep "the record keeps what the other run wrote" "Trampolining, drawing animals" "$T/c/a.xml"
check_grep "... and has the form's change" "MOVEDHERE" "$T/c/a.xml"
check "the record is valid" "$PEPKIT" validate "$T/c/a.xml"
check "an import with no other run goes ahead at once" "$PEPKIT" import --into "$K2" -o "$T/c/b.xml" "$T/g.docx"
check_nogrep "... without waiting" "waiting" "$T/err"
done_testing
