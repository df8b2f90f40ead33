#!/bin/sh
# Attack: the child's name typed into the wrong field (gender "Ayşe Yılmaz", as when an MIS
# export's columns are swapped). validate quoted the value in its message, so the name went to
# stderr, logs and the pack's report. Exits 1 while the message quotes the name.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
sed 's|<gender>female</gender>|<gender>Ayşe Yılmaz</gender>|' samples/ks2-initial.xml > "$t/r.xml"
./pepkit validate "$t/r.xml" > "$t/out" 2>&1
if grep -q "Yılmaz" "$t/out"; then echo "DEFECT: the message quotes the child's name:"; cat "$t/out"; exit 1; fi
exit 0
