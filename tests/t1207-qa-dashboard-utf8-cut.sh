#!/bin/sh
# t1207: the dashboard's chart of ratings by school shortens a long school name to 30 bytes;
# a name with a character of two or more bytes across that point (Welsh, Polish, Turkish school
# names) was cut in the middle of the character, so dashboard.html was not valid UTF-8 (a
# browser shows U+FFFD). Now the cut falls between characters and the page decodes as strict
# UTF-8 (python3), with the shortened name whole.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c"
long="Ysgol Gynradd Gymraeg Pen-y-bŵl a Llanfair"   # 'ŵ' takes bytes 30-31
sed "s|<name>Thornley Community Primary School</name>|<name>$long</name>|" "$SAMPLES/ks2-initial.xml" > "$T/c/a.xml"
grep -q "$long" "$T/c/a.xml" || notok "the school name was not set"
check "qa" "$PEPKIT" qa --term 2025-autumn --on 2025-12-01 -o "$T/o" "$T/c"
python3 - "$T/o/dashboard.html" <<'PY' && ok "dashboard.html is valid UTF-8" || notok "dashboard.html is not valid UTF-8"
import sys
open(sys.argv[1], "rb").read().decode("utf-8", "strict")
PY
check_grep "the chart's name is cut before the character" ">Ysgol Gynradd Gymraeg Pen-y-b\.\.\.<" "$T/o/dashboard.html"
done_testing
