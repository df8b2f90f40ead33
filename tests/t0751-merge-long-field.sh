#!/bin/sh
# t0751: an export's long cells and stray quotes. A cell over 64 KiB (a pasted notes field)
# used to reject its whole file ("field over 65536 bytes; the rest of the file is not read");
# now only a row whose long cell is one pepkit reads is rejected, naming the field, and the
# other rows merge. A quote opened and never closed used to swallow every later row into one
# cell, silently (exit 0, the rows not counted); now the file is rejected naming the line, and
# every row is counted. A quote opened and closed only rows later (`said "well done"`) used to
# swallow the rows between into one cell, silently (exit 0); now that row is rejected, naming
# the lines not read; a cell with line breaks and a few commas (an address) is still read. A
# cell over 1 MiB (a quote never closed, in practice) still stops the file, naming the line
# where the cell starts.
. tests/lib.sh
mkdir -p "$T/c"
sed 's|<attendance>|<attendance as-of="2025-11-07">|' "$SAMPLES/ks2-initial.xml" > "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date,Notes'
R='X803211421047,Yilmaz,Ayse'
python3 - "$T" "$H" "$R" <<'PY'
import sys
t, h, r = sys.argv[1:]
ok = r + ',Writing,,EXS,Autumn 2025,05/12/2025,ok'
def w(name, rows):
    open(t + '/' + name, 'w', newline='').write('\r\n'.join([h] + rows) + '\r\n')
w('notes.csv', [r + ',Maths,Test,110,Autumn 2025,05/12/2025,short',
                r + ',Reading,Test,105,Autumn 2025,05/12/2025,"' + 'long note, ' * 8000 + '"',
                r + ',Science,,GDS,Autumn 2025,05/12/2025,' + 'unquoted ' * 9000, ok])
w('result.csv', [r + ',Maths,Test,"' + '1' * 70000 + '",Autumn 2025,05/12/2025,x', ok])
w('open.csv', [r + ',Maths,Test,110,Autumn 2025,05/12/2025,"started', ok,
               r + ',Reading,Test,104,Autumn 2025,05/12/2025,ok'])
w('closed.csv', [r + ',Maths,Test,110,Autumn 2025,05/12/2025,"Lovely work', ok,
                 r + ',Reading,Test,104,Autumn 2025,05/12/2025,said "well done"',
                 r + ',Science,,GDS,Autumn 2025,05/12/2025,"Flat 2,\r\n12 High St, Leeds,\nLS1 1AA"'])
open(t + '/closed-cr.csv', 'w', newline='').write(open(t + '/closed.csv', newline='').read().replace('\r\n', '\r'))
w('huge.csv', [r + ',Maths,Test,110,Autumn 2025,05/12/2025,"never closed'] + [ok] * 120000)
PY
rm -rf "$T/o"
check_exit 0 "an export with 70 KB notes cells merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/notes.csv"
for s in Maths Reading Science Writing; do
	check_grep "... $s merged" "\"merged\",.*\"$s\"" "$T/o/merge-report.csv"
done
is "... the reading score is in the record" "$T/o/a.xml" \
	"string(//term[@id='2025-autumn']/attainment/result[@subject='Reading'][@aspect='Test']/@current)" 105
rm -rf "$T/o"
check_exit 1 "a 70 KB result cell" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/result.csv"
check_grep "... rejects its row, naming the field" '"rejected","[^"]*result.csv","2",.*"field 6: over 65536 bytes"' "$T/o/merge-report.csv"
check_grep "... and the next row merges" '"merged","[^"]*result.csv","3",.*"Writing"' "$T/o/merge-report.csv"
rm -rf "$T/o"
check_exit 1 "a quote never closed" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/open.csv"
check_grep "... rejects the file naming the line and field" \
	"line 2 field 9: a quote opened here is never closed; the rows from this line on are not read" "$T/o/merge-report.csv"
check_grep "... and counts its 3 rows" '"rejected","[^"]*open.csv","1",.*"3","' "$T/o/merge-report.csv"
is "... the record is not changed" "$T/o/a.xml" "string(//term[@id='2025-autumn']/attendance/percent)" 91.7
for f in closed closed-cr; do
	rm -rf "$T/o"
	check_exit 1 "$f: a quote closed only rows later" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/$f.csv"
	check_grep "... rejects its row, naming the lines not read" \
		'"rejected","[^"]*'"$f"'.csv","2",.*"field 9: a quoted cell holds what look like rows .a quote not closed where it should be.*: lines 2 to 4 are not read"' "$T/o/merge-report.csv"
	check_grep "... a cell with line breaks and commas (an address) is read" '"merged","[^"]*'"$f"'.csv","5",.*"Science"' "$T/o/merge-report.csv"
	check_nogrep "... nothing from the swallowed rows merges" '"merged",.*"(Maths|Writing|Reading)"' "$T/o/merge-report.csv"
done
rm -rf "$T/o"
check_exit 1 "a quote never closed, 1 MiB on" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/huge.csv"
check_grep "... names the line where the cell starts" \
	"line 2 field 9: field over 1048576 bytes .a quote never closed.*; the rest of the file is not read" "$T/o/merge-report.csv"
done_testing
