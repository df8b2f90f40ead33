# tests/lib.sh: sourced by every tests/tNNNN-*.sh end-to-end script.
# Gives: $PEPKIT (the binary), $T (a fresh temp folder, removed at exit), $SAMPLES,
# and checks that print "ok - DESC" or "not ok - DESC":
#   ok DESC / notok DESC             record a result directly
#   check DESC CMD...                CMD must exit 0
#   check_fail DESC CMD...           CMD must exit non-zero
#   check_exit N DESC CMD...         CMD must exit with status N (stdout/stderr in $T/out, $T/err)
#   check_grep DESC PATTERN FILE     FILE must contain PATTERN (grep -E)
#   check_nogrep DESC PATTERN FILE   FILE must not contain PATTERN
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
done_testing() {
	[ "$_failures" -eq 0 ]
	exit $?
}
