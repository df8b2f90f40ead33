#!/bin/sh
# t1121: a catalogue changed behind pepkit's back so that a row of child A points at child B's
# document (path, hash and size copied from B's row, which is removed: paths are unique), or out
# of the store through a term of "../..". Before, `archive export --child A` put B's PEP (B's
# name, school, carers) into A's bag, the one handed to A's family or A on leaving care, with
# exit 0 (verify did flag the row). Now export refuses, naming the row, and leaves no bag; verify
# counts the row altered, and a term with '..' too.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/eyfs-nursery.xml" "$T/c/"
check "deposit two children" "$PEPKIT" archive deposit -q --store "$T/s" "$T/c"
A=$(sqlite3 "$T/s/catalogue.db" "SELECT child FROM documents ORDER BY id LIMIT 1")
B=$(sqlite3 "$T/s/catalogue.db" "SELECT child FROM documents WHERE child<>'$A' LIMIT 1")
[ -n "$A" ] && [ -n "$B" ] && ok "children $A and $B" || notok "two children in the store"
check "export A before: fine" "$PEPKIT" archive export --store "$T/s" --child "$A" -o "$T/bag0"

sqlite3 "$T/s/catalogue.db" "PRAGMA foreign_keys=OFF;
 CREATE TEMP TABLE b AS SELECT * FROM documents WHERE child='$B' AND type='pep1';
 DELETE FROM documents WHERE id=(SELECT id FROM b);
 UPDATE documents SET path=(SELECT path FROM b), sha256=(SELECT sha256 FROM b), size=(SELECT size FROM b)
  WHERE child='$A' AND type='pep1';" || notok "tamper with the catalogue"
check_fail "a row of A pointed at B's document: export of A refused" \
	"$PEPKIT" archive export --store "$T/s" --child "$A" -o "$T/bag"
check_grep "... naming the row" "catalogue row [0-9]+'s path does not match its child, term, type and hash" "$T/err"
[ ! -e "$T/bag" ] && ok "... no bag" || notok "a bag was made"
if grep -rqa "$B" "$T" --include='*.pdf' --exclude-dir=s --exclude-dir=bag0 2>/dev/null; then notok "B's document outside the store"; else ok "... B's document copied nowhere"; fi
[ -z "$(ls -a "$T" | grep '^\.pepkit-tmp')" ] && ok "... no temp folder left" || notok "temp left: $(ls -a "$T")"
check_exit 1 "verify: the row is altered" "$PEPKIT" archive verify --store "$T/s"
check_grep "... 1 altered" "1 altered" "$T/out"

sqlite3 "$T/s/catalogue.db" "UPDATE documents SET term='../..', path='objects/$A/../../pep2-'||sha256||'.pdf'
 WHERE child='$A' AND type='pep2'" || notok "tamper with the term"
check_exit 1 "a term of '../..': verify counts it altered" "$PEPKIT" archive verify --store "$T/s"
check_grep "... 2 altered" "2 altered" "$T/out"
done_testing
