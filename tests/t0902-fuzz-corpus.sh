# t0902: the regression run of every fuzz target (tests/fuzz/fuzz_*.c) over its corpus
# (tests/fuzz/corpus/TARGET: seeds, hostile inputs and every crash fuzzing has found). In the
# normal build the targets are linked with tests/fuzz/driver.c; under `make check SAN=1` the
# same run is checked by ASan and UBSan. `make fuzz` / `make fuzz-run SECONDS=N` fuzz them.
. tests/lib.sh

B=${PEPKIT_BUILD:-build}
n=0
for t in "$B"/fuzz/fuzz_*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] || continue
	name=$(basename "$t")
	corpus="tests/fuzz/corpus/${name#fuzz_}"
	n=$((n + 1))
	[ -d "$corpus" ] && [ -n "$(ls "$corpus")" ] || { notok "$name has a corpus in $corpus"; continue; }
	if PEPKIT_DATADIR="$SRCDIR" timeout 600 "$t" "$corpus" >"$T/$name.out" 2>"$T/$name.err"; then
		cat "$T/$name.out"
	else
		notok "$name ran over $corpus without a crash"
		tail -n 20 "$T/$name.err" | sed 's/^/#   /'
	fi
	[ ! -s "$T/$name.err" ] && ok "$name printed nothing on stderr" || { notok "$name printed nothing on stderr"; head -n 5 "$T/$name.err" | sed 's/^/#   /'; }
done
[ "$n" -ge 5 ] && ok "every fuzz target was run ($n)" || notok "every fuzz target was run (found $n in $B/fuzz)"
done_testing
