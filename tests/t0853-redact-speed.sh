#!/bin/sh
# t0853-redact-speed: linear-time redaction (issue 11 item 2). The worst valid record for
# redaction (bigrecord.py: about 6.6 MB, 3,000 withheld values that all begin alike, long
# allowed paragraphs naming them 70,000 times) is redacted for every audience that withholds
# anything in under 1 s of CPU per copy (10 s under the sanitizers): the CPU time of `pepkit
# redact` for the audience less that of the same command for `record` (parse, validate and
# write, nothing withheld); the withheld names are gone and the allowed text kept;
# and doubling the text at most about doubles the cost (a quadratic scrub would quadruple it).
. tests/lib.sh

/usr/bin/python3 tests/data/redact/bigrecord.py "$T/big.xml" || notok "big record built"
size=$(stat -c %s "$T/big.xml")
[ "$size" -gt 6000000 ] && [ "$size" -lt 8388608 ] && ok "the record is $size bytes (under the 8 MB cap)" ||
	notok "the record is $size bytes"
check "the big record is valid" "$PEPKIT" validate "$T/big.xml"
limit=1.0
case "$PEPKIT" in *san*) limit=10.0 ;; esac

# cpu CMD...: run CMD, print its user+sys CPU seconds
cpu() {
	/usr/bin/python3 -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f" % (u.ru_utime + u.ru_stime) if r.returncode == 0 else "failed")' "$@"
}

base=$(cpu "$PEPKIT" redact -a record -o "$T/big-record.xml" "$T/big.xml")
[ "$base" != failed ] && ok "the full copy (nothing withheld) takes $base s CPU" || notok "full copy"
for a in school carer parent child health iro; do
	t=$(cpu "$PEPKIT" redact -a "$a" -o "$T/big-$a.xml" "$T/big.xml")
	if [ "$t" != failed ] && awk -v t="$t" -v b="$base" -v l="$limit" 'BEGIN { exit !(t - b < l) }'; then
		ok "$a: $t s CPU in all, redaction $(awk -v t="$t" -v b="$base" 'BEGIN { print t - b }') s (< $limit s)"
	else
		notok "$a: $t s CPU in all, the full copy $base s (redaction limit $limit s)"
	fi
done
# withheld names gone, allowed text kept (the third-party strengths are withheld from all)
name=$(xmllint --xpath 'string((//strengths/item[@confidential])[1])' "$T/big.xml" | sed 's/^Neighbour //; s/ helps.*//')
[ -n "$name" ] && grep -q -- "$name" "$T/big.xml" || notok "a withheld name to look for"
n=$(grep -c -- "$name" "$T/big-parent.xml")
[ "$n" -eq 0 ] && ok "parent copy: the withheld name '$name' is gone" || notok "parent copy: '$name' $n times"
check_grep "parent copy keeps the allowed text" "walked to school" "$T/big-parent.xml"

# linear: half the terms cost about half
/usr/bin/python3 - "$T/big.xml" "$T/half.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
terms = re.findall(r"<term .*?</term>", s, re.S)
head, tail = s[:s.index("<terms>") + 7], "\n</terms>\n</pep-record>\n"
open(sys.argv[2], "w", encoding="utf-8").write(head + "\n".join(terms[:30]) + tail)
PY
check "the half record is valid" "$PEPKIT" validate "$T/half.xml"
full=0 half=0
for i in 1 2 3; do
	full=$(awk -v a="$full" -v b="$(cpu "$PEPKIT" redact -a parent -o "$T/f.xml" "$T/big.xml")" 'BEGIN { print a + b }')
	half=$(awk -v a="$half" -v b="$(cpu "$PEPKIT" redact -a parent -o "$T/h.xml" "$T/half.xml")" 'BEGIN { print a + b }')
done
if awk -v f="$full" -v h="$half" 'BEGIN { exit !(f < 3 * h) }'; then
	ok "twice the text costs $full s against $half s (three runs each): linear"
else
	notok "twice the text costs $full s against $half s: worse than linear"
fi
done_testing
