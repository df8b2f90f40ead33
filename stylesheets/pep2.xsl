<?xml version="1.0" encoding="UTF-8"?>
<!--
  pep2.xsl: PEP2, the record of the PEP meeting, from a PEP record (schemas/pep.xsd) to the
  document IR (schemas/document.xsd), for the term in parameter `term` (empty: the latest).

  Sections, in order: the meeting (child, date, venue), attendees and apologies, discussion by
  agenda item in the agenda's order, agreed actions (owner, due date), next meeting, and (for a
  redacted record) what was withheld. A term without a meeting still gets every heading, with
  "No meeting recorded" placeholders.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:include href="common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- The agenda, in the order the meeting takes it (schemas/pep.xsd agendaItem). -->
  <xsl:variable name="agenda" select="'welcome positive-start achievements child-voice attendance attainment previous-targets send-semh barriers pupil-premium-plus transition carer social-care new-targets any-other-business'"/>
  <xsl:variable name="m" select="$t/meeting"/>

  <xsl:template match="/">
    <xsl:call-template name="require-term"/>
    <document type="pep2">
      <xsl:call-template name="meta">
        <xsl:with-param name="code" select="'PEP2'"/>
        <xsl:with-param name="title" select="'Personal Education Plan (PEP2): meeting record'"/>
      </xsl:call-template>
      <body>
        <xsl:call-template name="meeting"/>
        <xsl:call-template name="attendees"/>
        <xsl:call-template name="discussion"/>
        <xsl:call-template name="actions"/>
        <h level="1">Next meeting</h>
        <xsl:choose>
          <xsl:when test="$t/next-meeting">
            <fields>
              <field label="Date"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$t/next-meeting"/></xsl:call-template></field>
            </fields>
          </xsl:when>
          <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'Not yet arranged.'"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="withheld"/>
      </body>
    </document>
  </xsl:template>

  <!-- Who the meeting was about, and when and where it was held. -->
  <xsl:template name="meeting">
    <h level="1">Meeting</h>
    <fields>
      <field label="Child"><xsl:value-of select="$child-name"/></field>
      <field label="Date of birth"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$child/date-of-birth"/></xsl:call-template></field>
      <field label="LA child id"><xsl:value-of select="$child-id"/></field>
      <field label="School">
        <xsl:call-template name="val">
          <xsl:with-param name="n" select="$child/school/name"/><xsl:with-param name="c" select="$child/school"/>
          <xsl:with-param name="none" select="'Not in education, employment or training'"/>
        </xsl:call-template>
      </field>
      <field label="Year group"><xsl:call-template name="year-group"><xsl:with-param name="v" select="string($child/year-group)"/></xsl:call-template></field>
      <field label="Term"><xsl:value-of select="$term-label"/></field>
      <field label="PEP type"><xsl:call-template name="pep-kind"><xsl:with-param name="v" select="string($t/@kind)"/></xsl:call-template></field>
      <field label="Meeting date"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$m/@date"/><xsl:with-param name="none" select="'No meeting recorded for this term'"/></xsl:call-template></field>
      <field label="Venue"><xsl:call-template name="val"><xsl:with-param name="n" select="$m/venue"/><xsl:with-param name="none" select="'Not recorded'"/></xsl:call-template></field>
    </fields>
  </xsl:template>

  <!-- Attendees (name, role, present, contribution), then apologies (present = false). -->
  <xsl:template name="attendees">
    <xsl:variable name="as" select="$m/attendees/attendee"/>
    <h level="1">Attendees</h>
    <xsl:choose>
      <xsl:when test="$m/attendees/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$as">
        <table>
          <columns><col width="5"/><col width="5"/><col width="2"/><col width="5"/></columns>
          <head><cell>Name</cell><cell>Role</cell><cell>Present</cell><cell>Contribution</cell></head>
          <xsl:for-each select="$as">
            <row>
              <cell><xsl:call-template name="person-name"><xsl:with-param name="id" select="string(@person)"/></xsl:call-template></cell>
              <cell><xsl:call-template name="attendee-role"/></cell>
              <cell><xsl:call-template name="yes-no"><xsl:with-param name="v" select="@present"/></xsl:call-template></cell>
              <cell><xsl:value-of select="@contribution"/></cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'No meeting recorded for this term.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <h level="2">Apologies</h>
    <xsl:choose>
      <xsl:when test="$m/attendees/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$as[@present = 'false' or @present = '0']">
        <list style="bullet">
          <xsl:for-each select="$as[@present = 'false' or @present = '0']">
            <item>
              <xsl:variable name="role"><xsl:call-template name="attendee-role"/></xsl:variable>
              <xsl:call-template name="person-name"><xsl:with-param name="id" select="string(@person)"/></xsl:call-template>
              <xsl:if test="normalize-space($role) != ''"><xsl:value-of select="concat(' (', normalize-space($role), ')')"/></xsl:if>
              <xsl:if test="@contribution"><xsl:value-of select="concat(': ', @contribution)"/></xsl:if>
            </item>
          </xsl:for-each>
        </list>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'None.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The role of the attendee in context, in readable words; empty when the person is in the
       record without a role (redaction may drop it with the rest of the person). -->
  <xsl:template name="attendee-role">
    <xsl:variable name="p" select="key('person', @person)"/>
    <xsl:choose>
      <xsl:when test="$p and normalize-space($p/@role) = ''"/>
      <xsl:when test="$p"><xsl:call-template name="role"><xsl:with-param name="v" select="string($p/@role)"/></xsl:call-template></xsl:when>
      <xsl:otherwise>Not recorded</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Discussion, one heading per agenda item discussed, in the agenda's order. -->
  <xsl:template name="discussion">
    <h level="1">Discussion</h>
    <xsl:choose>
      <xsl:when test="$m/discussion/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$m/discussion/item">
        <xsl:call-template name="agenda-items"><xsl:with-param name="rest" select="$agenda"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'No discussion recorded.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The items for the first topic in rest (a space-separated list), then the others. -->
  <xsl:template name="agenda-items">
    <xsl:param name="rest"/>
    <xsl:variable name="topic" select="substring-before(concat($rest, ' '), ' ')"/>
    <xsl:variable name="items" select="$m/discussion/item[@topic = $topic]"/>
    <xsl:if test="$items">
      <h level="2"><xsl:call-template name="agenda-title"><xsl:with-param name="v" select="$topic"/></xsl:call-template></h>
      <xsl:for-each select="$items">
        <xsl:call-template name="text"><xsl:with-param name="n" select="."/></xsl:call-template>
      </xsl:for-each>
    </xsl:if>
    <xsl:if test="contains($rest, ' ')">
      <xsl:call-template name="agenda-items"><xsl:with-param name="rest" select="substring-after($rest, ' ')"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Agreed actions: action, owner, due date. -->
  <xsl:template name="actions">
    <h level="1">Agreed actions</h>
    <xsl:choose>
      <xsl:when test="$m/actions/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$m/actions/action">
        <table>
          <columns><col width="9"/><col width="4"/><col width="3"/></columns>
          <head><cell>Action</cell><cell>Owner</cell><cell>Due</cell></head>
          <xsl:for-each select="$m/actions/action">
            <row>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="."/></xsl:call-template></cell>
              <cell><xsl:call-template name="person-name"><xsl:with-param name="id" select="string(@owner)"/></xsl:call-template></cell>
              <cell><xsl:call-template name="date-of"><xsl:with-param name="d" select="@due"/></xsl:call-template></cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'No actions recorded.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
