# t0002: the man page agrees with --help (it is generated from the same option tables), renders
# without warnings, and the README's quick start is the two commands.
. tests/lib.sh

sh scripts/gen-man.sh "$PEPKIT" > "$T/pepkit.1"
if cmp -s "$T/pepkit.1" doc/pepkit.1; then
	ok "doc/pepkit.1 is up to date with the commands' --help (run 'make man' if not)"
else
	notok "doc/pepkit.1 is up to date with the commands' --help (run 'make man' if not)"
	diff doc/pepkit.1 "$T/pepkit.1" | head -n 20 | sed 's/^/#   /'
fi
for cmd in $("$PEPKIT" --help | awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
	"$PEPKIT" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u > "$T/help-opts"
	missing=""
	for o in $(cat "$T/help-opts"); do
		esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		grep -q -- "$esc" doc/pepkit.1 || missing="$missing $o"
	done
	[ -z "$missing" ] && ok "man page documents every option of $cmd" || notok "man page lacks options of $cmd:$missing"
done
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l doc/pepkit.1 > "$T/man.txt" 2> "$T/man.err"
	[ ! -s "$T/man.err" ] && ok "man page renders without warnings" || { notok "man page renders without warnings"; head -n 5 "$T/man.err" | sed 's/^/#   /'; }
	check_grep "rendered man page has EXIT STATUS" "EXIT STATUS" "$T/man.txt"
fi
check_grep "README quick start has make demo" "^ *make demo" README.md
check_grep "README quick start has make check" "^ *make check" README.md
done_testing
