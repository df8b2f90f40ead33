<?xml version="1.0" encoding="UTF-8"?>
<!--
  agenda.xsl: the PEP meeting agenda the chair uses, as a document IR with a notes box per item,
  for `pepkit template`, document agenda. The order follows the guidance: welcome, a positive
  start, achievements before barriers, the child's voice, then attendance, attainment, last
  term's targets, SEND and wellbeing, barriers, PP+, transition, carer and social care, new
  targets, and finally actions agreed with owners and timescales and the next meeting date.
  The notes boxes share their tags (discussion.TOPIC, action.N, attendee.N) with the PEP2 form.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="form-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:call-template name="document">
      <xsl:with-param name="type" select="'agenda'"/>
      <xsl:with-param name="title" select="'PEP meeting agenda'"/>
      <xsl:with-param name="body">
        <xsl:call-template name="child-summary"/>
        <xsl:call-template name="term-details"/>
        <xsl:call-template name="meeting-details"/>
        <h level="2">Who is here</h>
        <p style="note">A meeting record needs its attendees: mark each person present or not.</p>
        <xsl:call-template name="attendees"/>
        <h level="1">Order of the meeting</h>
        <list style="number">
          <item>Welcome and introductions</item>
          <item>Positive start: something the child has enjoyed or done well</item>
          <item>Achievements since the last PEP</item>
          <item>The child's views (My Voice)</item>
          <item>Attendance, suspensions and exclusions</item>
          <item>Attainment and progress</item>
          <item>Last term's targets: achieved, partly achieved, not achieved</item>
          <item>SEND and social, emotional and mental health</item>
          <item>Barriers to learning and concerns</item>
          <item>Pupil Premium Plus: impact and new request</item>
          <item>Transition (when due)</item>
          <item>Carer's update and social care update</item>
          <item>New SMART targets</item>
          <item>Any other business</item>
          <item>Actions agreed, with owners and timescales; date of the next PEP</item>
        </list>
        <p style="note">Celebrate achievements before discussing barriers. Keep the child's voice
          at the centre; if the child does not attend, share their My Voice form.</p>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'welcome'"/><xsl:with-param name="label" select="'1. Welcome and introductions'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'positive-start'"/><xsl:with-param name="label" select="'2. Positive start'"/><xsl:with-param name="note" select="'Begin with something the child is proud of.'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'achievements'"/><xsl:with-param name="label" select="'3. Achievements'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'child-voice'"/><xsl:with-param name="label" select="'4. The child&#8217;s views'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'attendance'"/><xsl:with-param name="label" select="'5. Attendance, suspensions and exclusions'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'attainment'"/><xsl:with-param name="label" select="'6. Attainment and progress'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'previous-targets'"/><xsl:with-param name="label" select="'7. Last term&#8217;s targets'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'send-semh'"/><xsl:with-param name="label" select="'8. SEND and wellbeing'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'barriers'"/><xsl:with-param name="label" select="'9. Barriers and concerns'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'pupil-premium-plus'"/><xsl:with-param name="label" select="'10. Pupil Premium Plus'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'transition'"/><xsl:with-param name="label" select="'11. Transition'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'carer'"/><xsl:with-param name="label" select="'12. Carer&#8217;s update'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'social-care'"/><xsl:with-param name="label" select="'12. Social care update'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'new-targets'"/><xsl:with-param name="label" select="'13. New SMART targets'"/><xsl:with-param name="note" select="'Record the targets themselves on the PEP1 form.'"/></xsl:call-template>
        <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'any-other-business'"/><xsl:with-param name="label" select="'14. Any other business'"/></xsl:call-template>
        <h level="1">15. Actions agreed</h>
        <p style="note">Each action: what, who (a name from the people involved) and by when.</p>
        <xsl:call-template name="actions"/>
        <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.next-meeting'"/><xsl:with-param name="label" select="'Next PEP meeting'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$t/next-meeting"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
