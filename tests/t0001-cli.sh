# t0001: the command line: help, version, unknown commands and options, exit statuses.
. tests/lib.sh

check_exit 0 "pepkit --help exits 0" "$PEPKIT" --help
check_grep "--help lists the commands" "^  pack " "$T/out"
check_grep "--help documents exit statuses" "exit status" "$T/out"
check_exit 0 "pepkit --version exits 0" "$PEPKIT" --version
check_grep "--version prints the version" "^pepkit [0-9]+\.[0-9]+\.[0-9]+$" "$T/out"
check_exit 2 "no command is a usage error" "$PEPKIT"
check_exit 2 "an unknown command is a usage error" "$PEPKIT" frobnicate
check_grep "unknown command message names it" "'frobnicate' is not a pepkit command" "$T/err"
check_grep "usage errors point to --help" "see 'pepkit --help'" "$T/err"

for cmd in $("$PEPKIT" --help | awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
	check_exit 0 "pepkit $cmd --help exits 0" "$PEPKIT" "$cmd" --help
	check_grep "pepkit $cmd --help prints usage to stdout" "^usage: pepkit $cmd " "$T/out"
	check_exit 2 "pepkit $cmd with an unknown option is a usage error" "$PEPKIT" "$cmd" --no-such-option
	check_grep "pepkit $cmd: unknown option message" "unknown option '--no-such-option'" "$T/err"
	check_grep "pepkit $cmd: usage error points to its --help" "see 'pepkit $cmd --help'" "$T/err"
done

check_exit 2 "render without -o is a usage error" "$PEPKIT" render "$SAMPLES/ks4-ehcp-exclusions.xml"
check_exit 2 "render with an unknown format is a usage error" "$PEPKIT" render -f odt -o "$T/x" "$SAMPLES/ks4-ehcp-exclusions.xml"
check_exit 2 "pack without a cohort is a usage error" "$PEPKIT" pack -o "$T/x"
check_exit 2 "pack with a malformed term is a usage error" "$PEPKIT" pack --term "autumn'" -o "$T/x" "$SAMPLES"
check_exit 2 "pack -j 0 is a usage error" "$PEPKIT" pack -j 0 -o "$T/x" "$SAMPLES"
check_exit 3 "render of a missing file is an I/O error" "$PEPKIT" render -o "$T/x.pdf" "$T/nope.xml"
check_grep "the message names the missing file" "cannot open '$T/nope.xml'" "$T/err"
[ ! -e "$T/x.pdf" ] && ok "nothing written for a missing input" || notok "nothing written for a missing input"

# options may follow operands, as with GNU tools; `--` ends the options
check_exit 0 "render FILE -o OUT (options after the operand)" "$PEPKIT" render "$SAMPLES/ks2-initial.xml" -o "$T/after.pdf"
qpdf --check "$T/after.pdf" >/dev/null 2>&1 && ok "the PDF written with -o after FILE is sound" || notok "the PDF written with -o after FILE is sound"
check_exit 0 "validate FILE --quiet" "$PEPKIT" validate "$SAMPLES/ks2-initial.xml" -q
cp "$SAMPLES/ks2-initial.xml" "$T/-dash.xml"
( cd "$T" && "$PEPKIT" validate -- -dash.xml >out2 2>err2 ); rc=$?
[ $rc = 0 ] && ok "-- lets an operand start with '-'" || notok "-- lets an operand start with '-' (exit $rc)"
check_exit 2 "an operand starting with '-' without -- is an unknown option" "$PEPKIT" validate "$T/../x" -dash.xml
check_grep "... and the message says so" "unknown option" "$T/err"

# a failure to write stdout is reported (/dev/full)
if [ -w /dev/full ]; then
	check_exit 3 "--help to a full disk is an I/O error" sh -c "'$PEPKIT' --help > /dev/full"
fi
done_testing
