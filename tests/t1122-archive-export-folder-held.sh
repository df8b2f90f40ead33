#!/bin/sh
# t1122: `archive export -o DIR/bag` into a folder another pepkit run holds (its .pepkit.lock and
# the folder flocked, as pack -o DIR holds it) is refused at once with "in use" (exit 3), like
# every other writer, instead of waiting for as long as that run lasts; nothing is left in DIR.
# Once the folder is free the same export makes a complete bag; two exports into one folder:
# each completes or is refused, none waits. (adv/o01)
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" "$T/tx" && cp "$SAMPLES/ks2-initial.xml" "$T/c/"
check "deposit" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
: > "$T/tx/.pepkit.lock"
check_exit 3 "export into a held folder is refused at once" flock -x "$T/tx/.pepkit.lock" flock -x "$T/tx" \
	timeout 60 "$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/tx/bag"
check_grep "... saying it is in use" "'.*tx' is in use by another pepkit run" "$T/err"
[ ! -e "$T/tx/bag" ] && ok "no bag" || notok "a bag was made"
[ -z "$(find "$T/tx" -name '.pepkit-tmp*')" ] && ok "no temp folder left" || notok "a temp folder was left"
check "the same export once the folder is free" "$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/tx/bag"
(cd "$T/tx/bag" && sha256sum -c --quiet manifest-sha256.txt && sha256sum -c --quiet tagmanifest-sha256.txt) >/dev/null 2>&1 &&
	ok "the bag is complete" || notok "the bag does not check"
check "an export into the store's own folder (held by the run itself)" \
	"$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/s/bag"
[ -f "$T/s/bag/bagit.txt" ] && ok "... is made" || notok "... is missing"
timeout 120 "$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/tx/p1" >/dev/null 2>"$T/p1.err" & p1=$!
timeout 120 "$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/tx/p2" >/dev/null 2>"$T/p2.err" & p2=$!
wait $p1; s1=$?; wait $p2; s2=$?
for i in 1 2; do
	eval "s=\$s$i"
	if [ "$s" -eq 0 ]; then [ -f "$T/tx/p$i/bagit.txt" ] && ok "export $i completed" || notok "export $i: no bag"
	elif [ "$s" -eq 3 ]; then grep -q 'in use' "$T/p$i.err" && ok "export $i refused: in use" || notok "export $i: exit 3 without 'in use'"
	else notok "export $i exit $s"; fi
done
[ -z "$(find "$T/tx" -name '.pepkit-tmp*')" ] && ok "no temp folder left" || notok "a temp folder was left"
done_testing
