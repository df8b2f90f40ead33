<?xml version="1.0" encoding="UTF-8"?>
<!--
  form-pep2.xsl: the PEP2 fallback form (the record of the PEP meeting, written by the social
  worker) as a document IR with <input> elements, for `pepkit template`, document pep2: who
  attended, the discussion in agenda order, actions agreed with owner and timescale, the social
  worker's update and the next meeting. With a record, people, attendees and anything already
  recorded for the term are prefilled.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="form-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:call-template name="document">
      <xsl:with-param name="type" select="'form-pep2'"/>
      <xsl:with-param name="title" select="'Personal Education Plan: PEP2 (meeting record)'"/>
      <xsl:with-param name="body">
        <xsl:call-template name="child-summary"/>
        <xsl:call-template name="people"/>
        <xsl:call-template name="term-details"/>
        <h level="1">The meeting</h>
        <xsl:call-template name="meeting-details"/>
        <h level="2">Who attended</h>
        <p style="note">Use names from People involved. Present: yes or no (sent apologies or a
          written contribution).</p>
        <xsl:call-template name="attendees"/>
        <h level="1">Discussion</h>
        <xsl:call-template name="agenda-discussion"/>
        <h level="1">Actions agreed</h>
        <p style="note">Every action has one owner and a date.</p>
        <xsl:call-template name="actions"/>
        <h level="1">Social worker's update</h>
        <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.sw.education'"/><xsl:with-param name="label" select="'Education'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/social-worker-update/education/p"/></xsl:call-template>
        <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.sw.care-journey'"/><xsl:with-param name="label" select="'Care journey'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/social-worker-update/care-journey/p"/></xsl:call-template>
        <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.sw.priorities'"/><xsl:with-param name="label" select="'Priorities'"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$t/social-worker-update/priorities/p"/></xsl:call-template>
        <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.next-meeting'"/><xsl:with-param name="label" select="'Next PEP meeting'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$t/next-meeting"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The discussion boxes, in the order of the guidance: positive start, achievements before
       barriers, then the rest; shared with agenda.xsl through the same tags. -->
  <xsl:template name="agenda-discussion">
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'positive-start'"/><xsl:with-param name="label" select="'Positive start'"/></xsl:call-template>
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'achievements'"/><xsl:with-param name="label" select="'Achievements'"/></xsl:call-template>
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'child-voice'"/><xsl:with-param name="label" select="'The child&#8217;s views'"/></xsl:call-template>
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'attendance'"/><xsl:with-param name="label" select="'Attendance'"/></xsl:call-template>
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'attainment'"/><xsl:with-param name="label" select="'Attainment and progress'"/></xsl:call-template>
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'previous-targets'"/><xsl:with-param name="label" select="'Last term&#8217;s targets'"/></xsl:call-template>
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'barriers'"/><xsl:with-param name="label" select="'Barriers and concerns'"/></xsl:call-template>
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'pupil-premium-plus'"/><xsl:with-param name="label" select="'Pupil Premium Plus'"/></xsl:call-template>
    <xsl:call-template name="discussion"><xsl:with-param name="topic" select="'any-other-business'"/><xsl:with-param name="label" select="'Any other business'"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
