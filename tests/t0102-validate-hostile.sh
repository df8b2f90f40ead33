#!/bin/sh
# t0102: hostile input to `pepkit validate`: XXE (file and network), parameter entities,
# external DTDs, billion laughs, XInclude, deep nesting, huge text, a file over the size cap,
# invalid UTF-8, an empty file, binary data. Each is rejected with exit 1 and problem lines in
# the documented shape; /etc/passwd never appears in any output; and (with strace) nothing
# outside the record and the schema is opened and no socket is made.
. tests/lib.sh
H=tests/data/validate/hostile
G=$T/gen
mkdir -p "$G"

# generated here: too big to keep in git
python3 - "$G" <<'PY'
import sys
g = sys.argv[1]
base = open("tests/data/validate/valid-base.xml", encoding="utf-8").read()
n = 100000
open(g + "/deep-nesting.xml", "w").write('<pep-record version="1">' + "<a>" * n + "</a>" * n + "</pep-record>\n")
big = "x" * (6 * 1024 * 1024)
open(g + "/huge-text.xml", "w").write(base.replace("</send>", "</send><interests><p>" + big + "</p></interests>"))
open(g + "/huge-name.xml", "w").write(base.replace("<given>Zoë", "<given>" + big))
open(g + "/huge-attribute.xml", "w").write(base.replace('days="1"', 'days="' + "1" * (6 * 1024 * 1024) + '"'))
open(g + "/over-size-cap.xml", "w").write(base.replace("</pep-record>", "<!--" + "y" * (9 * 1024 * 1024) + "--></pep-record>"))
many = "".join('<target id="M%d" owner="dt1" set="2025-10-07" due="2025-10-01" status="in-progress">'
               '<area>Maths</area><what>W</what><measure>M</measure></target>' % i for i in range(1000))
open(g + "/many-problems.xml", "w").write(base.replace("<targets>", "<targets>" + many, 1))
PY

passwd_line=$(head -n 1 /etc/passwd)
for f in "$H"/*.xml "$G"/*.xml; do
	b=$(basename "$f")
	check_exit 1 "$b is rejected (exit 1)" "$PEPKIT" validate "$f"
	check_grep "$b: a problem line names the file" "^$f:[0-9]+: [^ ]+: ([a-z']|DOCTYPE).+" "$T/out"
	check_nogrep "$b: no /etc/passwd content on stdout" "root:|$passwd_line" "$T/out"
	check_nogrep "$b: no /etc/passwd content on stderr" "root:|$passwd_line" "$T/err"
	lines=$(wc -l <"$T/out")
	[ "$lines" -le 101 ] && ok "$b: at most 101 lines ($lines)" || notok "$b: at most 101 lines ($lines)"
done

# the reasons, for the cases where the safe parser decides
for c in xxe-file xxe-network xxe-parameter external-dtd external-dtd-file billion-laughs; do
	"$PEPKIT" validate "$H/$c.xml" >"$T/out" 2>&1
	check_grep "$c: refused for its DOCTYPE" "^$H/$c.xml:[0-9]+: document: .*(DOCTYPE|entit)" "$T/out"
done
"$PEPKIT" validate "$G/deep-nesting.xml" >"$T/out" 2>&1
check_grep "deep nesting: refused for depth" "^$G/deep-nesting.xml:1: document: .*nested too deeply" "$T/out"
"$PEPKIT" validate "$G/over-size-cap.xml" >"$T/out" 2>&1
check_grep "over the size cap: says so" "document: .*over the limit" "$T/out"
"$PEPKIT" validate "$G/huge-text.xml" >"$T/out" 2>&1
check_grep "huge text: too long" "child/interests/p: too long: 6291456 characters" "$T/out"
"$PEPKIT" validate "$H/empty.xml" >"$T/out" 2>&1
check_grep "empty file: says so" "document: .*empty" "$T/out"
"$PEPKIT" validate "$H/invalid-utf8.xml" >"$T/out" 2>&1
check_grep "invalid UTF-8: says so" "document: .*UTF-8" "$T/out"
"$PEPKIT" validate "$H/xinclude.xml" >"$T/out" 2>&1
check_grep "xinclude: the include element is refused, not processed" "child/la-child-id: child elements are not allowed" "$T/out"
"$PEPKIT" validate "$G/many-problems.xml" >"$T/out" 2>&1
check_grep "many problems: the rest are counted, not listed" "document: [0-9]+ more problems not shown" "$T/out"

# nothing is opened but the records and the schema; no sockets at all
if command -v strace >/dev/null 2>&1; then
	strace -f -qq -e trace=open,openat,connect,socket -o "$T/trace" \
		"$PEPKIT" validate "$H"/*.xml >/dev/null 2>&1
	check_nogrep "strace: /etc/passwd is never opened" "passwd" "$T/trace"
	check_nogrep "strace: no socket or connect" "socket\\(|connect\\(" "$T/trace"
	check_grep "strace: the trace saw the records (it works)" "xxe-file.xml" "$T/trace"
else
	ok "# SKIP strace not installed"
fi

# a value with a line break cannot forge a second problem line
printf '%s\n' '<?xml version="1.0"?>' '<pep-record version="1&#10;fake.xml:1: child/upn: forged&#13;"/>' >"$T/nl.xml"
"$PEPKIT" validate "$T/nl.xml" >"$T/out" 2>&1
check_grep "the value with a line break is quoted back" "pep-record/@version: must be '1', not '1 fake.xml" "$T/out"
check_nogrep "no forged line from a newline in a value" "^fake.xml" "$T/out"

done_testing
