#!/bin/sh
# t1211: qa's list of records known valid (OUTDIR/.pepkit-qa-valid) is trusted only as the file
# qa itself wrote: regular, owned by the user running qa, writable by no one else, one link. A
# list planted by another account that may write the folder (the SHA-256 of an invalid record
# added under the public header line), a list made group-writable, a symbolic link or a second
# hard link to one is not trusted: every record is validated, the invalid one is reported
# invalid (exit 1). qa's own list is still reused. (adv/o02)
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/eyfs-nursery.xml" "$T/c/"
check "qa" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
check "qa again" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
check_grep "... reuses its own list" "^2 records unchanged since the last run" "$T/err"
sed -i 's|<upn>X803211421047</upn>|<upn>X80321142104</upn>|' "$T/c/ks2-initial.xml"
check_exit 1 "a record made invalid is found" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
plant() {   # the list with the invalid record's digest added, as a new file $1
	{ cat "$T/q/.pepkit-qa-valid"; sha256sum "$T/c/ks2-initial.xml" | cut -c1-64; } |
		{ read -r h; echo "$h"; sort; } > "$1"
}
cp "$T/q/.pepkit-qa-valid" "$T/own"
plant "$T/q/.planted" && chown nobody "$T/q/.planted" && mv "$T/q/.planted" "$T/q/.pepkit-qa-valid"
check_exit 1 "a list another account planted: the record is still invalid" \
	"$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
check_grep "... reported invalid" "invalid" "$T/q/qa-report.csv"
check_nogrep "... nothing taken as unchanged" "unchanged since the last run" "$T/err"
plant "$T/q/.pepkit-qa-valid" && chmod 0664 "$T/q/.pepkit-qa-valid"
check_exit 1 "a list others may write: not trusted" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
plant "$T/elsewhere" && chmod 0600 "$T/elsewhere" && rm -f "$T/q/.pepkit-qa-valid" && ln -s "$T/elsewhere" "$T/q/.pepkit-qa-valid"
check_exit 1 "a link to a list: not trusted" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
rm -f "$T/q/.pepkit-qa-valid"
plant "$T/elsewhere2" && chmod 0600 "$T/elsewhere2" && ln "$T/elsewhere2" "$T/q/.pepkit-qa-valid"
check_exit 1 "a second hard link to a list: not trusted" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
[ "$(stat -c %h "$T/q/.pepkit-qa-valid")" = 1 ] && ok "the run wrote its own list" || notok "the link is still there"
check_exit 1 "qa again, its own list" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
check_grep "... reuses it for the valid record" "^1 record unchanged since the last run" "$T/err"
done_testing
