# tests/lib.sh: sourced by every tests/tNNNN-*.sh end-to-end script.
# Gives: $PEPKIT (the binary), $T (a fresh temp folder, removed at exit), $SAMPLES,
# and checks that print "ok - DESC" or "not ok - DESC":
#   ok DESC / notok DESC             record a result directly
#   check DESC CMD...                CMD must exit 0
#   check_fail DESC CMD...           CMD must exit non-zero
#   check_exit N DESC CMD...         CMD must exit with status N (stdout/stderr in $T/out, $T/err)
#   check_grep DESC PATTERN FILE     FILE must contain PATTERN (grep -E)
#   check_nogrep DESC PATTERN FILE   FILE must not contain PATTERN
# Shared helpers for documents and reports:
#   ir OUT FILE [render options...]   the document IR of FILE into OUT (no validation)
#   x FILE XPATH                      the string value of XPATH in FILE, whitespace normalised
#   is DESC FILE XPATH EXPECTED       check that value
#   pages_of PDF                      its page count (pdfinfo)
#   every_page_marked PDF [TEXT]      every page has OFFICIAL-SENSITIVE twice, "Page N of TOTAL"
#                                     (and TEXT); returns non-zero otherwise
#   report_sums MERGE-REPORT.csv      "ROWS merged=N duplicate=N conflict=N held=N unmatched=N
#                                     rejected=N" from the report's rows column
# A script ends with `done_testing`, which exits non-zero if any check failed.
set -u
: "${PEPKIT:=$(pwd)/build/pepkit}"
SRCDIR=$(pwd)
SAMPLES="$SRCDIR/samples"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
_failures=0

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; _failures=$((_failures + 1)); }

check() {
	d=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok "$d"; else notok "$d (exit $?)"; sed 's/^/#   /' "$T/err" | head -n 20; fi
}
check_fail() {
	d=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then notok "$d (expected failure, got exit 0)"; else ok "$d"; fi
}
check_exit() {
	want=$1; d=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$d"; else notok "$d (exit $got, expected $want)"; sed 's/^/#   /' "$T/err" | head -n 20; fi
}
check_grep() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else notok "$1 (no '$2' in $3)"; head -n 20 "$3" | sed 's/^/#   /'; fi
}
check_nogrep() {
	if grep -Eq -- "$2" "$3"; then notok "$1 (found '$2' in $3)"; grep -E -- "$2" "$3" | head -n 5 | sed 's/^/#   /'; else ok "$1"; fi
}
ir() {
	out=$1; file=$2; shift 2
	"$PEPKIT" render --no-validate --emit-ir "$@" -o "$out" "$file"
}
x() {
	xmllint --xpath "normalize-space($2)" "$1" 2>/dev/null
}
is() {
	got=$(x "$2" "$3")
	if [ "$got" = "$4" ]; then ok "$1"; else notok "$1 (got '$got', expected '$4')"; fi
}
pages_of() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
every_page_marked() {
	n=$(pages_of "$1")
	[ -n "$n" ] && [ "$n" -ge 1 ] || return 1
	i=1
	while [ "$i" -le "$n" ]; do
		pdftotext -q -f "$i" -l "$i" "$1" "$T/page.txt" || return 1
		[ "$(grep -c 'OFFICIAL-SENSITIVE' "$T/page.txt")" -ge 2 ] || { echo "# page $i: marking missing"; return 1; }
		grep -q "Page $i of $n" "$T/page.txt" || { echo "# page $i: no 'Page $i of $n'"; return 1; }
		if [ $# -ge 2 ]; then grep -qF -- "$2" "$T/page.txt" || { echo "# page $i: no '$2'"; return 1; }; fi
		i=$((i + 1))
	done
}
report_sums() {
	/usr/bin/python3 - "$1" <<'PY'
import csv, sys, collections
c = collections.Counter()
total = 0
for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):
    n = int(r['rows']); total += n; c[r['outcome']] += n
print(total, ' '.join('%s=%d' % (k, c[k]) for k in ['merged', 'duplicate', 'conflict', 'held', 'unmatched', 'rejected']))
PY
}
done_testing() {
	[ "$_failures" -eq 0 ]
	exit $?
}
