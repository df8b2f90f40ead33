#!/bin/sh
# Build doc/pepkit.1 from doc/pepkit.1.in, replacing the line @COMMANDS@ with one section per
# command made from `pepkit CMD --help` (which is printed from the command's option table), so
# --help and the man page come from one source. tests/t0002-docs.sh checks the committed page
# is up to date. Usage: scripts/gen-man.sh [PEPKIT] > doc/pepkit.1
set -eu
cd "$(dirname "$0")/.."
PEPKIT=${1:-./pepkit}

# roff-escape a line: backslashes, leading dots/quotes, hyphens in options
esc() { sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/' -e 's/-/\\-/g'; }

commands() {
	$PEPKIT --help | awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}'
}

section() {
	cmd=$1
	$PEPKIT "$cmd" --help > /tmp/pepkit-man.$$
	# --help is filled to 80 columns: the usage lines run to the first blank line, the
	# summary to the next; each is one line here
	synopsis=$(awk '/^$/ {exit} {sub(/^ +/, ""); printf "%s%s", (NR > 1 ? " " : ""), $0}' /tmp/pepkit-man.$$ |
		sed 's/^usage: //')
	summary=$(awk '/^$/ {n++; if (n == 2) exit; next} n == 1 {printf "%s%s", (s++ ? " " : ""), $0}' /tmp/pepkit-man.$$)
	echo ".SS \"$(echo "$synopsis" | esc)\""
	echo "$summary" | esc
	awk '
		/^options:/ {on=1; next}
		on && /^$/ {on=0; details=1; if (help != "") print help; print ".PP"; next}
		on && /^                             / {
			line=$0; sub(/^ +/, "", line); help=help " " line; next   # an option help filled on
		}
		on {
			if (help != "") print help
			line=$0; sub(/^  /, "", line)
			opt=substr(line, 1, 27); help=substr(line, 28)
			sub(/ +$/, "", opt); sub(/^ +/, "", opt); sub(/^ +/, "", help)
			print ".TP"; print "\\fB" opt "\\fR"; next
		}
		details && /^exit status:/ { if (rs) print ".RE"; exit }
		# an indented block (under a heading line) is indented in the page too
		details && /^  / { if (!rs) print ".RS 4"; rs=1; line=$0; sub(/^ +/, "", line); print line; next }
		details && rs { print ".RE"; rs=0 }
		details { if ($0 == "") print ".PP"; else print }
		END { if (rs) print ".RE" }
	' /tmp/pepkit-man.$$ | esc | sed -e 's/^\\&\.TP$/.TP/' -e 's/^\\&\.PP$/.PP/' \
		-e 's/^\\&\.RS 4$/.RS 4/' -e 's/^\\&\.RE$/.RE/' \
		-e 's/^\\efB\(.*\)\\efR$/\\fB\1\\fR/'
	rm -f /tmp/pepkit-man.$$
}

while IFS= read -r line; do
	if [ "$line" = "@COMMANDS@" ]; then
		for c in $(commands); do section "$c"; done
	else
		printf '%s\n' "$line"
	fi
done < doc/pepkit.1.in
