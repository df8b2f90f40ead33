#!/bin/sh
# Attack: someone who may write qa's output folder (another account on the share) but not run
# pepkit's checks plants an entry in OUTDIR/.pepkit-qa-valid: the SHA-256 of an invalid record
# (its bytes, under the list's header line, which is public: pepkit's version and program bytes,
# libxml2's version, pep.xsd). Before: qa took the record as known valid, skipped validating it
# and rated it (exit 0). Exits 1 while a planted entry is trusted.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/ks2-initial.xml samples/eyfs-nursery.xml "$T/c/"
"$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c" >/dev/null 2>&1 || exit 2
sed -i 's|<upn>X803211421047</upn>|<upn>X80321142104</upn>|' "$T/c/ks2-initial.xml"
"$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c" >/dev/null 2>&1 && exit 2   # invalid: exit 1
# the planter's own file, with the digest added, renamed over the list
{ cat "$T/q/.pepkit-qa-valid"; sha256sum "$T/c/ks2-initial.xml" | cut -c1-64; } |
	{ read -r h; echo "$h"; sort; } > "$T/q/.planted"
chown nobody "$T/q/.planted" 2>/dev/null; chmod 0644 "$T/q/.planted"
mv "$T/q/.planted" "$T/q/.pepkit-qa-valid"
"$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && { echo "DEFECT: a planted known-valid entry made qa rate an invalid record (exit 0)"; exit 1; }
exit 0
