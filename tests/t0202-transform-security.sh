# t0202: transforms run with security prefs that refuse stray reads, writes and network. A temp
# copy of the data folder (PEPKIT_DATADIR) gets hostile test stylesheets from
# tests/data/transform/; `pepkit render --doc hostile-*` must fail with a "refused" message,
# write no output and leave nothing behind. Each case first shows, with xsltproc (no security
# prefs), that the stylesheet really does what it tries, so the test can fail.
. tests/lib.sh

DATA="$SRCDIR/tests/data/transform"
KS4="$SAMPLES/ks4-ehcp-exclusions.xml"
D="$T/data"
mkdir -p "$D"
cp -R "$SRCDIR/schemas" "$SRCDIR/stylesheets" "$D/"
cp "$DATA/hostile-net.xsl" "$D/stylesheets/"
echo "<secret>CANARY-7731</secret>" > "$T/secret.xml"
sed "s|SECRET_PATH|$T/secret.xml|" "$DATA/hostile-read.xsl" > "$D/stylesheets/hostile-read.xsl"
sed "s|OUTSIDE_PATH|$DATA/outside.xsl|" "$DATA/hostile-include.xsl" > "$D/stylesheets/hostile-include.xsl"
sed "s|OUTPUT_PATH|$T/pwned.txt|" "$DATA/hostile-write.xsl" > "$D/stylesheets/hostile-write.xsl"

hostile() {
	PEPKIT_DATADIR="$D" "$PEPKIT" render --no-validate --emit-ir --doc "$1" -o "$T/$1.xml" "$KS4"
}

# the copied data folder itself works
check_exit 0 "the temp data folder's own pep1 stylesheet still works" hostile pep1

# document('/etc/passwd'), document('file:///etc/passwd') and an XML file outside the data folder
xsltproc "$D/stylesheets/hostile-read.xsl" "$KS4" > "$T/control-read.xml" 2>/dev/null
check_grep "control: without the prefs the stylesheet reads a file outside the data folder" "CANARY-7731" "$T/control-read.xml"
check_exit 4 "document('/etc/passwd') makes the transform fail" hostile hostile-read
check_grep "the error says the read was refused" "file read for .*/etc/passwd refused" "$T/err"
[ ! -e "$T/hostile-read.xml" ] && ok "no output written for the read attempt" || notok "no output written for the read attempt"
check_nogrep "the canary appears in no message" "CANARY" "$T/err"

# exsl:document writing a file
rm -f "$T/pwned.txt"
(cd "$T" && xsltproc "$D/stylesheets/hostile-write.xsl" "$KS4" > /dev/null 2>&1)
check_grep "control: without the prefs the stylesheet writes a file" "pwned" "$T/pwned.txt"
rm -f "$T/pwned.txt"
check_exit 4 "exsl:document writing a file makes the transform fail" hostile hostile-write
check_grep "the error says the write was refused" "write for .*pwned.txt refused" "$T/err"
[ ! -e "$T/pwned.txt" ] && ok "exsl:document wrote nothing" || notok "exsl:document wrote nothing"
[ ! -e "$T/hostile-write.xml" ] && ok "no output written for the write attempt" || notok "no output written for the write attempt"

# document('http://127.0.0.1:9/')
check_exit 4 "document('http://127.0.0.1:9/') makes the transform fail" hostile hostile-net
check_grep "the error says the network read was refused" "[Nn]etwork file read for http://127.0.0.1:9/ refused" "$T/err"
[ ! -e "$T/hostile-net.xml" ] && ok "no output written for the network attempt" || notok "no output written for the network attempt"

# xsl:include of a file outside the data folder is refused when the stylesheet is compiled
xsltproc "$D/stylesheets/hostile-include.xsl" "$KS4" > /dev/null 2>&1 && ok "control: xsltproc compiles the include" || notok "control: xsltproc compiles the include"
check_fail "xsl:include from outside the data folder is refused" hostile hostile-include
check_grep "the error names the stylesheet" "hostile-include" "$T/err"
[ ! -e "$T/hostile-include.xml" ] && ok "no output written for the include attempt" || notok "no output written for the include attempt"

# a stylesheet name cannot leave stylesheets/
check_exit 2 "--doc with a path is refused (a usage error)" "$PEPKIT" render --no-validate --emit-ir --doc ../schemas/pep -o "$T/x.xml" "$KS4"
check_exit 2 "--doc naming no stylesheet is refused (a usage error)" "$PEPKIT" render --no-validate --emit-ir --doc pep9 -o "$T/x.xml" "$KS4"
check_grep "the error names the unknown document" "pep9" "$T/err"

done_testing
