# t0003: `make install` with PREFIX and DESTDIR gives a pepkit that finds its data files and man
# page without PEPKIT_DATADIR.
. tests/lib.sh

check "make install into a DESTDIR" make -s install BUILD="${PEPKIT_BUILD:-build}" PREFIX=/usr DESTDIR="$T/root"
check "binary installed" test -x "$T/root/usr/bin/pepkit"
check "man page installed" test -f "$T/root/usr/share/man/man1/pepkit.1"
check "schemas installed" test -f "$T/root/usr/share/pepkit/schemas/pep.xsd"
check "stylesheets installed" test -f "$T/root/usr/share/pepkit/stylesheets/pep1.xsl"
check_exit 0 "installed pepkit runs" env -u PEPKIT_DATADIR "$T/root/usr/bin/pepkit" --version
check_exit 0 "installed pepkit finds its data files" env -u PEPKIT_DATADIR "$T/root/usr/bin/pepkit" render --emit-ir -o "$T/ir.xml" "$SAMPLES/ks4-ehcp-exclusions.xml"
check "make uninstall" make -s uninstall BUILD="${PEPKIT_BUILD:-build}" PREFIX=/usr DESTDIR="$T/root"
[ ! -e "$T/root/usr/bin/pepkit" ] && ok "uninstall removes the binary" || notok "uninstall removes the binary"
done_testing
