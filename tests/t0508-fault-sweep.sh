# t0508: fault injection at every call site in turn (issue 11 item 9). For pack, merge, redact,
# template and import on a small input: a counting run (tests/shim/failio.c, FAILIO_COUNT)
# finds how many open/write/fsync/rename/mkdir/close calls each thread makes on the test's own
# files (inputs, outputs and a copy of the data folder); then one run per N fails the Nth such
# call of each thread (FAILIO_NTH). Every run must: not crash (exit < 128, no sanitizer report);
# exit non-zero with a "pepkit: error:" line, or exit 0 with every output complete; leave no
# temp file; leave every previous output intact (byte for byte: the same inputs render the same
# bytes); and a re-run without the fault must complete the job.
. tests/lib.sh

SHIM="$SRCDIR/${PEPKIT_BUILD:-build}/failio.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
KINDS=open,write,fsync,rename,mkdir,close
# on a tmpfs when there is one: the sweep makes thousands of fsyncs
if [ -d /dev/shm ] && [ -w /dev/shm ] && W=$(mktemp -d /dev/shm/pepkit-t0508.XXXXXX); then
	trap 'rm -rf "$T" "$W"' EXIT
else
	W="$T/w"
fi
mkdir -p "$W/data" "$W/cohort"
cp -r "$SRCDIR/schemas" "$SRCDIR/stylesheets" "$SRCDIR/templates" "$W/data/"
export PEPKIT_DATADIR="$W/data"
cp "$SRCDIR"/tests/data/csv/cohort/*.xml "$W/cohort/"
grep -v '2026-spring.*Spring 2026\|Spring 2026' "$SRCDIR/tests/data/csv/good-sims.csv" > "$W/sims.csv"   # rows a record can take
cp "$SAMPLES/ks2-initial.xml" "$W/record.xml"
"$PEPKIT" template --doc pep1 --from "$W/record.xml" -o "$W/form.docx" 2>"$T/err" || { notok "make a form to import"; cat "$T/err"; }

# the documents (not the reports) under folder $1, with their hashes
docs() { (cd "$1" && find . -type f ! -name '.*' ! -name '*report*' ! -name '*summary*' -exec sha256sum {} + | sort -k2); }

# sweep NAME OUTPUT-FOLDER CMD...: the sweep for one command (CMD's outputs are under the folder)
sweep() {
	name=$1; out=$2; shift 2
	"$@" >/dev/null 2>"$T/base.err" || { notok "$name: the command works without faults"; sed 's/^/#   /' "$T/base.err"; return; }
	docs "$out" > "$T/base.sums"
	[ -s "$T/base.sums" ] || { notok "$name: the command writes something"; return; }
	rm -f "$T/count"
	env LD_PRELOAD="$SHIM" FAILIO=$KINDS FAILIO_PATH="$W" FAILIO_COUNT="$T/count" "$@" >/dev/null 2>&1
	n=$(sort -n "$T/count" | tail -n 1)
	[ "${n:-0}" -gt 0 ] || { notok "$name: counting run saw calls"; return; }
	bad=0; failed=0; tolerated=0
	i=1
	while [ "$i" -le "$n" ]; do
		rm -f "$T/log"
		env LD_PRELOAD="$SHIM" FAILIO=$KINDS FAILIO_PATH="$W" FAILIO_NTH=$i FAILIO_LOG="$T/log" "$@" >/dev/null 2>"$T/f.err"
		st=$?
		if [ "$st" -ge 128 ] || grep -q -e 'Sanitizer' -e 'runtime error' "$T/f.err"; then
			bad=$((bad + 1)); echo "# $name call $i: crashed (exit $st)"; sed 's/^/#   /' "$T/f.err" | head -n 5
		elif [ "$st" -ne 0 ]; then
			failed=$((failed + 1))
			grep -q '^pepkit: error: ' "$T/f.err" || { bad=$((bad + 1)); echo "# $name call $i: exit $st without a clear message"; sed 's/^/#   /' "$T/f.err" | head -n 5; }
		else
			tolerated=$((tolerated + 1))
			sed "s|$W/||; s/^/# $name call $i tolerated: /" "$T/log" 2>/dev/null
			# only a failed close, or an open libxml2 retries, may pass unnoticed: a write,
			# fsync, rename or mkdir that fails must never be swallowed
			if grep -q -e '^write ' -e '^fsync ' -e '^rename ' -e '^mkdir ' "$T/log" 2>/dev/null; then
				bad=$((bad + 1)); echo "# $name call $i: a failed $(cut -d' ' -f1 "$T/log" | head -n 1) went unnoticed"
			fi
		fi
		if find "$out" -name '.pepkit-tmp*' | grep -q .; then
			bad=$((bad + 1)); echo "# $name call $i: temp file left"; find "$out" -name '.pepkit-tmp*' | sed 's/^/#   /'
		fi
		docs "$out" > "$T/now.sums"
		if ! join -j 2 "$T/base.sums" "$T/now.sums" | awk '$2 != $3 {exit 1}' || [ "$(join -j 2 "$T/base.sums" "$T/now.sums" | wc -l)" -ne "$(wc -l < "$T/base.sums")" ]; then
			bad=$((bad + 1)); echo "# $name call $i (exit $st): a previous output was damaged or lost"
		fi
		if [ "$st" -eq 0 ] && ! cmp -s "$T/base.sums" "$T/now.sums"; then
			bad=$((bad + 1)); echo "# $name call $i: exit 0 but the outputs are not complete"
		fi
		if [ "$st" -ne 0 ] && { ! "$@" >/dev/null 2>"$T/r.err" || ! docs "$out" | cmp -s - "$T/base.sums"; }; then
			bad=$((bad + 1)); echo "# $name call $i: the re-run without the fault did not complete the job"; sed 's/^/#   /' "$T/r.err" | head -n 5
		fi
		i=$((i + 1))
	done
	[ "$bad" -eq 0 ] && ok "$name: $n call sites, each failed in turn: $failed clean errors, $tolerated harmless, nothing lost or left" \
		|| notok "$name: $bad problems over $n faulted runs"
	echo "# sweep $name: $n runs ($failed exited with an error, $tolerated completed despite the fault)"
}

sweep pack "$W/pk" "$PEPKIT" pack -q --force -j 1 --doc pep1 --audience carer --attainment "$W/sims.csv" -o "$W/pk" "$W/cohort"
mkdir -p "$W/merged"
sweep merge "$W/merged" "$PEPKIT" merge --map "$W/data/templates/mapping-sims-long.xml" -o "$W/merged" "$W/cohort" "$W/sims.csv"
mkdir -p "$W/red"
sweep redact "$W/red" "$PEPKIT" redact --audience carer -o "$W/red/carer.xml" "$W/record.xml"
mkdir -p "$W/tpl"
sweep template "$W/tpl" "$PEPKIT" template --doc pep2 --from "$W/record.xml" -o "$W/tpl/form.docx"
mkdir -p "$W/imp"
sweep import "$W/imp" "$PEPKIT" import --into "$W/record.xml" -o "$W/imp/record.xml" "$W/form.docx"
done_testing
