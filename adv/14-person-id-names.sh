#!/bin/sh
# Attack: a person's id holding the child's family name ("mum-yilmaz", as people write ids) is
# valid (t0854 relies on such ids: redacted copies make them neutral), but `send` named the post
# list's files CHILD-DOC-TERM-PERSON-KEY.pdf by the raw id, and the send log's and audit's rows
# too: the child's name in file names and logs. Here: a post-only delivery (no SMTP connection
# is made). Exits 1 while a post file's name holds the name.
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d) || exit 2
export PEPKIT_DATADIR=$(pwd)
trap 'rm -rf "$T"' EXIT
SRCDIR=$(pwd)
. tests/data/send/lib-send.sh
trap 'rm -rf "$T"' EXIT
council "$T" 1 /dev/null
# only the carer (a non-secure domain) gets anything: the post list
sed -e 's|id="c1"|id="mum-yilmaz"|; s|person="c1"|person="mum-yilmaz"|g; s|owner="c1"|owner="mum-yilmaz"|g' \
    -e 's|<email>r.vaughan@example.org</email>||; s|<email>a.murphy@example.org</email>||' \
	samples/ks2-initial.xml > "$T/r.xml"
./pepkit send -c "$T/council.xml" -l "$T/log" "$T/r.xml" >/dev/null 2>&1
if ls "$T/log/post" 2>/dev/null | grep -qi yilmaz; then
	echo "DEFECT: post list file named with the child's family name:"; ls "$T/log/post" | grep -i yilmaz; exit 1
fi
ls "$T/log/post" 2>/dev/null | grep -q pdf || { echo "no post file made (setup)"; exit 2; }
exit 0
