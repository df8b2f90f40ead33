# t0505: what `make demo` leaves behind, checked as the issue asks: every PDF passes
# qpdf --check; each child's PEP1 shows the child's name exactly (diacritics and non-Latin
# scripts included); every page of every PDF has OFFICIAL-SENSITIVE and "Page X of Y".
. tests/lib.sh

check "the demo runs" env DEMO_OUT="$T/demo" sh scripts/demo.sh
P="$T/demo/pack"
n=0; bad_qpdf=0; bad_mark=0; bad_name=0
for pdf in $(find "$P" -name '*.pdf' | sort); do
	n=$((n + 1))
	qpdf --check "$pdf" >/dev/null 2>&1 || { bad_qpdf=$((bad_qpdf + 1)); echo "# qpdf rejects $pdf"; }
	pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
	pdftotext -q -layout "$pdf" "$T/all.txt"
	# pdftotext ends every page with a form feed: split on it and check each page
	ok_pages=$(awk -v RS='\f' -v total="$pages" 'NF {
		p++; if (gsub(/OFFICIAL-SENSITIVE/, "&") >= 2 && index($0, "Page " p " of " total)) good++ }
		END { print good + 0 }' "$T/all.txt")
	[ "$ok_pages" = "$pages" ] || { bad_mark=$((bad_mark + 1)); echo "# $pdf: $ok_pages of $pages pages marked"; }
done
[ "$n" -ge 80 ] && ok "the demo wrote $n PDFs" || notok "the demo wrote $n PDFs"
[ "$bad_qpdf" -eq 0 ] && ok "qpdf --check accepts all $n PDFs" || notok "qpdf rejects $bad_qpdf PDFs"
[ "$bad_mark" -eq 0 ] && ok "every page of every PDF has the marking twice and Page X of Y" || notok "$bad_mark PDFs have unmarked pages"
R="$P/pack-report.csv"
[ "$(grep -c ',"failed",' "$R")" -eq 1 ] && ok "exactly one record failed (the planted attainment conflict)" || notok "exactly one record failed"
check_grep "its reason is the conflict" '"failed",.*conflict' "$R"
check_grep "the merge report shows the conflict" '^"conflict",' "$P/merge-report.csv"
check_grep "the merge report shows the bad UPN" '^"rejected",.*check letter' "$P/merge-report.csv"
held=$(grep ',"failed",' "$R" | cut -d, -f1 | tr -d '"')
for rec in "$T"/demo/cohort/*.xml; do
	[ "$rec" = "$held" ] && continue
	id=$(xmllint --xpath 'string(/pep-record/child/la-child-id)' "$rec")
	name="$(xmllint --xpath 'string(/pep-record/child/legal-name/given)' "$rec") $(xmllint --xpath 'string(/pep-record/child/legal-name/family)' "$rec")"
	pdf=$(find "$P" -name "$id-*-pep1.pdf" | head -n 1)
	if [ -z "$pdf" ]; then bad_name=$((bad_name + 1)); echo "# no PEP1 for $id"; continue; fi
	pdftotext -q "$pdf" - | grep -qF "$name" || { bad_name=$((bad_name + 1)); echo "# '$name' not in $pdf"; }
done
[ "$bad_name" -eq 0 ] && ok "every child's PEP1 shows the name exactly" || notok "$bad_name PEP1s lack the exact name"
grep -l 'Олександр Коваленко' "$T"/demo/cohort/*.xml >/dev/null && ok "the demo includes a Cyrillic name" || notok "the demo includes a Cyrillic name"
check_grep "the demo's report accounts for every record" "^records: $(ls "$T"/demo/cohort/*.xml | wc -l)$" "$P/pack-summary.txt"
# Virtual School oversight (pepkit qa) in the demo
check_grep "the demo says where the QA dashboard is" "^Dashboard: .*/qa/dashboard.html" "$T/out"
for f in qa-report.csv pp-plus.csv dashboard.html; do
	[ "$(stat -c %a "$T/demo/qa/$f" 2>/dev/null)" = 600 ] && ok "the demo wrote qa/$f (0600)" || notok "the demo wrote qa/$f (0600)"
done
done_testing
