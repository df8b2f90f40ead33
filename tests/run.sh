#!/bin/sh
# Run every test: the unit-test programs in $PEPKIT_BUILD/unit/ and the end-to-end scripts
# tests/t*.sh. Each prints "ok - ..." or "not ok - ..." lines; this counts them and ends with
# "N passed, N failed". Exit status 0 only when nothing failed and something ran.
# Usage: tests/run.sh [PATTERN]   (PATTERN: only scripts/units whose name contains it)
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${PEPKIT_BUILD:-build}
PATTERN=${1:-}
export PEPKIT_BUILD="$BUILD"
export PEPKIT_DATADIR="$(pwd)"
export PEPKIT="$(pwd)/$BUILD/pepkit"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

passed=0
failed=0
crashed=""

run_one() {
	name=$1
	shift
	log="$out/$(basename "$name").log"
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
		echo "--- $name (exit $rc)"
		grep -v '^ok ' "$log" | tail -n 40
		if [ "$f" -eq 0 ]; then
			failed=$((failed + 1))
			crashed="$crashed $name"
		fi
	else
		echo "$name: $p passed"
	fi
}

for u in "$BUILD"/unit/test_*; do
	[ -x "$u" ] || continue
	case "$u" in *"$PATTERN"*) ;; *) continue ;; esac
	run_one "$(basename "$u")" "$u"
done
for t in tests/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	case "$t" in *"$PATTERN"*) ;; *) continue ;; esac
	run_one "$(basename "$t")" sh "$t"
done

[ -n "$crashed" ] && echo "exited non-zero without a failing check:$crashed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
