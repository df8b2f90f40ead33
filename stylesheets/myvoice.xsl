<?xml version="1.0" encoding="UTF-8"?>
<!--
  myvoice.xsl: the child's "My Voice" form as a document IR with <input> elements, for
  `pepkit template`, document myvoice. One version per key stage (EYFS, KS1, KS2, KS3, KS4,
  post-16) with wording for that age: picture-and-talk prompts for the youngest, questions
  about options, careers and independence for the oldest. The key stage is the keystage
  parameter, else the record's, else KS2. Each answer box is tagged voice.N and labelled with
  its question, which import stores as the answer's question.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="form-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="ks">
    <xsl:choose>
      <xsl:when test="$keystage != ''"><xsl:value-of select="$keystage"/></xsl:when>
      <xsl:when test="$filled and $rec/child/key-stage"><xsl:value-of select="$rec/child/key-stage"/></xsl:when>
      <xsl:otherwise>KS2</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- Questions per key stage, separated by "|". -->
  <xsl:variable name="questions">
    <xsl:choose>
      <xsl:when test="$ks = 'EYFS'">What do you like playing with at nursery or school?|Who are your friends?|What makes you happy?|What makes you sad or cross?|Who helps you when you need it?|What would you like to get better at?</xsl:when>
      <xsl:when test="$ks = 'KS1'">What do you like doing at school?|What are you good at?|What is hard for you at school?|Who helps you at school?|How do you feel when you come to school?|What would you like to learn next?</xsl:when>
      <xsl:when test="$ks = 'KS2'">What is going well at school?|What are you proud of this term?|What do you find hard, in lessons or at break?|Who helps you, and what helps you most?|What clubs or activities do you enjoy?|What would you like to be better at by the end of the year?|Is there anything worrying you about school or moving to secondary school?</xsl:when>
      <xsl:when test="$ks = 'KS3'">What is going well at school?|Which subjects do you enjoy, and why?|What do you find hard, and what would help?|How are things with friends and at break and lunch?|Who in school can you talk to if something is wrong?|What would you like to achieve this year?|What might you like to do when you leave school?</xsl:when>
      <xsl:when test="$ks = 'KS4'">What is going well at school?|How do you feel about your GCSEs and your options?|What gets in the way of your learning, and what would help?|Who supports you, in school and out of it?|What would you like to do after Year 11 (college, sixth form, apprenticeship)?|What help do you need to get there (careers advice, visits, work experience)?|Is there anything else you want the people at your PEP meeting to know?</xsl:when>
      <xsl:otherwise>How is your course, training or job going?|What are you proud of since your last PEP?|What is getting in the way, and what would help?|How are you managing money, travel and living more independently?|What are your plans for the next year?|What support do you want from your personal adviser and the Virtual School?|Is there anything else you want to say?</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:call-template name="document">
      <xsl:with-param name="type" select="'myvoice'"/>
      <xsl:with-param name="title" select="concat('My Voice (', $ks, ')')"/>
      <xsl:with-param name="body">
        <xsl:call-template name="child-summary"/>
        <xsl:call-template name="term-details"/>
        <h level="1">My Voice</h>
        <xsl:choose>
          <xsl:when test="$ks = 'EYFS' or $ks = 'KS1'">
            <p style="note">For the adult helping: read each question aloud and write down the
              child's own words. Drawings or photos can be attached to the PEP.</p>
            <p>This is about you. There are no wrong answers.</p>
          </xsl:when>
          <xsl:when test="$ks = 'post-16'">
            <p>This is your part of your Personal Education Plan. Say what matters to you; the
              people at your PEP meeting will read it.</p>
          </xsl:when>
          <xsl:otherwise>
            <p>This is your part of your PEP. Write as much or as little as you like, or ask an
              adult to write your words down for you.</p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="input"><xsl:with-param name="tag" select="'voice.how-captured'"/><xsl:with-param name="label" select="'How these views were gathered'"/><xsl:with-param name="prompt" select="'e.g. one-to-one with mentor, in my own words'"/><xsl:with-param name="value" select="$t/child-voice/@how-captured"/></xsl:call-template>
        <xsl:call-template name="questions"><xsl:with-param name="rest" select="concat($questions, '|')"/><xsl:with-param name="i" select="1"/></xsl:call-template>
        <!-- answers on record to other questions (asked another way): kept, so nothing is lost -->
        <xsl:variable name="nq" select="string-length($questions) - string-length(translate($questions, '|', '')) + 1"/>
        <xsl:for-each select="$t/child-voice/answer[$filled][not(contains(concat('|', $questions, '|'), concat('|', @question, '|')))]">
          <xsl:call-template name="input">
            <xsl:with-param name="tag" select="concat('voice.', $nq + position())"/>
            <xsl:with-param name="label" select="@question"/>
            <xsl:with-param name="kind" select="'multiline'"/>
            <xsl:with-param name="paras" select="p"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- One answer box per question in rest ("q1|q2|...|"). -->
  <xsl:template name="questions">
    <xsl:param name="rest"/>
    <xsl:param name="i"/>
    <xsl:if test="contains($rest, '|')">
      <xsl:variable name="q" select="substring-before($rest, '|')"/>
      <xsl:call-template name="input">
        <xsl:with-param name="tag" select="concat('voice.', $i)"/>
        <xsl:with-param name="label" select="$q"/>
        <xsl:with-param name="kind" select="'multiline'"/>
        <xsl:with-param name="paras" select="$t/child-voice/answer[@question = $q]/p"/>
      </xsl:call-template>
      <xsl:call-template name="questions"><xsl:with-param name="rest" select="substring-after($rest, '|')"/><xsl:with-param name="i" select="$i + 1"/></xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
