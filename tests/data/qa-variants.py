#!/usr/bin/env python3
# Writes variants of samples/ks2-initial.xml into a folder, each made to pass or to fail one
# QA check or timescale rule (tests/t1201-qa-checks.sh says what each must give).
# Usage: qa-variants.py SAMPLE.xml OUTDIR
import copy, sys, xml.etree.ElementTree as ET

src, out = sys.argv[1], sys.argv[2]

def load():
    return ET.parse(src)

def term(t):
    return t.getroot().find('terms/term')

saved = [0]

def save(t, name):
    # each variant is its own child: qa refuses two records with one child id
    saved[0] += 1
    t.getroot().find('child/la-child-id').text = 'LA-%06d' % (700000 + saved[0])
    t.write(f'{out}/{name}.xml', encoding='UTF-8', xml_declaration=True)

def variant(name, fn):
    t = load()
    fn(t, term(t))
    save(t, name)

def drop(parent, path):
    for e in parent.findall(path):
        # find e's parent
        for p in parent.iter():
            if e in list(p):
                p.remove(e)
                break

variant('baseline', lambda t, tm: None)
variant('voice-none', lambda t, tm: drop(tm, 'child-voice'))
def one_answer(t, tm):
    cv = tm.find('child-voice')
    for a in cv.findall('answer')[1:]:
        cv.remove(a)
variant('voice-one-answer', one_answer)
variant('voice-no-impact', lambda t, tm: drop(tm, "meeting/discussion/item[@topic='child-voice']"))
variant('attendance-none', lambda t, tm: drop(tm, 'attendance'))
def no_current(t, tm):
    for r in tm.findall('attainment/result'):
        r.attrib.pop('current', None)
variant('attainment-none', no_current)
def no_english(t, tm):
    for r in tm.findall("attainment/result[@subject='English']"):
        r.attrib.pop('current', None)
variant('attainment-no-english', no_english)
def sen(t, tm, update):
    t.getroot().find('child/send/status').text = 'sen-support'
    if update:
        su = ET.Element('send-update'); p = ET.SubElement(su, 'p'); p.text = 'Reviewed with the SENCo.'
        kids = list(tm); tm.insert(kids.index(tm.find('semh')), su)
variant('send-no-update', lambda t, tm: sen(t, tm, False))
variant('send-with-update', lambda t, tm: sen(t, tm, True))
def two_targets(t, tm):
    tg = tm.find('targets'); tg.remove(tg.findall('target')[2])
    for r in tm.findall('pupil-premium-plus/request'):
        if r.get('targets') == 'T-25AU-3':
            r.set('targets', 'T-25AU-1')
variant('targets-two', two_targets)
def weak_measure(t, tm):
    tm.findall('targets/target')[1].find('measure').text = 'Better.'
variant('target-weak-measure', weak_measure)
def far_due(t, tm):
    tm.findall('targets/target')[0].set('due', '2026-03-01')
variant('target-far-due', far_due)
variant('interventions-none', lambda t, tm: drop(tm, 'interventions'))
def no_where(t, tm):
    iv = tm.findall('interventions/intervention')[1]; iv.remove(iv.find('where'))
variant('intervention-no-where', no_where)
variant('pp-none', lambda t, tm: drop(tm, 'pupil-premium-plus'))
def pp_unlinked(t, tm):
    tm.findall('pupil-premium-plus/request')[0].attrib.pop('targets')
variant('pp-unlinked', pp_unlinked)
def year6(t, tm, plan):
    t.getroot().find('child/year-group').text = '6'
    if plan:
        tr = ET.Element('transition', stage='KS2-KS3'); p = ET.SubElement(ET.SubElement(tr, 'plan'), 'p')
        p.text = 'Visits to the secondary school in the summer term.'
        kids = list(tm); tm.insert(kids.index(tm.find('designated-teacher-summary')), tr)
variant('year6-no-transition', lambda t, tm: year6(t, tm, False))
variant('year6-transition', lambda t, tm: year6(t, tm, True))
variant('carer-none', lambda t, tm: drop(tm, 'carer-section'))
def few_present(t, tm):
    for a in tm.findall('meeting/attendees/attendee')[2:]:
        a.set('present', 'false')
variant('attendees-few', few_present)
variant('next-meeting-none', lambda t, tm: drop(tm, 'next-meeting'))
variant('not-signed-off', lambda t, tm: drop(tm, 'designated-teacher-summary/signed-off'))
def two_ambers(t, tm):
    drop(tm, 'carer-section'); drop(tm, 'interventions')
variant('two-ambers', two_ambers)
def confirmed(t, tm):
    ET.SubElement(tm, 'qa', rating='red', date='2025-11-20', adviser='vs1')
variant('adviser-red', confirmed)
variant('invalid-upn', lambda t, tm: t.getroot().find('child/upn').__setattr__('text', 'X803211421048'))

# a second term (2026-spring) after the initial one, for "previous targets" and PP+ impact
def second_term(t, tm, evaluated, impact):
    terms = t.getroot().find('terms')
    n = copy.deepcopy(tm)
    n.set('id', '2026-spring'); n.set('kind', 'review'); n.set('start', '2026-01-05'); n.set('end', '2026-03-27')
    for g in n.findall('targets/target'):
        g.set('id', g.get('id').replace('25AU', '26SP')); g.set('set', '2026-01-21'); g.set('due', '2026-03-20')
    for r in n.findall('pupil-premium-plus/request'):
        r.set('targets', r.get('targets').replace('25AU', '26SP'))
    if impact:
        im = ET.SubElement(n.find('pupil-premium-plus'), 'impact'); ET.SubElement(im, 'p').text = 'ELSA sessions helped.'
    for a in n.findall('meeting/actions/action'):
        a.set('due', '2026-02-27')
    n.find('meeting').set('date', '2026-01-21')
    n.find('designated-teacher-summary/signed-off').set('date', '2026-01-22')
    for r in n.findall('attainment/result'):
        r.set('date', '2026-01-16')
    n.find('next-meeting').text = '2026-04-22'
    drop(n, "meeting/discussion/item[@topic='welcome']")
    for g in tm.findall('targets/target'):
        if evaluated:
            g.set('status', 'achieved')
            ev = ET.SubElement(g, 'evaluation'); ET.SubElement(ev, 'p').text = 'Met by the end of term.'
    terms.append(n)
variant('previous-evaluated', lambda t, tm: second_term(t, tm, True, True))
variant('previous-not-evaluated', lambda t, tm: second_term(t, tm, False, True))
variant('pp-no-impact', lambda t, tm: second_term(t, tm, True, False))

# timescales
def late_initial(t, tm):
    tm.find('meeting').set('date', '2025-11-04')
    for a in tm.findall('meeting/actions/action'):
        a.set('due', '2025-11-14')
    tm.find('designated-teacher-summary/signed-off').set('date', '2025-11-05')
    for g in tm.findall('targets/target'):
        g.set('set', '2025-11-04')
variant('initial-late', late_initial)
def new_school(t, tm, held):
    t.getroot().find('child/school/start-date').text = '2025-10-01'
    if held:
        tm.set('kind', 'new-school')
variant('new-school-missing', lambda t, tm: new_school(t, tm, False))
variant('new-school-held', lambda t, tm: new_school(t, tm, True))
def evaluated_targets(t, tm):
    for g in tm.findall('targets/target'):
        ET.SubElement(g, 'evaluation').append(ET.Element('p')); g.find('evaluation/p').text = 'Reviewed.'
variant('targets-evaluated', evaluated_targets)
def ehcp(t, tm, review):
    s = t.getroot().find('child/send')
    s.find('status').text = 'ehcp'
    ET.SubElement(s, 'ehcp-date').text = '2023-06-01'
    ET.SubElement(s, 'ehcp-review-date').text = review
    su = ET.Element('send-update'); ET.SubElement(su, 'p').text = 'Annual review booked.'
    kids = list(tm); tm.insert(kids.index(tm.find('semh')), su)
variant('ehcp-overdue', lambda t, tm: ehcp(t, tm, '2024-11-01'))
variant('ehcp-current', lambda t, tm: ehcp(t, tm, '2025-06-01'))

# St Helens Gold: the baseline has six Gold areas (target 3 has no support plan, intervention 1
# no cost); these make seven or eight Gold
def support3(t, tm):
    g = tm.findall('targets/target')[2]
    s = ET.Element('support'); s.text = 'Weekly ELSA session and a worry jar at home.'
    g.insert(list(g).index(g.find('measure')) + 1, s)
def cost1(t, tm):
    iv = tm.findall('interventions/intervention')[0]
    ET.SubElement(iv, 'cost').text = '120.00'
variant('sh-seven-gold', support3)
variant('sh-eight-gold', lambda t, tm: (support3(t, tm), cost1(t, tm)))
variant('sh-seven-gold-one-amber', lambda t, tm: (support3(t, tm), drop(tm, 'carer-section')))
def vague(t, tm):
    tm.findall('targets/target')[2].find('what').text = 'Be happier.'
variant('target-vague', vague)

# PEP2 interval between meetings: a summer PEP on 20 May 2026, more than 6 months after the
# meeting of 15 October 2025
def gap(t, tm):
    second_term(t, tm, True, True)
    n = t.getroot().findall('terms/term')[1]
    n.set('id', '2026-summer'); n.set('start', '2026-04-13'); n.set('end', '2026-07-22')
    for g in n.findall('targets/target'):
        g.set('set', '2026-05-20'); g.set('due', '2026-07-10')
    for a in n.findall('meeting/actions/action'):
        a.set('due', '2026-06-12')
    n.find('meeting').set('date', '2026-05-20')
    n.find('designated-teacher-summary/signed-off').set('date', '2026-05-21')
    for r in n.findall('attainment/result'):
        r.set('date', '2026-05-15')
    n.find('next-meeting').text = '2026-09-23'
variant('pep2-gap', gap)
