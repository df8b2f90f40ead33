#!/usr/bin/env python3
# xsdfast-variants.py SAMPLE OUTDIR: records made from SAMPLE (a valid record with people,
# several terms, targets, a meeting with attendees and actions) to break, or to come close to
# breaking, each constraint pepkit's fast path checks instead of libxml2 (src/record/xsdfast.c):
# pep.xsd's keys, uniques and keyrefs, and the length facets of shortString and nonEmptyString
# on elements, attributes and simple content. Each file gets its own child id (a qa cohort
# must not hold one child twice). Prints "NAME EXPECTED FIELD" per file (EXPECTED valid or
# invalid; FIELD a part of the field path the first problem must name, "-" for valid).
import sys
import xml.etree.ElementTree as ET

src, out = sys.argv[1], sys.argv[2]
variants = []


def variant(name, expect, field):
    def wrap(fn):
        variants.append((name, expect, field, fn))
        return fn
    return wrap


def terms(r):
    return r.findall('terms/term')


@variant('dup-person-id', 'invalid', 'people/person')
def _(r):
    p = r.findall('people/person')
    p[1].set('id', p[0].get('id'))


@variant('dup-term-id', 'invalid', 'terms/term')
def _(r):
    t = terms(r)
    t[1].set('id', t[0].get('id'))


@variant('dup-target-id-across-terms', 'invalid', 'target')
def _(r):
    a = terms(r)[0].find('targets/target')
    b = terms(r)[1].find('targets/target')
    b.set('id', a.get('id'))


@variant('target-owner-unknown', 'invalid', '@owner')
def _(r):
    r.find('terms/term/targets/target').set('owner', 'nobody-here')


@variant('action-owner-unknown', 'invalid', '@owner')
def _(r):
    r.find('terms/term/meeting/actions/action').set('owner', 'nobody-here')


@variant('attendee-unknown', 'invalid', '@person')
def _(r):
    r.find('terms/term/meeting/attendees/attendee').set('person', 'nobody-here')


def add_qa(r, adviser):
    t = terms(r)[-1]
    ET.SubElement(t, 'qa', {'rating': 'green', 'date': t.get('end'), 'adviser': adviser})


@variant('qa-adviser-unknown', 'invalid', 'qa/@adviser')
def _(r):
    add_qa(r, 'nobody-here')


@variant('qa-adviser-known', 'valid', '-')
def _(r):
    add_qa(r, r.find('people/person').get('id'))


@variant('owner-padded', 'valid', '-')
def _(r):
    t = r.find('terms/term/targets/target')
    t.set('owner', '  ' + t.get('owner') + ' ')


@variant('person-id-padded', 'valid', '-')
def _(r):
    p = r.find('people/person')
    p.set('id', ' ' + p.get('id') + '  ')


@variant('p-empty', 'invalid', '/p')
def _(r):
    r.find('.//p').text = ''


@variant('p-blank', 'invalid', '/p')
def _(r):
    r.find('.//p').text = '  \n\t  '


@variant('given-201', 'invalid', 'legal-name/given')
def _(r):
    r.find('child/legal-name/given').text = 'Q' * 201


@variant('given-200', 'valid', '-')
def _(r):
    r.find('child/legal-name/given').text = 'Q' * 200


@variant('given-200-two-byte', 'valid', '-')
def _(r):
    r.find('child/legal-name/given').text = '\u0416' * 200


@variant('given-201-two-byte', 'invalid', 'legal-name/given')
def _(r):
    r.find('child/legal-name/given').text = '\u0416' * 201


@variant('given-padded-200', 'valid', '-')
def _(r):
    r.find('child/legal-name/given').text = '   ' + 'Q' * 100 + '     ' + 'Q' * 99 + '  '


@variant('what-20001', 'invalid', 'target[1]/what')
def _(r):
    r.find('terms/term/targets/target/what').text = 'w' * 20001


@variant('what-20000-two-byte', 'valid', '-')
def _(r):
    r.find('terms/term/targets/target/what').text = '\u0436' * 20000


@variant('action-blank', 'invalid', 'actions/action')
def _(r):
    r.find('terms/term/meeting/actions/action').text = '   '


@variant('email-201', 'invalid', 'email')
def _(r):
    r.find('people/person/email').text = 'e' * 190 + '@example.org'


@variant('attr-subject-blank', 'invalid', '@subject')
def _(r):
    r.find('.//attainment/result').set('subject', ' ')


@variant('attr-subject-201', 'invalid', '@subject')
def _(r):
    r.find('.//attainment/result').set('subject', 'S' * 201)


@variant('attr-subject-200', 'valid', '-')
def _(r):
    r.find('.//attainment/result').set('subject', 'S' * 200)


@variant('two-problems', 'invalid', '/p')
def _(r):
    p = r.findall('people/person')
    p[1].set('id', p[0].get('id'))
    r.find('terms/term/targets/target').set('owner', 'nobody-here')
    r.find('.//p').text = ''


@variant('unchanged', 'valid', '-')
def _(r):
    pass


for i, (name, expect, field, fn) in enumerate(variants):
    tree = ET.parse(src)
    root = tree.getroot()
    root.find('child/la-child-id').text = 'Z%05d' % (i + 1)
    fn(root)
    tree.write('%s/%s.xml' % (out, name), encoding='UTF-8', xml_declaration=True)
    print(name, expect, field)
