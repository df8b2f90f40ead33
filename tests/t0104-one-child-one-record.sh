#!/bin/sh
# t0104: one child, one record, in every command that reads a cohort. A second record with the
# same child id (an Explorer "- Copy" of last term's file, or the id in other letter case, which
# names the same files on a case-insensitive share) makes pack, send, archive deposit and qa
# refuse both records with a message naming the other file, so no child gets two sets of
# documents, two deliveries, two archived versions or double PP+. The unique records still go
# through.
. tests/lib.sh
C="$SAMPLES/../templates/council-example.xml"

mk() {   # mk DIR: a cohort with ks2-initial twice (second in lower case) and one other child
	mkdir -p "$1"
	cp "$SAMPLES/ks2-initial.xml" "$1/LA-512093.xml"
	sed 's/LA-512093/la-512093/; s/Gymnastics, drawing/Gymnastics (old version), drawing/' \
		"$SAMPLES/ks2-initial.xml" > "$1/LA-512093 - Copy.xml"
	cp "$SAMPLES/ks4-ehcp-exclusions.xml" "$1/other.xml"
}
mk "$T/c"
id2=$(x "$SAMPLES/ks4-ehcp-exclusions.xml" /pep-record/child/la-child-id)
check "the lower-case copy is itself a valid record" "$PEPKIT" validate "$T/c/LA-512093 - Copy.xml"

check_exit 1 "pack refuses the two records" "$PEPKIT" pack -q -o "$T/pk" "$T/c"
check_grep "pack names the other file" "LA-512093 - Copy.xml'.*also in .*LA-512093.xml'" "$T/err"
n=$(find "$T/pk" -iname '*la-512093*' -name '*.pdf' | wc -l)
[ "$n" = 0 ] && ok "pack made no document for the child" || notok "pack made $n documents for the child"
[ "$(find "$T/pk" -name "$id2-*.pdf" | wc -l)" -gt 0 ] && ok "pack still made the other child's documents" || notok "other child's documents"

check_exit 1 "send --dry-run refuses the two records" "$PEPKIT" send --config "$C" --log "$T/log" --dry-run "$T/c"
check_grep "send names the other file" "LA-512093 - Copy.xml': its child id is also in '.*LA-512093.xml'" "$T/err"
check_grep "send names it the other way round" "LA-512093.xml': its child id is also in '.*LA-512093 - Copy.xml'" "$T/err"
rows=$(grep -ci 'la-512093' "$T/log/send-plan.csv" || true)
[ "$rows" = 0 ] && ok "no delivery planned for the child" || notok "$rows deliveries planned for the child"
grep -q "$id2" "$T/log/send-plan.csv" && ok "the other child's deliveries are planned" || notok "other child's deliveries"

check_exit 1 "archive deposit refuses the two records" "$PEPKIT" archive deposit -q --store "$T/st" "$T/c"
check "archive list" "$PEPKIT" archive list --store "$T/st"
check_nogrep "nothing archived for the child" "[Ll][Aa]-512093" "$T/out"
check_grep "the other child is archived" "$id2" "$T/out"
check_grep "the deposit report says why" "two records for one child" "$T/st"/reports/deposit-*.csv

check_exit 1 "qa refuses the two records" "$PEPKIT" qa -q --on 2025-12-10 -o "$T/qa" "$T/c"
check_grep "qa says why in its report" "its child id is also in .LA-512093 - Copy.xml.: two records for one child" "$T/qa/qa-report.csv"
n=$(grep -ci 'la-512093' "$T/qa/pp-plus.csv" || true)
[ "$n" = 0 ] && ok "no PP+ row for the child" || notok "$n PP+ rows for the child"

# one record of the child alone goes through everywhere
rm "$T/c/LA-512093 - Copy.xml"
check "send --dry-run with one record" "$PEPKIT" send --config "$C" --log "$T/log2" --dry-run "$T/c"
grep -q 'LA-512093' "$T/log2/send-plan.csv" && ok "the child's deliveries are planned" || notok "the child's deliveries"
check "archive deposit with one record" "$PEPKIT" archive deposit -q --store "$T/st2" "$T/c"
done_testing
