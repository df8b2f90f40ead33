# t0402: `pepkit sample` makes a valid, deterministic, realistic synthetic cohort; bad options
# are usage errors. Every generated record is checked with xmllint against pep.xsd and with an
# independent rule checker (UPN check letters and uniqueness, dates in order, PP+ links, ...),
# and with `pepkit validate`.
. tests/lib.sh

RULES="$SRCDIR/tests/data/sample/check-rules.py"
XSD="$SRCDIR/schemas/pep.xsd"

# options
check_exit 0 "sample --help exits 0" "$PEPKIT" sample --help
for o in --children --seed --output; do
	check_grep "--help lists $o" "$o" "$T/out"
done
check_exit 2 "--children 0 is a usage error" "$PEPKIT" sample --children 0 -o "$T/x"
check_grep "the usage error names the option" "children" "$T/err"
check_exit 2 "--children abc is a usage error" "$PEPKIT" sample --children abc -o "$T/x"
check_exit 2 "--children over the maximum is a usage error" "$PEPKIT" sample --children 1000001 -o "$T/x"
check_exit 2 "--seed -1 is a usage error" "$PEPKIT" sample --seed -1 -o "$T/x"
check_exit 2 "a missing -o is a usage error" "$PEPKIT" sample --children 3
check_exit 2 "a stray argument is a usage error" "$PEPKIT" sample --children 3 -o "$T/x" extra
[ ! -e "$T/x" ] && ok "usage errors write nothing" || notok "usage errors write nothing"
mkdir -p "$T/ro" && chmod 500 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	check_exit 3 "an unwritable output folder is an I/O error" "$PEPKIT" sample --children 2 -o "$T/ro/c"
fi

# an injected I/O failure part-way (LD_PRELOAD shim): exit 3, a message naming the file, no temp
# file, and the records written before it complete and valid
SHIM="$SRCDIR/${PEPKIT_BUILD:-build}/failio.so"
if [ -f "$SHIM" ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
	for mode in rename fsync; do
		rm -rf "$T/f"
		check_exit 3 "a failing $mode after 10 files exits 3" env LD_PRELOAD="$SHIM" FAILIO=$mode FAILIO_AFTER=10 "$PEPKIT" sample --children 50 -o "$T/f"
		check_grep "failing $mode: the error names the record" "cannot (write|sync).*child-[0-9]{6}\.xml|cannot sync folder" "$T/err"
		ls -A "$T/f" | grep -q '^\.pepkit-tmp' && notok "failing $mode: no temp file left" || ok "failing $mode: no temp file left"
		if ls "$T/f"/child-*.xml >/dev/null 2>&1; then
			check "failing $mode: the records written are complete and valid" xmllint --noout --schema "$XSD" "$T/f"/child-*.xml
		fi
	done
fi

# two cohorts of 200
check "200 children, seed 1" "$PEPKIT" sample --children 200 --seed 1 -o "$T/a"
check "200 children, seed 2" "$PEPKIT" sample --children 200 --seed 2 -o "$T/b"
n=$(ls "$T/a" | grep -c '^child-[0-9]\{6\}\.xml$')
[ "$n" -eq 200 ] && ok "200 files named child-NNNNNN.xml" || notok "200 files named child-NNNNNN.xml (found $n)"
[ -f "$T/a/child-000001.xml" ] && [ -f "$T/a/child-000200.xml" ] && ok "numbered from 000001 to 000200" || notok "numbered from 000001 to 000200"
[ "$(ls -A "$T/a" | wc -l)" -eq 200 ] && ok "no temp files left" || notok "no temp files left"
bad=$(find "$T/a" -type f ! -perm 600 | wc -l)
[ "$bad" -eq 0 ] && ok "records are mode 0600" || notok "records are mode 0600 ($bad are not)"
for c in a b; do
	check "every record of cohort $c is valid against pep.xsd" xmllint --noout --schema "$XSD" "$T/$c"/*.xml
	check "every record of cohort $c follows the rules (UPNs unique with correct check letters, dates, links)" /usr/bin/python3 "$RULES" "$T/$c"/*.xml
done
check "pepkit validate accepts cohort a" "$PEPKIT" validate "$T/a"/*.xml
check "pepkit validate accepts cohort b" "$PEPKIT" validate "$T/b"/*.xml
# the rule checker itself catches a wrong check letter (so a pass above means something)
sed 's|<upn>\([A-Z]\)|<upn>Q|' "$T/a/child-000005.xml" > "$T/badupn.xml"
if grep -q '<upn>Q' "$T/badupn.xml" && ! grep -q '<upn>Q' "$T/a/child-000005.xml"; then
	check_fail "the rule checker rejects a wrong UPN check letter" /usr/bin/python3 "$RULES" "$T/badupn.xml"
fi

# determinism
check "seed 1 again" "$PEPKIT" sample --children 200 --seed 1 -o "$T/a2"
(cd "$T/a" && sha256sum *.xml) > "$T/a.sum"
(cd "$T/a2" && sha256sum *.xml) > "$T/a2.sum"
(cd "$T/b" && sha256sum *.xml) > "$T/b.sum"
cmp -s "$T/a.sum" "$T/a2.sum" && ok "the same seed gives identical files" || notok "the same seed gives identical files"
same=$(cat "$T/a.sum" "$T/b.sum" | awk '{print $1}' | sort | uniq -d | wc -l)
[ "$same" -eq 0 ] && ok "a different seed gives different files" || notok "a different seed gives different files ($same identical)"
check "re-running into the same folder succeeds" "$PEPKIT" sample --children 200 --seed 1 -o "$T/a2"
(cd "$T/a2" && sha256sum *.xml) > "$T/a3.sum"
cmp -s "$T/a.sum" "$T/a3.sum" && ok "and leaves the same files" || notok "and leaves the same files"

# realism (cohort a)
cat "$T/a"/*.xml > "$T/all.xml"
for ks in EYFS KS1 KS2 KS3 KS4 post-16; do
	check_grep "key stage $ks present" "<key-stage>$ks</key-stage>" "$T/all.xml"
done
for sc in eyfs-elg phonics ks-ta ks2-scaled gcse custom; do
	check_grep "grade scale $sc present" "scale=\"$sc\"" "$T/all.xml"
done
for k in initial new-school review; do
	check_grep "PEP kind $k present" "kind=\"$k\"" "$T/all.xml"
done
for cat in placement-address carer-contact birth-family health safeguarding third-party; do
	check_grep "confidential category $cat present" "confidential=\"$cat\"" "$T/all.xml"
done
check_grep "some placements are location-confidential" 'location-confidential="true"' "$T/all.xml"
check_grep "some unaccompanied asylum-seeking children" "<unaccompanied-asylum-seeking>true" "$T/all.xml"
# name scripts, counted by Unicode block (python: independent of the shell's locale)
/usr/bin/python3 - "$T/all.xml" > "$T/scripts" <<'PY'
import re, sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
names = re.findall(r"<(?:given|family)>([^<]*)<", text)
cyr = sum(1 for n in names if any("CYRILLIC" in unicodedata.name(ch, "") for ch in n))
grk = sum(1 for n in names if any("GREEK" in unicodedata.name(ch, "") for ch in n))
lat = sum(1 for n in names if any(ord(ch) > 127 and "LATIN" in unicodedata.name(ch, "") for ch in n))
print(cyr + grk, lat)
PY
read nonlatin diacritics < "$T/scripts"
[ "$nonlatin" -ge 1 ] && ok "some names in Cyrillic or Greek ($nonlatin)" || notok "some names in Cyrillic or Greek"
[ "$diacritics" -ge 20 ] && ok "many names with diacritics ($diacritics)" || notok "many names with diacritics (only $diacritics)"
check_grep "some exclusions" "<exclusion " "$T/all.xml"
check_grep "some EHCPs" "<status>ehcp</status>" "$T/all.xml"
check_grep "some nursery children" "<year-group>N[12]</year-group>" "$T/all.xml"
schools=$(grep -o '<school id="[^"]*"' "$T/all.xml" | sort -u | wc -l)
[ "$schools" -ge 12 ] && ok "many schools ($schools for 200 children)" || notok "many schools (only $schools)"
terms=$(grep -c '<term ' "$T/all.xml")
[ "$terms" -ge 500 ] && ok "mostly three terms of history ($terms terms)" || notok "mostly three terms of history ($terms terms)"
size=$(wc -c < "$T/all.xml")
[ "$size" -ge $((200 * 20000)) ] && ok "records are long enough for a several-page PEP1 ($((size / 200)) bytes each)" || notok "records are long enough ($((size / 200)) bytes each)"
# 3-5 targets in every term with targets
awk '/<targets>/ {n = 0; on = 1} on && /<target / {n++} /<\/targets>/ {on = 0; if (n < 3 || n > 5) bad++} END {exit bad > 0}' "$T/all.xml" \
	&& ok "every term has 3 to 5 targets" || notok "every term has 3 to 5 targets"
# a generated record makes a PEP1 of several pages, and a Cyrillic or Greek name extracts exactly
pages_ok=0
for i in 000001 000002 000003; do
	if "$PEPKIT" render -o "$T/r$i.pdf" "$T/a/child-$i.xml" 2>"$T/err"; then
		p=$(pdfinfo "$T/r$i.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
		[ "${p:-0}" -ge 4 ] && pages_ok=$((pages_ok + 1))
		echo "# child-$i.xml: PEP1 of ${p:-?} pages"
	fi
done
[ "$pages_ok" -eq 3 ] && ok "PEP1s of generated records run to several pages (4 or more)" || notok "PEP1s of generated records run to several pages (only $pages_ok of 3)"
f=$(grep -l '<preferred-name>' "$T/a"/*.xml | head -n 1)
if [ -n "$f" ]; then
	given=$(sed -n 's|.*<legal-name><given>\([^<]*\)</given>.*|\1|p' "$f")
	check "render a record with a non-Latin name" "$PEPKIT" render -o "$T/nl.pdf" "$f"
	pdftotext "$T/nl.pdf" "$T/nl.txt" 2>/dev/null
	check_grep "its name '$given' extracts exactly from the PDF" "$given" "$T/nl.txt"
fi
emails=$(grep -o '[A-Za-z0-9._-]*@[A-Za-z0-9.-]*' "$T/all.xml" | grep -vc '@example\.org$')
[ "$emails" -eq 0 ] && ok "every email is @example.org" || notok "every email is @example.org ($emails are not)"
pcs=$(grep -o '<postcode>[^<]*' "$T/all.xml" | grep -vc '<postcode>ZZ9 ')
[ "$pcs" -eq 0 ] && ok "every postcode is in ZZ9" || notok "every postcode is in ZZ9 ($pcs are not)"
done_testing
