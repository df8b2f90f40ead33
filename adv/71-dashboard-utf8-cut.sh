#!/bin/sh
# Attack: a school whose name has a two-byte character across byte 30 ("Ysgol Gynradd Gymraeg
# Pen-y-bŵl"): the dashboard's chart cut the name at 30 bytes, in the middle of the character,
# so dashboard.html was not valid UTF-8. Exits 1 while the page does not decode.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c"
sed 's|<name>Thornley Community Primary School</name>|<name>Ysgol Gynradd Gymraeg Pen-y-bŵl a Llanfair</name>|' samples/ks2-initial.xml > "$T/c/a.xml"
"$PEPKIT" qa --term 2025-autumn --on 2025-12-01 -o "$T/o" "$T/c" >/dev/null 2>&1
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/o/dashboard.html" 2>/dev/null ||
	{ echo "DEFECT: dashboard.html is not valid UTF-8"; exit 1; }
exit 0
