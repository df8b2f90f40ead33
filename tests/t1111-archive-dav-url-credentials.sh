#!/bin/sh
# t1111: `archive deposit --to https://user:password@host/...` put a password on the command
# line and then into stderr, the run report and the catalogue's transfers (which name the URL).
# It is refused before anything is done (no store made, nothing connected), without quoting the
# URL; a URL whose path (not its host part) holds an '@' is still taken.
. tests/lib.sh
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$T/c/"
check_exit 1 "user:password@ in the URL is refused" "$PEPKIT" archive deposit --store "$T/s" --to "https://vs:Sekr1tPw@127.0.0.1:9/dav/" "$T/c"
check_grep "... saying where credentials go" "credentials never go on the command line.*PEPKIT_DAV_CREDENTIALS or --credentials FILE" "$T/err"
check_nogrep "... without the password" "Sekr1tPw" "$T/err"
[ ! -e "$T/s" ] && ok "... before the store is made" || notok "the store was made"
check_exit 1 "a user name alone too" "$PEPKIT" archive deposit --store "$T/s" --to "https://vs@127.0.0.1:9/dav/" "$T/c"
check_exit 1 "and with http://" "$PEPKIT" archive deposit --store "$T/s" --to "http://vs:Sekr1tPw@127.0.0.1:9/dav/" "$T/c"
check_nogrep "... without the password" "Sekr1tPw" "$T/err"
# an '@' in the path is no credential: the run goes on (and fails to connect to port 9)
"$PEPKIT" archive deposit --store "$T/s" --to "https://127.0.0.1:9/dav/a@b/" "$T/c" > "$T/out" 2> "$T/err"
check_nogrep "an '@' in the path is not refused" "credentials never go" "$T/err"
[ -f "$T/s/catalogue.db" ] && ok "... the store is made" || notok "no store"
done_testing
