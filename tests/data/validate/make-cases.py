#!/usr/bin/env python3
# make-cases.py: writes the invalid-*.xml and extra valid-*.xml cases from valid-base.xml.
# Each case changes one thing; line 2 of every invalid case is a comment
#   <!-- expect: LINE: FIELD: REGEX -->
# saying which problem line `pepkit validate` must print (t0101 checks it). The cases are
# committed; re-run this only after changing valid-base.xml or the list below (then review
# the diff). Usage: python3 make-cases.py  (in this folder)
import re

base = open("valid-base.xml", encoding="utf-8").read()

# name, old text, new text (old must occur exactly once; line numbers are kept), field, regex
CASES = [
    # --- schema (XSD) ---
    ("xsd-upn-shape", "<upn>B801200005001</upn>", "<upn>B80120000500</upn>", "child/upn", "is not a UPN"),
    ("xsd-bad-date", "<date-of-birth>2016-03-02<", "<date-of-birth>2016-02-30<", "child/date-of-birth", "is not a date"),
    ("xsd-missing-element", "<legal-status>section-20</legal-status>", "", "child/entered-care", "not expected here; expected one of .*legal-status"),
    ("xsd-unknown-element", "<date-of-birth>2016-03-02</date-of-birth>", "<date-of-birth>2016-03-02</date-of-birth><nickname>Zo</nickname>", "child/nickname", "not expected here"),
    ("xsd-enum", "<key-stage>KS2</key-stage>", "<key-stage>KS5</key-stage>", "child/key-stage", "'KS5' is not one of"),
    ("xsd-missing-attr", 'due="2025-12-12" status="in-progress"', 'due="2025-12-12"', "terms/term\\[2\\]/targets/target\\[1\\]/@status", "required attribute is missing"),
    ("xsd-keyref", '<target id="T2" owner="dt1"', '<target id="T2" owner="zz9"', "terms/term\\[2\\]/targets/target\\[1\\]/@owner", "'zz9' does not name a person"),
    ("xsd-duplicate-id", '<target id="T3"', '<target id="T2"', "terms/term\\[2\\]/targets/target\\[2\\]/@id", "'T2' is used more than once"),
    ("xsd-percent-range", "<percent>95.0</percent>", "<percent>101.0</percent>", "terms/term\\[1\\]/attendance/percent", "over the limit of 100"),
    ("xsd-blank-text", "<area>Maths</area>", "<area>   </area>", "terms/term\\[2\\]/targets/target\\[1\\]/area", "must not be empty or blank"),
    ("xsd-bad-attr-date", 'set="2025-10-07" due="2025-12-12"', 'set="2025-10-07" due="12/12/2025"', "terms/term\\[2\\]/targets/target\\[1\\]/@due", "'12/12/2025' is not a date"),
    ("xsd-unknown-attr", '<exclusion type="suspension"', '<exclusion colour="red" type="suspension"', "terms/term\\[2\\]/exclusions/exclusion/@colour", "attribute not allowed"),
    ("xsd-version", '<pep-record version="1">', '<pep-record version="2">', "pep-record/@version", "must be '1'"),
    ("xsd-text-in-element", "<people>", "<people>stray text", "people", "text is not allowed here"),
    ("xsd-date-zone", 'set="2025-10-07" due="2025-12-12"', 'set="2025-10-07" due="2025-12-12Z"', "terms/term\\[2\\]/targets/target\\[1\\]/@due", "'2025-12-12Z' is not a date \\(YYYY-MM-DD, with no time zone\\)"),
    ("xsd-date-offset", "<date-of-birth>2016-03-02<", "<date-of-birth>2016-03-02+01:00<", "child/date-of-birth", "is not a date \\(YYYY-MM-DD, with no time zone\\)"),
    ("xsd-xinclude", "<people>", '<people><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>', "people/(xi:)?include", "not expected here"),
    # --- rules XSD cannot express ---
    ("rule-upn-check-letter", "<upn>B801200005001</upn>", "<upn>B801200005002</upn>", "child/upn", "check letter is 'B', it should be 'Q'"),
    ("rule-upn-temporary", "<upn>B801200005001</upn>", "<upn>A80120000500A</upn>", "child/upn", "it should be 'M'"),
    ("rule-birth-after-care", "<entered-care>2024-11-04</entered-care>", "<entered-care>2015-11-04</entered-care>", "child/entered-care", "not after the date of birth 2016-03-02"),
    ("rule-placement-before-care", "<start-date>2024-11-04</start-date>", "<start-date>2024-11-03</start-date>", "child/placement/start-date", "before entering care 2024-11-04"),
    ("rule-school-before-birth", "<start-date>2020-09-02</start-date>", "<start-date>2015-09-02</start-date>", "child/school/start-date", "not after the date of birth"),
    ("rule-term-end-before-start", 'start="2025-09-03" end="2025-12-19"', 'start="2025-09-03" end="2025-09-03"', "terms/term\\[2\\]/@end", "term ends 2025-09-03, not after it starts 2025-09-03"),
    ("rule-terms-overlap", 'start="2025-09-03" end="2025-12-19"', 'start="2025-07-01" end="2025-12-19"', "terms/term\\[2\\]/@start", "not after the previous term '2025-summer' ends 2025-07-22"),
    ("rule-terms-order", 'id="2025-summer" kind="review" start="2025-04-22" end="2025-07-22"', 'id="2026-summer" kind="review" start="2026-04-22" end="2026-07-22"', "terms/term\\[2\\]/@start", "oldest first"),
    ("rule-target-due", 'set="2025-10-07" due="2025-12-12"', 'set="2025-10-07" due="2025-10-07"', "terms/term\\[2\\]/targets/target\\[1\\]/@due", "target due 2025-10-07, not after it was set 2025-10-07"),
    ("rule-meeting-outside-term", '<meeting date="2025-10-07">', '<meeting date="2025-08-29">', "terms/term\\[2\\]/meeting/@date", "meeting on 2025-08-29 is outside its term \\(2025-09-03 to 2025-12-19\\)"),
    ("rule-next-meeting", "<next-meeting>2025-10-07</next-meeting>", "<next-meeting>2025-05-06</next-meeting>", "terms/term\\[1\\]/next-meeting", "not after the meeting on 2025-05-06"),
    ("rule-action-due", 'owner="sw1" due="2025-10-07"', 'owner="sw1" due="2025-10-06"', "terms/term\\[2\\]/meeting/actions/action\\[2\\]/@due", "before the meeting on 2025-10-07"),
    ("rule-exclusion-outside-term", 'start="2025-10-13" days="1"', 'start="2025-12-20" days="1"', "terms/term\\[2\\]/exclusions/exclusion/@start", "outside its term"),
    ("rule-key-stage", "<year-group>4</year-group>", "<year-group>7</year-group>", "child/key-stage", "key stage KS2 does not match year group 7, which is KS3"),
    ("rule-ppplus-targets", 'targets="T2 T3"', 'targets="T2 T1"', "terms/term\\[2\\]/pupil-premium-plus/request/@targets", "'T1' is not a target of this term"),
    ("rule-attended-over-possible", "<sessions-attended>135</sessions-attended>", "<sessions-attended>149</sessions-attended>", "terms/term\\[2\\]/attendance/sessions-attended", "149 sessions attended, more than the 148 possible"),
    ("rule-attendance-percent", "<percent>91.2</percent>", "<percent>90.6</percent>", "terms/term\\[2\\]/attendance/percent", "90.6% does not match 135 of 148 sessions \\(91.2%\\)"),
    ("rule-signed-off-by", '<signed-off by="dt1"', '<signed-off by="dt9"', "terms/term\\[2\\]/designated-teacher-summary/signed-off/@by", "'dt9' does not name a person"),
    ("rule-death-before-birth", "<date-of-birth>2016-03-02</date-of-birth>", "<date-of-birth>2016-03-02</date-of-birth><date-of-death>2010-01-01</date-of-death>", "child/date-of-death", "date of death 2010-01-01 is before the date of birth 2016-03-02"),
    ("rule-death-before-care", "<date-of-birth>2016-03-02</date-of-birth>", "<date-of-birth>2016-03-02</date-of-birth><date-of-death>2024-01-01</date-of-death>", "child/date-of-death", "date of death 2024-01-01 is before entering care 2024-11-04"),
    ("rule-name-in-child-id", "<la-child-id>LA-900001</la-child-id>", "<la-child-id>nguyen.zoe-01</la-child-id>", "child/la-child-id", "the child id holds the child's name"),
    ("rule-name-in-school-id", '<school id="zz-primary">', '<school id="zoe-nguyen">', "child/school/@id", "the school id holds the child's name"),
    ("rule-ehcp-date", "<ehcp-date>2025-01-15</ehcp-date>", "", "child/send", "status is ehcp but there is no ehcp-date"),
]

# Valid variants: edge cases each rule must accept.
VALID = [
    ("valid-temporary-upn", [("<upn>B801200005001</upn>", "<upn>M80120000500A</upn>")]),
    ("valid-name-word-in-ids", [  # one name word in a school id, names as substrings of ids
        ('<school id="zz-primary">', '<school id="nguyen-primary">'),
        ("<la-child-id>LA-900001</la-child-id>", "<la-child-id>ZOEY-900001</la-child-id>"),
        ("<date-of-birth>2016-03-02</date-of-birth>", "<date-of-birth>2016-03-02</date-of-birth><date-of-death>2025-01-01</date-of-death>"),
    ]),
    ("valid-edges", [  # boundaries: percent 0.5 off, meeting on the term's first day, exclusion on the last
        ("<percent>91.2</percent>", "<percent>91.7</percent>"),
        ('<meeting date="2025-10-07">', '<meeting date="2025-09-03">'),
        ('set="2025-10-07" due="2025-12-12"', 'set="2025-09-03" due="2025-09-04"'),
        ('start="2025-10-13" days="1"', 'start="2025-12-19" days="1"'),
        ("<year-group>4</year-group>", "<year-group>6</year-group>"),
        ("<status>ehcp</status>", "<status>ehcp-assessment</status>"),
        ("<ehcp-date>2025-01-15</ehcp-date>", ""),
    ]),
]

def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1

# The wrong root needs both tags changed.
open("invalid-xsd-wrong-root.xml", "w", encoding="utf-8").write(
    base.replace("<pep-record ", "<pep ").replace("</pep-record>", "</pep>").replace(
        base.split("\n")[1], "<!-- expect: 3: pep: not a PEP record -->"))

for name, old, new, field, rx in CASES:
    assert base.count(old) == 1, name
    doc = base.replace(old, new)
    anchor = new if new else None
    line = line_of(doc, new) if new else line_of(base, old)
    if name == "xsd-missing-element":
        line = line_of(doc, "<entered-care>")
    if name == "rule-ehcp-date":
        line = line_of(doc, "<send>")
    if name == "rule-key-stage":
        line = line_of(doc, "<key-stage>")
    if name == "xsd-duplicate-id":
        line = line_of(doc, '<target id="T2" owner="c1"')
    if name == "rule-terms-order":
        line = line_of(doc, 'id="2025-autumn"')
    lines = doc.split("\n")
    lines[1] = "<!-- expect: %d: %s: %s -->" % (line, field, rx)
    open("invalid-%s.xml" % name, "w", encoding="utf-8").write("\n".join(lines))

for name, edits in VALID:
    doc = base
    for old, new in edits:
        assert doc.count(old) == 1, (name, old)
        doc = doc.replace(old, new)
    lines = doc.split("\n")
    lines[1] = "<!-- Synthetic test record (invented child): %s. -->" % name
    open("%s.xml" % name, "w", encoding="utf-8").write("\n".join(lines))
