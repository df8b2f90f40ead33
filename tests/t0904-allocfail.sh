# t0904: allocation-failure injection (issue 11): tests/alloc/allocfail fails the Nth
# allocation of pepkit's library code (and every later one) while validating a sample, rendering
# it as PDF and DOCX for the full record and a redacted copy, and merging an export into it, for
# N = 1..200 and then a spread up to the total. Every run must end with a clean error code;
# none may crash or report success after a failed allocation. Under `make check SAN=1` ASan and
# LeakSanitizer check every run for memory errors and leaks (a leak fails the program at exit).
. tests/lib.sh

B=${PEPKIT_BUILD:-build}
points=150
case "$B" in *san*) points=60 ;; esac   # ASan is several times slower: fewer spread points
if PEPKIT_DATADIR="$SRCDIR" "$B/alloc/allocfail" "$points" >"$T/out" 2>"$T/err"; then
	cat "$T/out"
	ok "allocfail exited 0"
else
	cat "$T/out"
	notok "allocfail exited 0 (no crash, no leak)"
	tail -n 30 "$T/err" | sed 's/^/#   /'
fi
done_testing
