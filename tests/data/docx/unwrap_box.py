# unwrap_box.py SRC DST TAG TEXT [after]: as a person does in Word, type TEXT into the box
# tagged TAG and then remove the box's content control ("Remove Content Control": its text stays,
# as paragraphs of the box's style); with "after", leave the box as it is and put TEXT in a new
# paragraph after it instead (Enter pressed after the box's label, below the box); with
# "normal", the same paragraph in Word's Normal style (no paragraph style: typed after a
# heading, or pasted as text).
import re, sys, zipfile
src, dst, tag, text = sys.argv[1:5]
after = len(sys.argv) > 5 and sys.argv[5] in ('after', 'normal')
normal = len(sys.argv) > 5 and sys.argv[5] == 'normal'
z=zipfile.ZipFile(src); files={n:z.read(n) for n in z.namelist()}
s=files['word/document.xml'].decode()
m=[m for m in re.finditer(r'<w:sdt>.*?</w:sdt>',s,flags=re.S) if ('w:val="%s"'%tag) in m.group(0)][0]
blk=m.group(0)
c=re.search(r'<w:sdtContent>(.*)</w:sdtContent>',blk,flags=re.S).group(1)
f=[True]
def rep(mm):
    if f[0]: f[0]=False; return mm.group(1)+text+mm.group(3)
    return mm.group(1)+mm.group(3)
c=re.sub(r'(<w:t(?: [^>]*)?>)(.*?)(</w:t>)',rep,c,flags=re.S).replace('<w:rStyle w:val="PlaceholderText"/>','')
if after:
    para = '<w:p><w:pPr><w:pStyle w:val="FormField"/></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text
    if normal:
        para = '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text
    s = s[:m.end()] + para + s[m.end():]
else:
    s = s[:m.start()] + c + s[m.end():]
files['word/document.xml']=s.encode()
with zipfile.ZipFile(dst,'w',zipfile.ZIP_DEFLATED) as o:
    for n,d in files.items(): o.writestr(n,d)
