<?xml version="1.0" encoding="UTF-8"?>
<!--
  form-pep1.xsl: the PEP1 fallback form (the school's termly plan) as a document IR with an
  <input> for every field, for `pepkit template`, document pep1. Order follows the Sutton-style
  ePEP sections: child details, people, this term, attendance and exclusions, SEND and SEMH,
  attainment, last term's targets to evaluate, strengths and barriers, interventions, new SMART
  targets, PP+, transition, carer and designated teacher. With a record (blank != '1') the known
  fields are prefilled: child details, people, this term's values if any, last term's targets,
  the latest attainment (subject, scale and target; current results to be updated).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="form-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:call-template name="document">
      <xsl:with-param name="type" select="'form-pep1'"/>
      <xsl:with-param name="title" select="'Personal Education Plan: PEP1 (school termly plan)'"/>
      <xsl:with-param name="body">
        <xsl:call-template name="body"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="c" select="$rec/child"/>
    <h level="1">A. Child details</h>
    <p style="note">Checked by the social worker and the designated teacher. Only used when the
      form starts a new record; an import into an existing record leaves these unchanged.</p>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.la-child-id'"/><xsl:with-param name="label" select="'Local authority child id'"/><xsl:with-param name="value" select="$c/la-child-id"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.upn'"/><xsl:with-param name="label" select="'Unique pupil number (UPN)'"/><xsl:with-param name="prompt" select="'13 characters, e.g. B801200005001'"/><xsl:with-param name="value" select="$c/upn"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.legal-name.given'"/><xsl:with-param name="label" select="'Given name(s)'"/><xsl:with-param name="value" select="$c/legal-name/given"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.legal-name.family'"/><xsl:with-param name="label" select="'Family name'"/><xsl:with-param name="value" select="$c/legal-name/family"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.preferred-name'"/><xsl:with-param name="label" select="'Preferred name'"/><xsl:with-param name="value" select="$c/preferred-name"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.date-of-birth'"/><xsl:with-param name="label" select="'Date of birth'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$c/date-of-birth"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.legal-status'"/><xsl:with-param name="label" select="'Legal status'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'section-20=Accommodated (s20)|interim-care-order=Interim care order (s38)|care-order=Care order (s31)|placement-order=Placement order|emergency-protection-order=Emergency protection order|remand=Remanded|police-protection=Police protection'"/><xsl:with-param name="value" select="$c/legal-status"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.entered-care'"/><xsl:with-param name="label" select="'Date entered care'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$c/entered-care"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.placement.type'"/><xsl:with-param name="label" select="'Placement type'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'foster-care=Foster care|kinship-care=Kinship care (family or friends)|residential=Residential (children&#8217;s home)|semi-independent=Semi-independent living|placed-with-parents=Placed with parents|placed-for-adoption=Placed for adoption|secure=Secure unit|other=Other'"/><xsl:with-param name="value" select="$c/placement/type"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.placement.start-date'"/><xsl:with-param name="label" select="'Placement start date'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$c/placement/start-date"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.school.name'"/><xsl:with-param name="label" select="'School or setting'"/><xsl:with-param name="value" select="$c/school/name"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.school.start-date'"/><xsl:with-param name="label" select="'Started at this school'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$c/school/start-date"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.year-group'"/><xsl:with-param name="label" select="'Year group'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'N1|N2|R|1|2|3|4|5|6|7|8|9|10|11|12|13'"/><xsl:with-param name="value" select="$c/year-group"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.key-stage'"/><xsl:with-param name="label" select="'Key stage'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'EYFS|KS1|KS2|KS3|KS4|post-16'"/><xsl:with-param name="value" select="$c/key-stage"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.send.status'"/><xsl:with-param name="label" select="'SEND status'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'none=None|sen-support=SEN support|ehcp-assessment=EHC needs assessment|ehcp=EHC plan'"/><xsl:with-param name="value" select="$c/send/status"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'child.send.primary-need'"/><xsl:with-param name="label" select="'Primary SEND need'"/><xsl:with-param name="value" select="$c/send/primary-need"/></xsl:call-template>

    <xsl:call-template name="people"/>
    <xsl:call-template name="term-details"/>

    <h level="1">B. Attendance and exclusions</h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.attendance.percent'"/><xsl:with-param name="label" select="'Attendance this term (%)'"/><xsl:with-param name="kind" select="'number'"/><xsl:with-param name="prompt" select="'e.g. 94.5'"/><xsl:with-param name="value" select="$t/attendance/percent"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.attendance.sessions-possible'"/><xsl:with-param name="label" select="'Sessions possible'"/><xsl:with-param name="kind" select="'number'"/><xsl:with-param name="value" select="$t/attendance/sessions-possible"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.attendance.sessions-attended'"/><xsl:with-param name="label" select="'Sessions attended'"/><xsl:with-param name="kind" select="'number'"/><xsl:with-param name="value" select="$t/attendance/sessions-attended"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.attendance.part-time-timetable'"/><xsl:with-param name="label" select="'On a part-time timetable?'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="$yesno"/><xsl:with-param name="value"><xsl:call-template name="yn"><xsl:with-param name="b" select="$t/attendance/part-time-timetable"/></xsl:call-template></xsl:with-param></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.attendance.alternative-provision'"/><xsl:with-param name="label" select="'Alternative provision (if any)'"/><xsl:with-param name="value" select="$t/attendance/alternative-provision"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.attendance.notes'"/><xsl:with-param name="label" select="'Attendance notes'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/attendance/notes/p"/></xsl:call-template>
    <p style="note">Record every suspension or exclusion this term, including internal ones.</p>
    <xsl:call-template name="rows"><xsl:with-param name="what" select="'exclusion'"/><xsl:with-param name="nodes" select="$t/exclusions/exclusion"/><xsl:with-param name="min" select="2"/><xsl:with-param name="extra" select="1"/></xsl:call-template>

    <h level="1">C. SEND and wellbeing</h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.send-update'"/><xsl:with-param name="label" select="'SEND update (support, EHCP provision, reviews)'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/send-update/p"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.semh.summary'"/><xsl:with-param name="label" select="'Social, emotional and mental health'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/semh/summary/p"/></xsl:call-template>

    <h level="1">D. Attainment and progress</h>
    <p style="note">One row per subject. The rows show the latest results on record: enter this
      term's current result for each.</p>
    <xsl:choose>
      <xsl:when test="$t/attainment">
        <xsl:call-template name="rows"><xsl:with-param name="what" select="'attainment'"/><xsl:with-param name="nodes" select="$t/attainment/result"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$att-term/attainment/result[$filled]">
          <xsl:call-template name="attainment-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="g" select="."/><xsl:with-param name="current" select="''"/></xsl:call-template>
        </xsl:for-each>
        <xsl:variable name="n" select="count($att-term/attainment/result[$filled])"/>
        <xsl:call-template name="empty-rows"><xsl:with-param name="what" select="'attainment'"/><xsl:with-param name="from" select="$n + 1"/>
          <xsl:with-param name="to"><xsl:choose><xsl:when test="$n + 2 &gt; 6"><xsl:value-of select="$n + 2"/></xsl:when><xsl:otherwise>6</xsl:otherwise></xsl:choose></xsl:with-param></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>

    <h level="1">E. Last term's targets</h>
    <xsl:choose>
      <xsl:when test="$filled and $prev/targets/target">
        <p style="note">Say how far each target set last term was achieved, and what the evidence is.</p>
        <xsl:for-each select="$prev/targets/target">
          <h level="3"><xsl:value-of select="area"/>: <xsl:value-of select="@id"/></h>
          <fields>
            <field label="Target"><xsl:value-of select="what"/></field>
            <field label="Measure"><xsl:value-of select="measure"/></field>
            <field label="Due"><xsl:value-of select="@due"/></field>
          </fields>
          <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('review.', @id, '.status')"/><xsl:with-param name="label" select="concat(@id, ': outcome')"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'not-started=Not started|in-progress=In progress|achieved=Achieved|partly-achieved=Partly achieved|not-achieved=Not achieved'"/><xsl:with-param name="value" select="@status"/></xsl:call-template>
          <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('review.', @id, '.evaluation')"/><xsl:with-param name="label" select="concat(@id, ': evaluation')"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="evaluation/p"/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <p style="empty">No targets from last term on record.</p>
      </xsl:otherwise>
    </xsl:choose>

    <h level="1">F. Strengths, barriers and support</h>
    <p style="note">One strength or barrier per paragraph.</p>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.strengths'"/><xsl:with-param name="label" select="'Strengths'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/strengths/item"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.barriers'"/><xsl:with-param name="label" select="'Barriers to learning'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/barriers/item"/></xsl:call-template>
    <h level="2">Interventions</h>
    <p style="note">What, who, when, where and how often for each intervention.</p>
    <xsl:call-template name="rows"><xsl:with-param name="what" select="'intervention'"/><xsl:with-param name="nodes" select="$t/interventions/intervention"/><xsl:with-param name="min" select="3"/></xsl:call-template>

    <h level="1">G. SMART targets for this term</h>
    <p style="note">At least three targets (English, maths and one other; writing at KS1 and KS2).
      Each must be Specific, Measurable, Assigned to an owner, Realistic and Time-bound (a date,
      usually within 12 weeks).</p>
    <xsl:call-template name="rows"><xsl:with-param name="what" select="'target'"/><xsl:with-param name="nodes" select="$t/targets/target"/></xsl:call-template>

    <h level="1">H. Pupil Premium Plus</h>
    <p style="note">Link each request to the targets it supports.</p>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.ppp.status'"/><xsl:with-param name="label" select="'PP+ request status'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'draft=Draft|requested=Requested|approved=Approved|declined=Declined'"/><xsl:with-param name="value" select="$t/pupil-premium-plus/@status"/></xsl:call-template>
    <xsl:call-template name="rows"><xsl:with-param name="what" select="'ppp'"/><xsl:with-param name="nodes" select="$t/pupil-premium-plus/request"/><xsl:with-param name="min" select="3"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.ppp.impact'"/><xsl:with-param name="label" select="&quot;Impact of last term's PP+&quot;"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/pupil-premium-plus/impact/p"/></xsl:call-template>

    <h level="1">I. Transition</h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.transition.stage'"/><xsl:with-param name="label" select="'Transition stage'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'none=None|into-school=Starting school|KS1-KS2=KS1 to KS2|KS2-KS3=KS2 to KS3 (secondary)|KS3-KS4=KS3 to KS4|KS4-post-16=KS4 to post-16|school-move=School move|post-18=Post-18'"/><xsl:with-param name="value" select="$t/transition/@stage"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.transition.plan'"/><xsl:with-param name="label" select="'Transition plan'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/transition/plan/p"/></xsl:call-template>

    <h level="1">J. Carer and designated teacher</h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.carer-section'"/><xsl:with-param name="label" select="&quot;Carer's view: learning at home&quot;"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/carer-section/p"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.dt-summary'"/><xsl:with-param name="label" select="'Designated teacher summary'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/designated-teacher-summary/summary/p"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.next-meeting'"/><xsl:with-param name="label" select="'Next PEP meeting'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$t/next-meeting"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
