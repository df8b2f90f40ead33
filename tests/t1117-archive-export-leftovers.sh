#!/bin/sh
# t1117: an `archive export` killed while it builds its bag (SIGKILL at each of its first fsyncs,
# strace) leaves a temp folder beside BAGDIR holding copies of the child's documents; the next
# export into that folder removes every such folder of a killed run, and makes a complete bag
# (bagit's manifests check with sha256sum). A temp folder a live process holds (flock) is never
# removed. Two exports at once: each completes or is refused ("in use"), and none leaves a temp
# folder.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" "$T/tx" && cp "$SAMPLES/ks2-initial.xml" "$T/c/"
check "deposit" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
killed=0
for n in 1 2 3 4 5 6; do
	strace -f -o /dev/null -e trace=fsync -e inject=fsync:signal=KILL:when=$n \
		"$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/tx/k$n" >/dev/null 2>&1
	[ $? -eq 137 ] && killed=$((killed + 1))
	# keep each killed run's leftovers aside, so the next killed run does not clean them
	for d in "$T/tx"/.pepkit-tmp.bag.*; do
		[ -d "$d" ] && mkdir -p "$T/keep" && mv "$d" "$T/keep/.pepkit-tmp.bag.$(printf 'kill%02d' $n)"
	done
done
[ -d "$T/keep" ] && mv "$T/keep"/.pepkit-tmp.bag.* "$T/tx/"
[ "$killed" -ge 3 ] && ok "$killed exports killed mid-way" || notok "only $killed exports were killed"
left=$(find "$T/tx" -maxdepth 1 -name '.pepkit-tmp.bag.*' | wc -l)
[ "$left" -ge 3 ] && ok "they left $left temp folders" || notok "left $left temp folders"
find "$T/tx" -path '*/.pepkit-tmp.bag.*' -name '*.pdf*' | grep -q . && ok "... holding documents" || notok "no documents in them"
# a temp folder held by a live process (flock on the folder, as a running export holds it)
mkdir "$T/tx/.pepkit-tmp.bag.live01" && echo x > "$T/tx/.pepkit-tmp.bag.live01/f"
check "export next to them, one held live" flock -x "$T/tx/.pepkit-tmp.bag.live01" \
	"$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/tx/bag"
left=$(find "$T/tx" -maxdepth 1 -name '.pepkit-tmp.bag.kill*' | wc -l)
[ "$left" -eq 0 ] && ok "the killed runs' temp folders are removed" || notok "$left killed runs' temp folders left"
[ -f "$T/tx/.pepkit-tmp.bag.live01/f" ] && ok "the live one is kept" || notok "the live one was removed"
(cd "$T/tx/bag" && sha256sum -c --quiet manifest-sha256.txt && sha256sum -c --quiet tagmanifest-sha256.txt) >/dev/null 2>&1 &&
	ok "the bag is complete" || notok "the bag does not check"
[ "$(find "$T/tx/bag/data" -name '*.pdf' | wc -l)" -eq 2 ] && ok "with both documents" || notok "documents missing"
"$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/tx/p1" >/dev/null 2>"$T/p1.err" & p1=$!
"$PEPKIT" archive export --store "$T/s" --child LA-512093 -o "$T/tx/p2" >/dev/null 2>"$T/p2.err" & p2=$!
wait $p1; s1=$?; wait $p2; s2=$?
for i in 1 2; do
	eval "st=\$s$i"
	if [ "$st" -eq 0 ] && [ -f "$T/tx/p$i/bagit.txt" ]; then ok "at once: export $i completed"
	elif [ "$st" -eq 3 ] && grep -q 'in use by another pepkit run' "$T/p$i.err"; then ok "at once: export $i refused, in use"
	else notok "at once: export $i exit $st"; cat "$T/p$i.err"; fi
done
left=$(find "$T/tx" -maxdepth 1 -name '.pepkit-tmp.bag.*' ! -name '*live01' | wc -l)
[ "$left" -eq 0 ] && ok "no temp folder left" || notok "$left temp folders left"
done_testing
