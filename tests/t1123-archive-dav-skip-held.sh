#!/bin/sh
# t1123: `archive deposit --to` again over the same cohort PUTs nothing the WebDAV server still
# holds as an earlier run stored it: the catalogue must record the transfer to that URL and the
# server's copy must be the same bytes (apache2 gives no checksum, so it is read back and
# compared: size or modification time alone are never trusted). An object replaced on the
# server by other bytes of the same size, or removed, is PUT again, and only it; another URL
# gets every document. (adv/o04)
. tests/lib.sh
. tests/data/dav/lib-dav.sh
trap 'dav_stop; rm -rf "$T"' EXIT
export PEPKIT_DATADIR="$SRCDIR"
if dav_start archivist 'S3cret-pass' "pepkit test"; then ok "apache2 WebDAV server up"; else notok "apache2 WebDAV server up"; done_testing; fi
URL="https://127.0.0.1:$DAV_PORT/dav/pep"
curl -s --cacert "$W/ca.pem" -u archivist:S3cret-pass -X MKCOL "$URL/" -o /dev/null
curl -s --cacert "$W/ca.pem" -u archivist:S3cret-pass -X MKCOL "$URL-b/" -o /dev/null
export PEPKIT_DAV_CREDENTIALS=archivist:S3cret-pass
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/eyfs-nursery.xml" "$T/c/"
D() { "$PEPKIT" archive deposit --store "$T/s" --to "$1" --cacert "$W/ca.pem" "$T/c"; }
puts() { grep -c '^PUT .* 20[14]$' "$W/access.log"; }
check "deposit" D "$URL"
n=$(find "$T/s/objects" -name '*.pdf' | wc -l)
[ "$(puts)" -eq "$n" ] && ok "$n documents PUT" || notok "$(puts) PUTs for $n documents"
check_grep "... all sent" "$n sent to '.*' and checked; 0 there already" "$T/err"
p0=$(puts)
check "deposit again" D "$URL"
[ "$(puts)" -eq "$p0" ] && ok "nothing PUT again" || notok "$(( $(puts) - p0 )) PUT again"
check_grep "... all found there, checked" "0 sent to '.*' and checked; $n there already" "$T/err"
check_grep "... the report says so" "already-held.*on the WebDAV server \(checked\)" "$T/s/reports/$(ls -t "$T/s/reports" | head -n 1)"
check_grep "... the summary counts them held" "0 deposited, $n already held" "$T/err"
# one object replaced behind pepkit's back by other bytes of the same size, one removed
set -- $(find "$W/www/dav/pep" -name '*.pdf' | sort)
size=$(stat -c %s "$1")
head -c "$size" /dev/zero > "$1"
rm -f "$2"
p0=$(puts)
check "deposit after the server's copies changed" D "$URL"
[ "$(( $(puts) - p0 ))" -eq 2 ] && ok "the replaced and the removed documents are PUT again, only they" ||
	notok "$(( $(puts) - p0 )) PUT"
check_grep "... counted" "2 sent to '.*' and checked; $((n - 2)) there already" "$T/err"
same=0
for f in $(find "$T/s/objects" -name '*.pdf'); do
	child=$(basename "$(dirname "$(dirname "$f")")"); term=$(basename "$(dirname "$f")")
	cmp -s "$f" "$W/www/dav/pep/$child/$term-$(basename "$f")" && same=$((same + 1))
done
[ "$same" -eq "$n" ] && ok "the server holds every document byte for byte" || notok "$same of $n the same on the server"
p0=$(puts)
check "deposit to another folder" D "$URL-b"
[ "$(( $(puts) - p0 ))" -eq "$n" ] && ok "every document PUT there" || notok "$(( $(puts) - p0 )) PUT"
check "store verify" "$PEPKIT" archive verify --store "$T/s"
done_testing
