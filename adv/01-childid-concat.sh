#!/bin/sh
# Attack: a child id that holds the child's names run together ("AyseYilmaz", "LAayse123")
# passes validate, so the name goes into file names, subjects and the archive's paths.
# Exits 1 while such an id is accepted.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
bad=0
for id in AyseYilmaz LAayse123 LA-512093-Yilmazfamily yilmazAYSE; do
	sed "s|<la-child-id>LA-512093</la-child-id>|<la-child-id>$id</la-child-id>|" samples/ks2-initial.xml > "$t/r.xml"
	if ./pepkit validate "$t/r.xml" >/dev/null 2>&1; then
		echo "DEFECT: child id '$id' (the child's name) is accepted"; bad=1
	fi
done
exit $bad
