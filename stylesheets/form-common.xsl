<?xml version="1.0" encoding="UTF-8"?>
<!--
  form-common.xsl: what every fallback form (form-pep1, form-pep2, myvoice, agenda) shares:
  the parameters, the record context (this term, the term before), the IR <document>/<meta>
  wrapper, and named templates that write <input> elements with stable tags.

  Tags name the record field they fill (src/form.c holds the tag -> record table `pepkit
  import` reads them back with): "child.date-of-birth", "term.attendance.percent",
  "target.3.what" (numbered rows: targets, actions, attainment, attendees ...),
  "review.T-2025AU-1.status" (last term's targets to evaluate), "discussion.barriers".

  Parameters (strings): form-term (the term the form is for; its <term> exists in the record,
  possibly empty), blank ("1": nothing prefilled), keystage (My Voice), doc.
  Included by the form stylesheets; produces nothing on its own.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:param name="form-term" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:param name="keystage" select="''"/>
  <xsl:param name="doc" select="''"/>
  <!-- the reader a redacted record was made for (template's audience option); empty for none -->
  <xsl:param name="audience" select="''"/>

  <xsl:variable name="rec" select="/pep-record"/>
  <xsl:variable name="t" select="$rec/terms/term[@id = $form-term]"/>
  <xsl:variable name="prev" select="$t/preceding-sibling::term[1]"/>
  <!-- the latest term with attainment before or at this one -->
  <xsl:variable name="att-term" select="($t[attainment] | $t/preceding-sibling::term[attainment])[last()]"/>
  <xsl:variable name="filled" select="$blank != '1'"/>

  <!-- Choices are "code=Words": the drop-down shows the words, Word keeps the code as the
       item's value, and `pepkit import` reads the code back (docx_read.c). -->
  <xsl:variable name="roles" select="'social-worker=Social worker|designated-teacher=Designated teacher|carer=Carer|virtual-school-adviser=Virtual School adviser|iro=Independent reviewing officer (IRO)|senco=SENCo|key-worker=Key worker|personal-adviser=Personal adviser|birth-parent=Birth parent|health=Health professional|interpreter=Interpreter|child=The child or young person|other=Other'"/>
  <xsl:variable name="yesno" select="'yes=Yes|no=No'"/>

  <!-- The IR wrapper: meta (title, marking, footer) then the body the caller writes. -->
  <xsl:template name="document">
    <xsl:param name="type"/>
    <xsl:param name="title"/>
    <xsl:param name="body"/>
    <document type="{$type}">
      <meta>
        <title><xsl:value-of select="$title"/></title>
        <subtitle>
          <xsl:text>Fallback form</xsl:text>
          <xsl:if test="$form-term != ''"><xsl:text> · term </xsl:text><xsl:value-of select="$form-term"/></xsl:if>
        </subtitle>
        <marking>OFFICIAL-SENSITIVE</marking>
        <footer>
          <xsl:value-of select="$type"/>
          <xsl:if test="$form-term != ''"><xsl:text> · </xsl:text><xsl:value-of select="$form-term"/></xsl:if>
          <xsl:if test="$filled and $rec/child/la-child-id"><xsl:text> · </xsl:text><xsl:value-of select="$rec/child/la-child-id"/></xsl:if>
        </footer>
        <xsl:if test="$audience != ''"><audience>Copy for: <xsl:value-of select="$audience"/> (redacted)</audience></xsl:if>
        <xsl:if test="$filled and $rec/child/la-child-id"><child-id><xsl:value-of select="$rec/child/la-child-id"/></child-id></xsl:if>
        <xsl:if test="$form-term != ''"><term><xsl:value-of select="$form-term"/></term></xsl:if>
        <subject>Personal Education Plan fallback form</subject>
        <keywords><xsl:value-of select="$type"/></keywords>
      </meta>
      <body>
        <p style="note">Type into the grey boxes only. Leave the labels and the order of the
          boxes as they are: pepkit reads this form back by its boxes. To add a row (a target,
          an action), copy a whole row of boxes and paste it after the last one.</p>
        <xsl:if test="$audience != ''">
          <p style="note">This form was prefilled from a copy redacted for <xsl:value-of select="$audience"/>:
            information that reader may not see was left out, and its ids are not the record's.
            Fill it in and send it back as it is: pepkit lines it up with the record, keeps what
            was left out, and refuses a change to a box that was withheld.</p>
          <!-- the mark import knows a reader's form by (a box, since import reads boxes only) -->
          <input tag="form.audience" label="Made from the copy for"><xsl:value-of select="$audience"/></input>
        </xsl:if>
        <xsl:copy-of select="$body"/>
      </body>
    </document>
  </xsl:template>

  <!-- One <input>. value: the prefilled value as text (nodes: paragraphs joined by <br/>);
       empty or absent, or a blank form: no prefill. -->
  <xsl:template name="input">
    <xsl:param name="tag"/>
    <xsl:param name="label"/>
    <xsl:param name="kind" select="'text'"/>
    <xsl:param name="prompt" select="''"/>
    <xsl:param name="choices" select="''"/>
    <xsl:param name="value" select="''"/>
    <xsl:param name="paras" select="/.."/>
    <xsl:param name="always" select="false()"/>
    <input tag="{$tag}" label="{$label}">
      <xsl:if test="$kind != 'text'"><xsl:attribute name="kind"><xsl:value-of select="$kind"/></xsl:attribute></xsl:if>
      <xsl:if test="$prompt != ''"><xsl:attribute name="prompt"><xsl:value-of select="$prompt"/></xsl:attribute></xsl:if>
      <xsl:if test="$choices != ''"><xsl:attribute name="choices"><xsl:value-of select="$choices"/></xsl:attribute></xsl:if>
      <xsl:if test="$filled or $always">
        <xsl:choose>
          <xsl:when test="$paras">
            <xsl:for-each select="$paras">
              <xsl:if test="position() > 1"><br/></xsl:if>
              <xsl:value-of select="normalize-space(.)"/>
            </xsl:for-each>
          </xsl:when>
          <xsl:when test="$kind = 'choice' and contains(concat('|', $choices), concat('|', normalize-space($value), '='))">
            <!-- a choice is shown by its words -->
            <xsl:value-of select="substring-before(concat(substring-after(concat('|', $choices), concat('|', normalize-space($value), '=')), '|'), '|')"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space($value)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </input>
  </xsl:template>

  <!-- yes/no from an xs:boolean value -->
  <xsl:template name="yn">
    <xsl:param name="b"/>
    <xsl:choose>
      <xsl:when test="$b = 'true' or $b = '1'">yes</xsl:when>
      <xsl:when test="$b = 'false' or $b = '0'">no</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A read-only summary of who the child is (My Voice, agenda, PEP2). -->
  <xsl:template name="child-summary">
    <xsl:if test="$filled and $rec/child/legal-name">
      <fields>
        <field label="Child"><xsl:value-of select="$rec/child/legal-name/given"/><xsl:text> </xsl:text><xsl:value-of select="$rec/child/legal-name/family"/>
          <xsl:if test="$rec/child/preferred-name"> (<xsl:value-of select="$rec/child/preferred-name"/>)</xsl:if></field>
        <field label="Local authority child id"><xsl:value-of select="$rec/child/la-child-id"/></field>
        <xsl:if test="$rec/child/school/name"><field label="School"><xsl:value-of select="$rec/child/school/name"/></field></xsl:if>
        <field label="Year group / key stage"><xsl:value-of select="$rec/child/year-group"/> / <xsl:value-of select="$rec/child/key-stage"/></field>
      </fields>
    </xsl:if>
  </xsl:template>

  <!-- The term's own details: id, kind, dates. -->
  <xsl:template name="term-details">
    <h level="2">This term</h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.id'"/><xsl:with-param name="label" select="'Term (e.g. 2026-spring)'"/><xsl:with-param name="value" select="$form-term"/><xsl:with-param name="always" select="true()"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.kind'"/><xsl:with-param name="label" select="'Kind of PEP'"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'initial=Initial PEP|new-school=New school PEP|review=Termly review'"/><xsl:with-param name="value"><xsl:value-of select="$t/@kind"/><xsl:if test="not($t/@kind)">review</xsl:if></xsl:with-param></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.start'"/><xsl:with-param name="label" select="'Term starts'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$t/@start"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.end'"/><xsl:with-param name="label" select="'Term ends'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$t/@end"/></xsl:call-template>
  </xsl:template>

  <!-- People involved: the record's people (rows 1..n), then empty rows to add someone. -->
  <xsl:template name="people">
    <xsl:param name="extra" select="3"/>
    <h level="2">People involved</h>
    <p style="note">Everyone named as the owner of a target or an action, or as an attendee,
      must be listed here. Add new people in the empty rows.</p>
    <xsl:variable name="n" select="count($rec/people/person[$filled])"/>
    <xsl:for-each select="$rec/people/person[$filled]">
      <xsl:call-template name="person-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="p" select="."/></xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="empty-rows">
      <xsl:with-param name="what" select="'person'"/><xsl:with-param name="from" select="$n + 1"/><xsl:with-param name="to" select="$n + $extra"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="person-row">
    <xsl:param name="i"/>
    <xsl:param name="p" select="/.."/>
    <h level="3">Person <xsl:value-of select="$i"/></h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('person.', $i, '.name')"/><xsl:with-param name="label" select="concat('Person ', $i, ': name')"/><xsl:with-param name="value" select="$p/name"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('person.', $i, '.role')"/><xsl:with-param name="label" select="concat('Person ', $i, ': role')"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="$roles"/><xsl:with-param name="value" select="$p/@role"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('person.', $i, '.organisation')"/><xsl:with-param name="label" select="concat('Person ', $i, ': organisation')"/><xsl:with-param name="value" select="$p/organisation"/></xsl:call-template>
  </xsl:template>

  <!-- Rows from..to of a repeating group, empty. what: person, target, action, attainment,
       attendee, exclusion, intervention, ppp. Recursion keeps XSLT 1.0 happy. -->
  <xsl:template name="empty-rows">
    <xsl:param name="what"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:if test="$from &lt;= $to">
      <xsl:choose>
        <xsl:when test="$what = 'person'"><xsl:call-template name="person-row"><xsl:with-param name="i" select="$from"/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'target'"><xsl:call-template name="target-row"><xsl:with-param name="i" select="$from"/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'action'"><xsl:call-template name="action-row"><xsl:with-param name="i" select="$from"/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'attainment'"><xsl:call-template name="attainment-row"><xsl:with-param name="i" select="$from"/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'attendee'"><xsl:call-template name="attendee-row"><xsl:with-param name="i" select="$from"/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'exclusion'"><xsl:call-template name="exclusion-row"><xsl:with-param name="i" select="$from"/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'intervention'"><xsl:call-template name="intervention-row"><xsl:with-param name="i" select="$from"/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'ppp'"><xsl:call-template name="ppp-row"><xsl:with-param name="i" select="$from"/></xsl:call-template></xsl:when>
      </xsl:choose>
      <xsl:call-template name="empty-rows">
        <xsl:with-param name="what" select="$what"/><xsl:with-param name="from" select="$from + 1"/><xsl:with-param name="to" select="$to"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The name to show for a person id (prefilled owner fields show names). -->
  <xsl:template name="person-name">
    <xsl:param name="id"/>
    <xsl:value-of select="$rec/people/person[@id = $id]/name"/>
  </xsl:template>

  <xsl:template name="target-row">
    <xsl:param name="i"/>
    <xsl:param name="g" select="/.."/>
    <xsl:variable name="L" select="concat('Target ', $i, ': ')"/>
    <xsl:variable name="T" select="concat('target.', $i, '.')"/>
    <h level="3">Target <xsl:value-of select="$i"/></h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'area')"/><xsl:with-param name="label" select="concat($L, 'area')"/><xsl:with-param name="prompt" select="'e.g. English, Maths, SEMH'"/><xsl:with-param name="value" select="$g/area"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'what')"/><xsl:with-param name="label" select="concat($L, 'what exactly (specific)')"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="value" select="$g/what"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'measure')"/><xsl:with-param name="label" select="concat($L, 'how we will know (measurable)')"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="value" select="$g/measure"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'support')"/><xsl:with-param name="label" select="concat($L, 'support to achieve it')"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="value" select="$g/support"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'owner')"/><xsl:with-param name="label" select="concat($L, 'owner (a name from People involved)')"/><xsl:with-param name="value"><xsl:call-template name="person-name"><xsl:with-param name="id" select="$g/@owner"/></xsl:call-template></xsl:with-param></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'set')"/><xsl:with-param name="label" select="concat($L, 'date set')"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd (blank: the term start)'"/><xsl:with-param name="value" select="$g/@set"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'due')"/><xsl:with-param name="label" select="concat($L, 'to be achieved by (time-bound)')"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$g/@due"/></xsl:call-template>
    <xsl:if test="$g/@id">
      <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'id')"/><xsl:with-param name="label" select="concat($L, 'reference (leave as it is)')"/><xsl:with-param name="value" select="$g/@id"/></xsl:call-template>
      <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'status')"/><xsl:with-param name="label" select="concat($L, 'status')"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'not-started=Not started|in-progress=In progress|achieved=Achieved|partly-achieved=Partly achieved|not-achieved=Not achieved'"/><xsl:with-param name="value" select="$g/@status"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="action-row">
    <xsl:param name="i"/>
    <xsl:param name="g" select="/.."/>
    <xsl:variable name="L" select="concat('Action ', $i, ': ')"/>
    <h level="3">Action <xsl:value-of select="$i"/></h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('action.', $i, '.what')"/><xsl:with-param name="label" select="concat($L, 'what will be done')"/><xsl:with-param name="value" select="$g"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('action.', $i, '.owner')"/><xsl:with-param name="label" select="concat($L, 'by whom')"/><xsl:with-param name="value"><xsl:call-template name="person-name"><xsl:with-param name="id" select="$g/@owner"/></xsl:call-template></xsl:with-param></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('action.', $i, '.due')"/><xsl:with-param name="label" select="concat($L, 'by when')"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$g/@due"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="attainment-row">
    <xsl:param name="i"/>
    <xsl:param name="g" select="/.."/>
    <xsl:param name="current" select="$g/@current"/>
    <xsl:variable name="L" select="concat('Attainment ', $i, ': ')"/>
    <xsl:variable name="T" select="concat('attainment.', $i, '.')"/>
    <h level="3">Subject <xsl:value-of select="$i"/></h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'subject')"/><xsl:with-param name="label" select="concat($L, 'subject')"/><xsl:with-param name="value" select="$g/@subject"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'aspect')"/><xsl:with-param name="label" select="concat($L, 'aspect (e.g. Reading)')"/><xsl:with-param name="value" select="$g/@aspect"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'scale')"/><xsl:with-param name="label" select="concat($L, 'grade scale')"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'eyfs-elg=EYFS early learning goals|phonics=Phonics check (0-40)|ks-ta=Teacher assessment (GDS, EXS, WTS ...)|ks2-scaled=KS2 scaled score (80-120)|gcse=GCSE (9-1)|percent=Percentage|custom=Council scale'"/><xsl:with-param name="value" select="$g/@scale"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'current')"/><xsl:with-param name="label" select="concat($L, 'current result')"/>
      <xsl:with-param name="prompt"><xsl:choose><xsl:when test="$g/@current and $filled">last recorded: <xsl:value-of select="$g/@current"/></xsl:when><xsl:otherwise>Enter text.</xsl:otherwise></xsl:choose></xsl:with-param>
      <xsl:with-param name="value" select="$current"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'target')"/><xsl:with-param name="label" select="concat($L, 'target')"/><xsl:with-param name="value" select="$g/@target"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="attendee-row">
    <xsl:param name="i"/>
    <xsl:param name="g" select="/.."/>
    <xsl:param name="name" select="''"/>
    <xsl:variable name="L" select="concat('Attendee ', $i, ': ')"/>
    <h level="3">Attendee <xsl:value-of select="$i"/></h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('attendee.', $i, '.person')"/><xsl:with-param name="label" select="concat($L, 'name')"/><xsl:with-param name="value" select="$name"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('attendee.', $i, '.present')"/><xsl:with-param name="label" select="concat($L, 'present')"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="$yesno"/><xsl:with-param name="value"><xsl:call-template name="yn"><xsl:with-param name="b" select="$g/@present"/></xsl:call-template></xsl:with-param></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat('attendee.', $i, '.contribution')"/><xsl:with-param name="label" select="concat($L, 'contribution (e.g. written report)')"/><xsl:with-param name="value" select="$g/@contribution"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="exclusion-row">
    <xsl:param name="i"/>
    <xsl:param name="g" select="/.."/>
    <xsl:variable name="L" select="concat('Exclusion ', $i, ': ')"/>
    <xsl:variable name="T" select="concat('exclusion.', $i, '.')"/>
    <h level="3">Suspension or exclusion <xsl:value-of select="$i"/></h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'type')"/><xsl:with-param name="label" select="concat($L, 'type')"/><xsl:with-param name="kind" select="'choice'"/><xsl:with-param name="choices" select="'suspension=Suspension|permanent=Permanent exclusion|internal=Internal exclusion'"/><xsl:with-param name="value" select="$g/@type"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'start')"/><xsl:with-param name="label" select="concat($L, 'first day')"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$g/@start"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'days')"/><xsl:with-param name="label" select="concat($L, 'days')"/><xsl:with-param name="kind" select="'number'"/><xsl:with-param name="value" select="$g/@days"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'reason')"/><xsl:with-param name="label" select="concat($L, 'reason')"/><xsl:with-param name="kind" select="'multiline'"/><xsl:with-param name="paras" select="$g/reason/p"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="intervention-row">
    <xsl:param name="i"/>
    <xsl:param name="g" select="/.."/>
    <xsl:variable name="L" select="concat('Intervention ', $i, ': ')"/>
    <xsl:variable name="T" select="concat('intervention.', $i, '.')"/>
    <h level="3">Intervention <xsl:value-of select="$i"/></h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'what')"/><xsl:with-param name="label" select="concat($L, 'what')"/><xsl:with-param name="value" select="$g/what"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'who')"/><xsl:with-param name="label" select="concat($L, 'who delivers it')"/><xsl:with-param name="value" select="$g/who"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'when')"/><xsl:with-param name="label" select="concat($L, 'when')"/><xsl:with-param name="value" select="$g/when"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'where')"/><xsl:with-param name="label" select="concat($L, 'where')"/><xsl:with-param name="value" select="$g/where"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'frequency')"/><xsl:with-param name="label" select="concat($L, 'how often')"/><xsl:with-param name="value" select="$g/frequency"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'cost')"/><xsl:with-param name="label" select="concat($L, 'cost (£)')"/><xsl:with-param name="kind" select="'number'"/><xsl:with-param name="value" select="$g/cost"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="ppp-row">
    <xsl:param name="i"/>
    <xsl:param name="g" select="/.."/>
    <xsl:variable name="L" select="concat('PP+ request ', $i, ': ')"/>
    <xsl:variable name="T" select="concat('ppp.', $i, '.')"/>
    <h level="3">PP+ request <xsl:value-of select="$i"/></h>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'what')"/><xsl:with-param name="label" select="concat($L, 'what it pays for')"/><xsl:with-param name="value" select="$g/what"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'amount')"/><xsl:with-param name="label" select="concat($L, 'amount (£)')"/><xsl:with-param name="kind" select="'number'"/><xsl:with-param name="value" select="$g/@amount"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="concat($T, 'targets')"/><xsl:with-param name="label" select="concat($L, 'targets it supports')"/><xsl:with-param name="prompt" select="'target numbers on this form (e.g. 1, 3) or references'"/><xsl:with-param name="value" select="$g/@targets"/></xsl:call-template>
  </xsl:template>

  <!-- Prefilled rows of group what for nodes, then empty rows up to a total of at least
       n-min and always at least extra empty ones. -->
  <xsl:template name="rows">
    <xsl:param name="what"/>
    <xsl:param name="nodes" select="/.."/>
    <xsl:param name="extra" select="2"/>
    <xsl:param name="min" select="6"/>
    <xsl:variable name="n" select="count($nodes[$filled])"/>
    <xsl:for-each select="$nodes[$filled]">
      <xsl:choose>
        <xsl:when test="$what = 'target'"><xsl:call-template name="target-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="g" select="."/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'action'"><xsl:call-template name="action-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="g" select="."/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'attainment'"><xsl:call-template name="attainment-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="g" select="."/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'exclusion'"><xsl:call-template name="exclusion-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="g" select="."/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'intervention'"><xsl:call-template name="intervention-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="g" select="."/></xsl:call-template></xsl:when>
        <xsl:when test="$what = 'ppp'"><xsl:call-template name="ppp-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="g" select="."/></xsl:call-template></xsl:when>
      </xsl:choose>
    </xsl:for-each>
    <xsl:call-template name="empty-rows">
      <xsl:with-param name="what" select="$what"/>
      <xsl:with-param name="from" select="$n + 1"/>
      <xsl:with-param name="to"><xsl:choose><xsl:when test="$n + $extra &gt; $min"><xsl:value-of select="$n + $extra"/></xsl:when><xsl:otherwise><xsl:value-of select="$min"/></xsl:otherwise></xsl:choose></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Discussion boxes in agenda order (PEP2 and the agenda share them). -->
  <xsl:template name="discussion">
    <xsl:param name="topic"/>
    <xsl:param name="label"/>
    <xsl:param name="note" select="''"/>
    <h level="2"><xsl:value-of select="$label"/></h>
    <xsl:if test="$note != ''"><p style="note"><xsl:value-of select="$note"/></p></xsl:if>
    <xsl:call-template name="input">
      <xsl:with-param name="tag" select="concat('discussion.', $topic)"/>
      <xsl:with-param name="label" select="$label"/>
      <xsl:with-param name="kind" select="'multiline'"/>
      <xsl:with-param name="paras" select="$t/meeting/discussion/item[@topic = $topic]/p"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The meeting's date and venue. -->
  <xsl:template name="meeting-details">
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.meeting.date'"/><xsl:with-param name="label" select="'Meeting date'"/><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="prompt" select="'yyyy-mm-dd'"/><xsl:with-param name="value" select="$t/meeting/@date"/></xsl:call-template>
    <xsl:call-template name="input"><xsl:with-param name="tag" select="'term.meeting.venue'"/><xsl:with-param name="label" select="'Venue'"/><xsl:with-param name="value" select="$t/meeting/venue"/></xsl:call-template>
  </xsl:template>

  <!-- Attendees: this term's if recorded, else everyone in People with present blank. -->
  <xsl:template name="attendees">
    <xsl:variable name="att" select="$t/meeting/attendees/attendee[$filled]"/>
    <xsl:choose>
      <xsl:when test="$att">
        <xsl:for-each select="$att">
          <xsl:call-template name="attendee-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="g" select="."/>
            <xsl:with-param name="name"><xsl:call-template name="person-name"><xsl:with-param name="id" select="@person"/></xsl:call-template></xsl:with-param></xsl:call-template>
        </xsl:for-each>
        <xsl:call-template name="attendee-rows-empty"><xsl:with-param name="from" select="count($att) + 1"/><xsl:with-param name="to" select="count($att) + 3"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="ppl" select="$rec/people/person[$filled]"/>
        <xsl:for-each select="$ppl">
          <xsl:call-template name="attendee-row"><xsl:with-param name="i" select="position()"/><xsl:with-param name="name" select="name"/></xsl:call-template>
        </xsl:for-each>
        <xsl:call-template name="attendee-rows-empty"><xsl:with-param name="from" select="count($ppl) + 1"/>
          <xsl:with-param name="to"><xsl:choose><xsl:when test="count($ppl) + 3 &gt; 6"><xsl:value-of select="count($ppl) + 3"/></xsl:when><xsl:otherwise>6</xsl:otherwise></xsl:choose></xsl:with-param></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="attendee-rows-empty">
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:call-template name="empty-rows"><xsl:with-param name="what" select="'attendee'"/><xsl:with-param name="from" select="$from"/><xsl:with-param name="to" select="$to"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="actions">
    <xsl:call-template name="rows"><xsl:with-param name="what" select="'action'"/><xsl:with-param name="nodes" select="$t/meeting/actions/action"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
