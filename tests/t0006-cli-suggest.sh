#!/bin/sh
# t0006-cli-suggest: a user's slips on the command line. A misspelt command or option is a
# usage error (exit 2) that names the one it is close to; an abbreviation that starts two
# options says which; `pepkit help COMMAND` is `pepkit COMMAND --help`.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml

check_exit 2 "a misspelt command is a usage error" $PEPKIT pakc -o "$T/p" "$SAMPLES"
check_grep "... suggesting the command" "^pepkit: error: 'pakc' is not a pepkit command: did you mean 'pack'\?$" "$T/err"
check_grep "... and pointing to --help" "^see 'pepkit --help'$" "$T/err"
check_exit 2 "a command with letters swapped" $PEPKIT sned --dry-run
check_grep "... suggests send" "did you mean 'send'\?" "$T/err"
check_exit 2 "a word like no command" $PEPKIT frobnicate
check_grep "... is named" "'frobnicate' is not a pepkit command$" "$T/err"
check_nogrep "... with no guess" "did you mean" "$T/err"

check_exit 2 "pack --temr (letters swapped) is a usage error" $PEPKIT pack --temr 2025-autumn -o "$T/p" "$SAMPLES"
check_grep "... suggesting --term" "^pepkit: error: unknown option '--temr': did you mean '--term'\?$" "$T/err"
check_grep "... and pointing to pack --help" "^see 'pepkit pack --help'$" "$T/err"
check_exit 2 "render --fromat=pdf" $PEPKIT render --fromat=pdf -o "$T/x.pdf" "$REC"
check_grep "... names the option, not its value, and suggests --format" "unknown option '--fromat': did you mean '--format'\?$" "$T/err"
check_exit 2 "render --audiance carer" $PEPKIT render --audiance carer -o "$T/x.pdf" "$REC"
check_grep "... suggests --audience" "did you mean '--audience'\?" "$T/err"
check_exit 2 "validate --quite" $PEPKIT validate --quite "$REC"
check_grep "... suggests --quiet" "did you mean '--quiet'\?" "$T/err"
check_exit 2 "pack --re (starts two options)" $PEPKIT pack --re -o "$T/p" "$SAMPLES"
check_grep "... says it is ambiguous and names both" "option '--re' is ambiguous: it starts --records-out, --recursive$" "$T/err"
check_exit 2 "render --zzzz" $PEPKIT render --zzzz -o "$T/x.pdf" "$REC"
check_grep "... is unknown" "unknown option '--zzzz'$" "$T/err"
check_nogrep "... with no guess" "did you mean" "$T/err"
[ ! -e "$T/p" ] && [ ! -e "$T/x.pdf" ] && ok "nothing written for a usage error" || notok "a usage error wrote output"
# an unambiguous start of an option still works, as getopt_long allows
check "pack --recurs (a start of --recursive) is taken" $PEPKIT pack --recurs -q -o "$T/pk" "$SAMPLES"

check_exit 2 "pack --version" $PEPKIT pack --version
check_grep "... says where the version is" "^pepkit: error: unknown option '--version': 'pepkit --version' prints the version$" "$T/err"
check "pepkit --version" $PEPKIT --version
check_grep "... prints it" "^pepkit [0-9]+\.[0-9]+\.[0-9]+$" "$T/out"
check "pepkit help pack" $PEPKIT help pack
head -n 1 "$T/out" >"$T/first"
check_grep "... prints pack's usage" "^usage: pepkit pack " "$T/first"
$PEPKIT pack --help >"$T/want"
cmp -s "$T/out" "$T/want" && ok "... the same as pepkit pack --help" || notok "help pack differs from pack --help"
check "pepkit help" $PEPKIT help
check_grep "... prints the top-level help" "^usage: pepkit \[--version\]" "$T/out"
done_testing
