# t0005: the direction of use between src/ folders (src/layers.txt) holds, and the check can
# fail: a wrong include, a bare include, a missing rule line and a cycle in the rules are each
# found, naming the file and the rule.
. tests/lib.sh

out=$(sh scripts/check-layers.sh src 2>&1)
if [ -z "$out" ]; then ok "every include in src/ follows src/layers.txt"; else notok "includes break src/layers.txt"; echo "$out" | sed 's/^/#   /'; fi

# A copy of the tree to break on purpose.
cp -r src "$T/src"
printf '#include "cli/cli.h"\n' >> "$T/src/core/buf.c"
check_exit 1 "core including cli/ is refused" sh scripts/check-layers.sh "$T/src"
check_grep "the message names the file, line and rule" \
	'src/core/buf.c:[0-9]+: includes "cli/cli.h": core may include only its own headers' "$T/out"

cp -r src "$T/src2"
printf '#include "batch/pipeline.h"\n' >> "$T/src2/render/pdf.c"
check_exit 1 "render including batch/ is refused" sh scripts/check-layers.sh "$T/src2"
check_grep "the message names render's allowed folders" 'render may include only its own headers and: *core' "$T/out"

cp -r src "$T/src3"
printf '#include "buf.h"\n' >> "$T/src3/record/redact.c"
check_exit 1 "a bare include is refused" sh scripts/check-layers.sh "$T/src3"
check_grep "the message asks for the folder" 'includes "buf.h": name the folder' "$T/out"

cp -r src "$T/src4"
mkdir "$T/src4/newstage"; echo '# x' > "$T/src4/newstage/README.md"; : > "$T/src4/newstage/x.c"
check_exit 1 "a folder without a rule is refused" sh scripts/check-layers.sh "$T/src4"
check_grep "the message names the folder" 'newstage: folder has no line in' "$T/out"

cp -r src "$T/src5"
sed -i 's/^core:.*/core: cli/' "$T/src5/layers.txt"
check_exit 1 "a cycle in the rules is refused" sh scripts/check-layers.sh "$T/src5"
check_grep "the message says cycle" 'cycle' "$T/out"
done_testing
