#!/bin/sh
# t0103: the `pepkit validate` command line: exit statuses (0 valid, 1 invalid, 2 usage,
# 3 unreadable), --quiet, --verbose, --summary, folders as arguments, --help.
. tests/lib.sh
D=tests/data/validate
GOOD=$D/valid-base.xml
BAD=$D/invalid-rule-upn-check-letter.xml

check_exit 0 "a valid record: exit 0" "$PEPKIT" validate "$GOOD"
check_nogrep "a valid record: nothing on stdout" "." "$T/out"
check_exit 1 "an invalid record: exit 1" "$PEPKIT" validate "$BAD"
check_exit 1 "valid and invalid together: exit 1" "$PEPKIT" validate "$GOOD" "$BAD"
check_grep "valid and invalid together: the problem is listed" "^$BAD:6: child/upn: " "$T/out"

check_exit 2 "no files: exit 2" "$PEPKIT" validate
check_grep "no files: says so and points to --help" "no files given" "$T/err"
check_grep "no files: points to --help" "--help" "$T/err"
check_exit 2 "unknown option: exit 2" "$PEPKIT" validate --frobnicate "$GOOD"
check_grep "unknown option: named" "frobnicate" "$T/err"

check_exit 3 "a missing file: exit 3" "$PEPKIT" validate "$T/nope.xml"
check_grep "a missing file: error on stderr" "^pepkit: error: cannot open '$T/nope.xml'" "$T/err"
check_exit 3 "missing and valid: exit 3" "$PEPKIT" validate "$GOOD" "$T/nope.xml"
check_exit 1 "missing and invalid: exit 1 (invalid wins)" "$PEPKIT" validate "$T/nope.xml" "$BAD"
mkfifo "$T/fifo" 2>/dev/null && {
	check_exit 3 "a FIFO is not read: exit 3" timeout 10 "$PEPKIT" validate "$T/fifo"
}

check_exit 1 "--quiet: still exit 1" "$PEPKIT" validate --quiet "$BAD"
check_nogrep "--quiet: nothing on stdout" "." "$T/out"
check_exit 1 "-q: still exit 1" "$PEPKIT" validate -q "$BAD" "$GOOD"
check_nogrep "-q: nothing on stdout" "." "$T/out"
check_exit 0 "--verbose on a valid file" "$PEPKIT" validate --verbose "$GOOD"
check_grep "--verbose: FILE: valid" "^$GOOD: valid$" "$T/out"
check_exit 1 "-v on mixed files" "$PEPKIT" validate -v "$GOOD" "$BAD"
check_grep "-v: the valid one says valid" "^$GOOD: valid$" "$T/out"
check_nogrep "-v: the invalid one does not" "^$BAD: valid" "$T/out"

check_exit 1 "--summary" "$PEPKIT" validate --summary "$GOOD" "$BAD" "$D/valid-edges.xml"
check_grep "--summary on stderr" "^3 files: 2 valid, 1 invalid$" "$T/err"
check_nogrep "--summary not on stdout" "files:" "$T/out"
check_exit 3 "--summary with an unreadable file" "$PEPKIT" validate --summary "$GOOD" "$T/nope.xml"
check_grep "--summary counts it" "^2 files: 1 valid, 0 invalid, 1 unreadable$" "$T/err"

# a folder stands for its *.xml files
mkdir -p "$T/dir/sub"
cp "$GOOD" "$T/dir/a.xml"
cp "$BAD" "$T/dir/b.xml"
cp "$BAD" "$T/dir/sub/c.xml"
echo "not xml" >"$T/dir/notes.txt"
check_exit 1 "a folder: exit 1 (one invalid inside)" "$PEPKIT" validate --summary "$T/dir"
check_grep "a folder: the invalid file inside is named" "^$T/dir/b.xml:6: child/upn: " "$T/out"
check_grep "a folder: only its *.xml, not subfolders or other files" "^2 files: 1 valid, 1 invalid$" "$T/err"
rm "$T/dir/b.xml"
check_exit 0 "a folder of valid records: exit 0" "$PEPKIT" validate "$T/dir/"
check_exit 0 "the samples folder is valid" "$PEPKIT" validate "$SAMPLES"

check_exit 0 "--help: exit 0" "$PEPKIT" validate --help
for o in --quiet --verbose --summary; do
	check_grep "--help lists $o" "$o " "$T/out"
done
check_grep "--help explains the line format" "FILE:LINE: field: message" "$T/out"

done_testing
