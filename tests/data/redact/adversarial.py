#!/usr/bin/python3
"""adversarial.py OUTDIR: write the adversarial leak-test records of issue 10 and their values.

Used by tests/t0851-leak-adversarial.sh. Writes, from samples/ks2-initial.xml (a valid record),
  OUTDIR/conf.xml  a location-confidential placement (location-confidential=" 1") whose withheld
                   values are repeated elsewhere the way people write them: other spellings
                   (a phone number in other groupings and as +44, a postcode without its space,
                   a name without accents, surname first, with a space for its hyphen, "Cl."
                   for Close, a word broken by a hyphenated line break, split by a comment or
                   a processing instruction), parts (a first name alone, "Mum (Wrenna)",
                   "Mr Vantongeren", the street without its number, an apology line), a name
                   named only in a withheld paragraph, the school's short name, its staff's
                   e-mail domain and phone, the UPN, a withheld answer's question repeated, an
                   export file name in result/@source;
  OUTDIR/open.xml  a placement that is not location-confidential, in the same locality as the
                   school ("Elmstead"), with the same kinds of repeats;
  OUTDIR/values.tsv  one "RECORD<TAB>SEEN-BY<TAB>KIND<TAB>VALUE" a line: the audiences that
                   may see VALUE (comma-separated; record always), and how it is searched
                   (canon.py): word (canonical words), phone (digits), postcode (no spaces);
  OUTDIR/kept.tsv  one "RECORD<TAB>VALUE" a line: values every copy must show exactly.
Synthetic data: invented people and places.
"""
import os
import sys

BASE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "samples", "ks2-initial.xml")

ADDR = "carer,child,iro"                 # placement-address
CONTACT = "carer,child,health,iro,school"  # carer-contact
FAMILY = "iro"                           # birth-family
THIRD = ""                               # third-party
SCHOOL = "carer,child,iro,school"        # the school of a location-confidential placement


def build(src, conf):
    r = src
    town = "Elmstead"
    if conf:
        school = ('<school id="wyvernholt-academy">\n      <name>Wyvernholt Academy</name>\n'
                  '      <urn>990611</urn>\n      <la-number>803</la-number>\n'
                  '      <address><line>Larkspire Lane</line><line>Hambleden</line>'
                  '<postcode>ZZ9 1AB</postcode></address>')
        placement = '<placement location-confidential=" 1">'
    else:
        school = ('<school id="elmstead-cps">\n      <name>Elmstead Community Primary School</name>\n'
                  '      <urn>990547</urn>\n      <la-number>803</la-number>\n'
                  '      <address><line>Station Road</line><line>Elmstead</line>'
                  '<postcode>ZZ9 6AB</postcode></address>')
        placement = '<placement location-confidential="false">'
    r = r.replace('<placement location-confidential="false">', placement)
    r = r.replace('''        <line>27 Beech Avenue</line>
        <line>Thornley</line>
        <postcode>ZZ9 6HD</postcode>''', '''        <line>Sardonyx Grange</line>
        <line>7 Zephyrine Close</line>
        <line>%s</line>
        <postcode>ZZ1 9QX</postcode>''' % town)
    r = r.replace('''<school id="thornley-primary">
      <name>Thornley Community Primary School</name>
      <urn>990547</urn>
      <la-number>803</la-number>
      <address><line>Station Road</line><line>Thornley</line><postcode>ZZ9 6AB</postcode></address>''', school)
    short = "Wyvernholt" if conf else "Elmstead Community Primary School"
    r = r.replace('<setting><name>Thornley Community Primary School</name>',
                  '<setting><name>%s</name>' % short)
    r = r.replace('Supervised contact with her mother, Emine Yılmaz, twice a week at the contact centre; '
                  'telephone contact with her older brother Mert, who lives with their grandmother.',
                  'Supervised contact with her mother Wrenna at Fernbrook Family Centre; telephone '
                  'contact with her older brother Mert, who lives with their grandmother.')
    dt_org = "Wyvernholt Acad." if conf else "Elmstead Community Primary School"
    dt_mail = "a.murphy@wyvernholt.sch.uk" if conf else "a.murphy@elmstead.sch.uk"
    r = r.replace('<organisation>Thornley Community Primary School</organisation><email>a.murphy@example.org</email>',
                  '<organisation>%s</organisation><email>%s</email><phone>01632 960555</phone>' % (dt_org, dt_mail))
    r = r.replace('<phone confidential="carer-contact">07700 900275</phone>',
                  '<phone confidential="carer-contact">07700 900731</phone>')
    r = r.replace('m.nowak.fostering@example.org', 'quokka.carer@example.org')
    r = r.replace('<person id="yp" role="child">',
                  '<person id="bp1" role="birth-parent" confidential="birth-family"><name>Wrenna Błażejewska-Tuck</name></person>\n'
                  '    <person id="tp1" role="other" confidential="third-party"><name>Ptolemy Vantongeren</name></person>\n'
                  '    <person id="yp" role="child">')
    r = r.replace('<interests><p>Gymnastics, drawing animals, and the tablet game where you look after a café.</p></interests>',
                  '<interests><p>Gymnastics; ring 07700900731, 07700 900 731 or +44 7700 900731; post to ZZ19QX.</p>'
                  '<p>Blazejewska Tuck, Wrenna sent a card. Mum (Wrenna) rang. Mr Vantongeren came.</p>'
                  '<p>7 Zephyrine Cl. is near; Zephyrine Close again; the walk to Zephy-\n    rine Close; '
                  '7 Zephyrine<!-- split --> Close<?pi x?>; Sardonyx Grange has a garden.</p>'
                  '<p>She loves %s and its park.</p></interests>' % town)
    r = r.replace('<notes><p>Sessions to 7 November.',
                  '<notes><p>Apologies from Wrenna Blazejewska Tuck. Sessions to 7 November.')
    r = r.replace('<answer question="Is there anything you want the grown-ups to know?">',
                  '<answer question="Do you miss Ximena Quorrel?" confidential="birth-family"><p>Yes.</p></answer>\n'
                  '        <answer question="Is there anything you want the grown-ups to know?">')
    r = r.replace('<carer-section><p>Ayşe has settled',
                  '<carer-section><p>Ximena Quorrel visited; we asked Mrs Murphy at %s; her office is on '
                  '01632 960 555 and office@%s.sch.uk.</p><p>Ayşe has settled' % (short, "wyvernholt" if conf else "elmstead"))
    r = r.replace('<result subject="English" aspect="Reading" scale="ks-ta" current="EXS" target="EXS" date="2025-10-10"/>',
                  '<result subject="English" aspect="Reading" scale="ks-ta" current="EXS" target="EXS" date="2025-10-10" '
                  'source="%s-export.csv:3"/>' % ("wyvernholt" if conf else "elmstead"))
    r = r.replace('<venue>Thornley Community Primary School, library</venue>',
                  '<venue>%s, library</venue>' % ("Wyvernholt Academy" if conf else "Elmstead Community Primary School"))
    r = r.replace('<attendee person="vs1" present="true"/>',
                  '<attendee person="vs1" present="true"/>\n          <attendee person="tp1" present="false"/>')
    r = r.replace('Keeping Ayşe at Thornley Primary', 'Keeping Ayşe at %s' % ("Wyvernholt" if conf else "Elmstead Community Primary School"))
    r = r.replace('Ayşe has been at Thornley since Reception', 'Ayşe has been at %s since Reception' % short)
    if not conf:
        r = r.replace('LA-512093', 'LA-512094')
    return r


def main(out):
    with open(BASE, encoding="utf-8") as f:
        src = f.read()
    os.makedirs(out, exist_ok=True)
    for name, conf in (("conf", True), ("open", False)):
        with open(os.path.join(out, name + ".xml"), "w", encoding="utf-8") as f:
            f.write(build(src, conf))
    rows = []
    for rec in ("conf", "open"):
        rows += [
            (rec, ADDR, "word", "Sardonyx Grange"),
            (rec, ADDR, "word", "Zephyrine"),
            (rec, ADDR, "postcode", "ZZ1 9QX"),
            (rec, CONTACT, "phone", "07700 900731"),
            (rec, CONTACT, "word", "quokka.carer@example.org"),
            (rec, FAMILY, "word", "Wrenna"),
            (rec, FAMILY, "word", "Błażejewska"),
            (rec, FAMILY, "word", "Mert"),
            (rec, FAMILY, "word", "Fernbrook Family Centre"),
            (rec, FAMILY, "word", "Ximena"),
            (rec, FAMILY, "word", "Quorrel"),
            (rec, THIRD, "word", "Vantongeren"),
        ]
    rows += [
        ("conf", SCHOOL, "word", "Wyvernholt"),
        ("conf", SCHOOL, "word", "990611"),
        ("conf", SCHOOL, "word", "Larkspire Lane"),
        ("conf", SCHOOL, "postcode", "ZZ9 1AB"),
        ("conf", SCHOOL, "word", "X803211421047"),
        ("conf", SCHOOL, "phone", "01632 960555"),
    ]
    with open(os.path.join(out, "values.tsv"), "w", encoding="utf-8") as f:
        for rec, seen, kind, v in rows:
            f.write("%s\t%s\t%s\t%s\n" % (rec, ",".join(x for x in ("record," + seen).split(",") if x), kind, v))
    with open(os.path.join(out, "kept.tsv"), "w", encoding="utf-8") as f:
        for v in ("Elmstead Community Primary School", "Station Road", "ZZ9 6AB", "Aoife Murphy",
                  "Ayşe", "Yılmaz", "Rhys Vaughan", "Małgorzata Nowak", "She loves Elmstead"):
            f.write("open\t%s\n" % v)
        for v in ("Aoife Murphy", "Ayşe", "Rhys Vaughan", "Małgorzata Nowak", "She loves Elmstead"):
            f.write("conf\t%s\n" % v)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1])
