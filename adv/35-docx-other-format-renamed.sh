#!/bin/sh
# Attack: the form comes back as a .doc (Word 97-2003), an .odt or an .rtf, saved as such or
# renamed .docx. The messages were "not a Word document: not a readable zip (Not a zip
# archive)" and "part '[Content_Types].xml' is missing": nothing says what the file is or what
# to do. Exits 1 while the message does not name the format.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
printf '\320\317\021\340\241\261\032\341' > "$t/f.docx"; head -c 600 /dev/zero >> "$t/f.docx"
./pepkit import --into samples/ks2-initial.xml -o "$t/o.xml" "$t/f.docx" 2>"$t/err"
grep -q 'Word 97-2003' "$t/err" && exit 0
echo "DEFECT: a .doc renamed .docx is not named as such:"; cat "$t/err"; exit 1
