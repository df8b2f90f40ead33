#!/bin/sh
# Check the direction of use between src/ folders against src/layers.txt.
# Prints one line per broken rule, naming the file, its line, the include and the rule:
#   src/core/buf.c:12: includes "cli/cli.h": core may include only its own headers and: (none)
# Also refuses a folder with no line in layers.txt, a bare include ("buf.h") of a pepkit
# header, an include of a header that does not exist, and a cycle among the rules.
# Exit 0 when every rule holds, 1 otherwise.
# Usage: scripts/check-layers.sh [SRCDIR]   (default: src/ beside this script)
set -u
src=${1:-"$(dirname "$0")/../src"}
rules="$src/layers.txt"
[ -r "$rules" ] || { echo "check-layers: cannot read '$rules'" >&2; exit 1; }

status=0
# The rules as "folder allowed..." lines without comments.
table=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$rules" | tr -s ' \t' '  ')

# Cycles: every "allowed -> folder" pair goes to tsort, which names the loop it finds.
pairs=$(echo "$table" | awk -F: '{ n = split($2, a, " "); print $1, $1; for (i = 1; i <= n; i++) print a[i], $1 }')
if ! echo "$pairs" | tsort >/dev/null 2>"${TMPDIR:-/tmp}/layers.$$"; then
	echo "$rules: the rules have a cycle: $(tr '\n' ' ' <"${TMPDIR:-/tmp}/layers.$$")"
	status=1
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"

for dir in "$src"/*/; do
	folder=$(basename "$dir")
	allowed=$(echo "$table" | awk -F: -v f="$folder" '$1 == f { print $2; found = 1 } END { if (!found) print "?" }')
	if [ "$allowed" = "?" ]; then
		echo "$src/$folder: folder has no line in $rules"
		status=1
		continue
	fi
	[ -f "$dir/README.md" ] || { echo "$src/$folder: folder has no README.md"; status=1; }
	for f in "$dir"*.c "$dir"*.h; do
		[ -f "$f" ] || continue
		# FILE:LINE:header for each quoted include.
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
			sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1 \2/' |
			while read -r line inc; do
				case "$inc" in
				*/*) used=${inc%%/*} ;;
				*)
					echo "$f:$line: includes \"$inc\": name the folder (e.g. \"core/$inc\") so the direction can be checked"
					echo x >>"${TMPDIR:-/tmp}/layers-bad.$$"
					continue ;;
				esac
				if [ ! -f "$src/$inc" ]; then
					echo "$f:$line: includes \"$inc\": no such header under $src"
					echo x >>"${TMPDIR:-/tmp}/layers-bad.$$"
					continue
				fi
				[ "$used" = "$folder" ] && continue
				ok=0
				for a in $allowed; do [ "$a" = "$used" ] && ok=1; done
				if [ $ok -eq 0 ]; then
					echo "$f:$line: includes \"$inc\": $folder may include only its own headers and: ${allowed:-(none)} (src/layers.txt)"
					echo x >>"${TMPDIR:-/tmp}/layers-bad.$$"
				fi
			done
	done
done
if [ -s "${TMPDIR:-/tmp}/layers-bad.$$" ]; then status=1; fi
rm -f "${TMPDIR:-/tmp}/layers-bad.$$"
exit $status
