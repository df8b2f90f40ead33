#!/bin/sh
# t0007-help-width: every --help fits an 80-column terminal (lines of at most 79 characters,
# counted as characters, not bytes), keeps each option on one entry with its text filled
# under it, keeps "-o OUTDIR" together in a usage line, and the man page made from it still
# has every option's whole text and renders at 80 columns.
. tests/lib.sh

width() { python3 -c 'import sys; print(max((len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")), default=0))' "$1"; }

$PEPKIT --help >"$T/top"
w=$(width "$T/top")
[ "$w" -le 79 ] && ok "pepkit --help fits 80 columns ($w)" || { notok "pepkit --help is $w columns wide"; awk 'length($0) > 79' "$T/top" | head -n 3 | sed 's/^/#   /'; }
cmds=$(awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}' "$T/top")
[ "$(echo $cmds | wc -w)" -ge 11 ] && ok "pepkit --help lists the commands ($(echo $cmds | wc -w))" || notok "commands not listed: $cmds"
for cmd in $cmds; do
	$PEPKIT "$cmd" --help >"$T/h-$cmd"
	w=$(width "$T/h-$cmd")
	[ "$w" -le 79 ] && ok "$cmd --help fits 80 columns ($w)" || { notok "$cmd --help is $w columns wide"; awk 'length($0) > 79' "$T/h-$cmd" | head -n 3 | sed 's/^/#   /'; }
	# every line of the options table is an option or the text of the one above it
	sed -n '/^options:/,/^$/p' "$T/h-$cmd" | sed '1d;$d' >"$T/o-$cmd"
	bad=$(grep -cvE '^  (-[a-zA-Z], |    )--[a-z]|^ {29}[^ ]' "$T/o-$cmd")
	[ "$bad" -eq 0 ] && ok "$cmd --help: every options line is an option or its text" || notok "$cmd --help: $bad stray lines in the options"
	# the usage lines show every option of the table (or its short form)
	usage=$(sed '/^$/q' "$T/h-$cmd" | tr -s '\n ' '  ')
	lacks=""
	for o in $(grep -oE '^  (-[a-zA-Z], |    )--[a-z-]+' "$T/o-$cmd" | grep -oE -- '--[a-z-]+' | grep -vx -- '--help'); do
		short=$(grep -oE -- "^  -[a-zA-Z], $o( |$)" "$T/o-$cmd" | cut -c3-4)
		case "$usage" in
		*"$o"*) ;;
		*) if [ -z "$short" ] || { case "$usage" in *"[$short "*|*"[$short]"*|*" $short "*) false ;; *) true ;; esac; }; then lacks="$lacks $o"; fi ;;
		esac
	done
	case "$usage" in *"[options]"*) lacks="" ;; esac
	[ -z "$lacks" ] && ok "$cmd's usage shows every option" || notok "$cmd's usage lacks$lacks"
done
# a long option text is filled, not cut: pack --map's ends with "by its columns)"
sed -n '/^      --map PROFILE/,/^      --records-out/p' "$T/h-pack" | tr -s ' \n' '  ' >"$T/map"
check_grep "pack --map's text is whole" "a shipped name \(sims-long, sims-marksheet-wide, arbor-long, bromcom-wide, scholarpack-long\), a file, a folder, or CSV=PROFILE; repeatable \(default: every shipped profile, matched per file by its columns\)" "$T/map"
sed '/^$/q' "$T/h-pack" >"$T/usage"
[ "$(wc -l <"$T/usage")" -ge 3 ] && ok "pack's usage takes several lines" || notok "pack's usage is one line"
check_grep "... and keeps -o OUTDIR together" "(^| )-o OUTDIR COHORT_DIR$" "$T/usage"
check_nogrep "... never ending a line with an option that wants a value" " -o$| --[a-z-]+$" "$T/usage"
check_grep "... its continuation lines line up under the first option" "^                   \[" "$T/usage"
# the man page: every option's whole text, and no line over 80 columns rendered
check_grep "man page has pack --map's whole text on one entry" "matched per file by its columns\)" doc/pepkit.1
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l doc/pepkit.1 >"$T/man.txt" 2>/dev/null
	w=$(width "$T/man.txt")
	[ "$w" -le 80 ] && ok "man page renders within 80 columns ($w)" || notok "man page renders $w columns wide"
	# archive's actions: each a heading with its text indented under it, not run together
	check_grep "man page: archive verify is a heading line" "^ +archive verify --store DIR$" "$T/man.txt"
	check_grep "man page: archive list is a heading line" "^ +archive list --store DIR \[--child ID\]$" "$T/man.txt"
fi
done_testing
