<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: what the PEP stylesheets share (xsl:include'd by pep1.xsl and pep2.xsl): the
  parameters, the chosen term and its neighbours, the lookup keys, readable words for dates,
  terms, money and every enumeration of schemas/pep.xsd, the redaction markers, the document
  metadata and the closing "Withheld from this copy" section.

  Input: one PEP record (schemas/pep.xsd), possibly redacted: any element may carry
  redacted="CATEGORY" with its content removed; wherever its content would be shown, the
  templates here show "[REDACTED]" instead. Output vocabulary: schemas/document.xsd.
  XSLT 1.0; keys rather than // scans, so a transform stays well under a millisecond.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- the term to document ("2025-autumn"); empty: the record's latest (last) term -->
  <xsl:param name="term" select="''"/>
  <!-- who the copy is for ("carer"); empty: no audience line -->
  <xsl:param name="audience" select="''"/>
  <!-- "none": the caller has checked that no element carries @redacted (transform.c does, more
       cheaply than a walk here), so "withheld" need not look; anything else: look -->
  <xsl:param name="redactions" select="''"/>

  <xsl:variable name="R" select="'[REDACTED]'"/>
  <xsl:variable name="child" select="/pep-record/child"/>
  <xsl:variable name="terms" select="/pep-record/terms/term"/>
  <xsl:variable name="term-id"
                select="string($terms[@id = $term or ($term = '' and position() = last())]/@id)"/>
  <xsl:variable name="t" select="$terms[@id = $term-id]"/>
  <xsl:variable name="prev" select="$t/preceding-sibling::term[1]"/>
  <xsl:variable name="child-id" select="string($child/la-child-id)"/>
  <xsl:variable name="term-label">
    <xsl:call-template name="term-name"><xsl:with-param name="id" select="$term-id"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="child-name">
    <xsl:choose>
      <xsl:when test="$child/legal-name/@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="normalize-space(concat($child/legal-name/given, ' ', $child/legal-name/family))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- Keys: libxslt indexes every key of the stylesheet on the first key() call, so there are
       few of them, and none that walks the whole record (redacted elements are found by the
       attribute step in "withheld", about a fifth of the cost of a key on *[@redacted]). -->
  <xsl:key name="person" match="/pep-record/people/person" use="@id"/>
  <!-- the categories of schemas/pep.xsd, in the order the closing section lists them -->
  <xsl:variable name="categories" select="' placement-address carer-contact birth-family health safeguarding third-party '"/>

  <!-- The term must exist (transform.c checks first; this guards direct xsltproc use). -->
  <xsl:template name="require-term">
    <xsl:if test="not($t)">
      <xsl:message terminate="yes">term '<xsl:value-of select="$term"/>' is not in the record</xsl:message>
    </xsl:if>
  </xsl:template>

  <!-- ============ document metadata ============ -->

  <!-- meta for document code ("PEP1") and title; never the child's name outside the subtitle -->
  <xsl:template name="meta">
    <xsl:param name="code"/>
    <xsl:param name="title"/>
    <meta>
      <title><xsl:value-of select="$title"/></title>
      <subtitle><xsl:value-of select="concat($term-label, ' · ', $child-name)"/></subtitle>
      <marking>OFFICIAL-SENSITIVE</marking>
      <!-- the full record copy (audience "record") says so on every page -->
      <footer><xsl:value-of select="concat($code, ' · ', $term-label, ' · ', $child-id)"/><xsl:if test="$audience = 'record'"> · FULL RECORD COPY: NOT FOR DISTRIBUTION</xsl:if></footer>
      <xsl:if test="$audience != ''">
        <audience>
          <xsl:value-of select="concat('Copy for: ', $audience)"/>
          <xsl:if test="$audience != 'record'"> (redacted)</xsl:if>
        </audience>
      </xsl:if>
      <child-id><xsl:value-of select="$child-id"/></child-id>
      <term><xsl:value-of select="$term-id"/></term>
      <subject><xsl:value-of select="concat($title, ', ', $term-label, ', child ', $child-id)"/></subject>
      <keywords><xsl:value-of select="concat('PEP; ', $code, '; ', $term-id, '; ', $child-id, '; OFFICIAL-SENSITIVE')"/></keywords>
    </meta>
  </xsl:template>

  <!-- The closing section, only when something was withheld: each category present once, in
       readable words (the schema's categories in a fixed order, then any other in order of
       first occurrence), never any value. -->
  <xsl:template name="withheld">
    <!-- every redacted element, in document order -->
    <xsl:variable name="all" select="/self::node()[$redactions != 'none']/descendant::*/@redacted/.."/>
    <xsl:if test="$all">
      <xsl:variable name="other" select="$all[not(contains($categories, concat(' ', @redacted, ' ')))]"/>
      <h level="1">Withheld from this copy</h>
      <p>Information in these categories was removed from this copy and is shown as [REDACTED]:</p>
      <list style="bullet">
        <xsl:call-template name="withheld-known">
          <xsl:with-param name="all" select="$all"/>
          <xsl:with-param name="rest" select="normalize-space($categories)"/>
        </xsl:call-template>
        <xsl:for-each select="$other">
          <xsl:variable name="c" select="string(@redacted)"/>
          <xsl:if test="generate-id() = generate-id($other[@redacted = $c][1])">
            <item><xsl:call-template name="category-name"><xsl:with-param name="v" select="$c"/></xsl:call-template></item>
          </xsl:if>
        </xsl:for-each>
      </list>
    </xsl:if>
  </xsl:template>

  <!-- One list item for each category in rest (space-separated) that some element of all
       carries. -->
  <xsl:template name="withheld-known">
    <xsl:param name="all"/>
    <xsl:param name="rest"/>
    <xsl:variable name="c" select="substring-before(concat($rest, ' '), ' ')"/>
    <xsl:if test="$all[@redacted = $c]">
      <item><xsl:call-template name="category-name"><xsl:with-param name="v" select="$c"/></xsl:call-template></item>
    </xsl:if>
    <xsl:if test="contains($rest, ' ')">
      <xsl:call-template name="withheld-known">
        <xsl:with-param name="all" select="$all"/>
        <xsl:with-param name="rest" select="substring-after($rest, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ============ values ============ -->

  <!-- The text of element n; "[REDACTED]" if n (or container c) is redacted; none if absent. -->
  <xsl:template name="val">
    <xsl:param name="n"/>
    <xsl:param name="c" select="/.."/>
    <xsl:param name="none" select="''"/>
    <xsl:choose>
      <xsl:when test="$n/@redacted or $c/@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:when test="normalize-space($n) != ''"><xsl:value-of select="normalize-space($n)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$none"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A date element or attribute d as "7 October 2025" ("[REDACTED]" if its element is
       redacted; none if absent). -->
  <xsl:template name="date-of">
    <xsl:param name="d"/>
    <xsl:param name="none" select="''"/>
    <xsl:choose>
      <xsl:when test="$d/@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:when test="string($d) != ''">
        <!-- the template "date", inline: this is the hot path -->
        <xsl:value-of select="concat(number(substring($d, 9, 2)), ' ',
          normalize-space(substring('January  February March    April    May      June     July     August   SeptemberOctober  November December ', (number(substring($d, 6, 2)) - 1) * 9 + 1, 9)),
          ' ', substring($d, 1, 4))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$none"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- xs:date string d ("2025-10-07") as "7 October 2025". -->
  <xsl:template name="date">
    <xsl:param name="d"/>
    <xsl:variable name="m" select="number(substring($d, 6, 2))"/>
    <xsl:value-of select="concat(number(substring($d, 9, 2)), ' ',
      normalize-space(substring('January  February March    April    May      June     July     August   SeptemberOctober  November December ', ($m - 1) * 9 + 1, 9)),
      ' ', substring($d, 1, 4))"/>
  </xsl:template>

  <!-- Term id ("2025-autumn") as "Autumn term 2025". -->
  <xsl:template name="term-name">
    <xsl:param name="id"/>
    <xsl:variable name="s" select="substring-after($id, '-')"/>
    <xsl:value-of select="concat(translate(substring($s, 1, 1), 'asw', 'ASW'), substring($s, 2), ' term ', substring-before($id, '-'))"/>
  </xsl:template>

  <!-- A money amount as "£1,250.00". -->
  <xsl:template name="money">
    <xsl:param name="v"/>
    <xsl:value-of select="concat('£', format-number(number($v), '#,##0.00'))"/>
  </xsl:template>

  <!-- Person id as the person's name ("[REDACTED]" for a redacted person; the id itself if no
       such person). -->
  <xsl:template name="person-name">
    <xsl:param name="id"/>
    <xsl:variable name="p" select="key('person', $id)"/>
    <xsl:choose>
      <xsl:when test="$p/@redacted or $p/name/@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:when test="$p/name"><xsl:value-of select="normalize-space($p/name)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$id"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An address element as one line ("14 Orchard Row, Little Hambleden, ZZ9 4QT"). -->
  <xsl:template name="address">
    <xsl:param name="a"/>
    <xsl:param name="c" select="/.."/>
    <xsl:choose>
      <xsl:when test="$a/@redacted or $c/@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$a/line | $a/postcode">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A normalised space-separated list s as "a, b, c": each space written as ", ". Not a
       recursion per item (a valid record may link thousands of ids; libxslt stops at 3,000
       nested calls), nor EXSLT's str:tokenize (libexslt would be loaded for it): a string over
       64 characters is cut in two halves, each written the same way (a space is one character,
       so any cut gives the same text), so calls nest about log2(length / 64) deep, plus one per
       item of a piece of at most 64 characters (at most 32). -->
  <xsl:template name="comma-list">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="not(contains($s, ' '))"><xsl:value-of select="$s"/></xsl:when>
      <xsl:when test="string-length($s) &lt;= 64">
        <xsl:value-of select="substring-before($s, ' ')"/>
        <xsl:text>, </xsl:text>
        <xsl:call-template name="comma-list"><xsl:with-param name="s" select="substring-after($s, ' ')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="half" select="floor(string-length($s) div 2)"/>
        <xsl:call-template name="comma-list"><xsl:with-param name="s" select="substring($s, 1, $half)"/></xsl:call-template>
        <xsl:call-template name="comma-list"><xsl:with-param name="s" select="substring($s, $half + 1)"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- xs:boolean as Yes/No (none if absent). -->
  <xsl:template name="yes-no">
    <xsl:param name="v"/>
    <xsl:param name="none" select="''"/>
    <xsl:choose>
      <xsl:when test="$v/@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:when test="string($v) = 'true' or string($v) = '1'">Yes</xsl:when>
      <xsl:when test="string($v) = 'false' or string($v) = '0'">No</xsl:when>
      <xsl:otherwise><xsl:value-of select="$none"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============ free text ============ -->

  <!-- A text block n (paragraphs) as IR paragraphs; one "[REDACTED]" paragraph if redacted;
       a placeholder paragraph (style empty) if absent or empty. -->
  <xsl:template name="text">
    <xsl:param name="n"/>
    <xsl:param name="none" select="'None recorded.'"/>
    <xsl:choose>
      <xsl:when test="$n/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$n/p">
        <xsl:for-each select="$n/p"><p><xsl:value-of select="normalize-space(.)"/></p></xsl:for-each>
      </xsl:when>
      <xsl:otherwise><p style="empty"><xsl:value-of select="$none"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A text block n as inline content (for a table cell): paragraphs joined by line breaks. -->
  <xsl:template name="text-inline">
    <xsl:param name="n"/>
    <xsl:param name="none" select="''"/>
    <xsl:choose>
      <xsl:when test="$n/@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:when test="$n/p">
        <xsl:for-each select="$n/p">
          <xsl:if test="position() &gt; 1"><br/></xsl:if>
          <xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$none"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An items block (strengths, barriers) as a bullet list, or a placeholder paragraph. -->
  <xsl:template name="items">
    <xsl:param name="n"/>
    <xsl:param name="none" select="'None recorded.'"/>
    <xsl:choose>
      <xsl:when test="$n/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$n/item">
        <list style="bullet">
          <xsl:for-each select="$n/item">
            <item><xsl:call-template name="val"><xsl:with-param name="n" select="."/></xsl:call-template></item>
          </xsl:for-each>
        </list>
      </xsl:when>
      <xsl:otherwise><p style="empty"><xsl:value-of select="$none"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A placeholder paragraph. -->
  <xsl:template name="empty">
    <xsl:param name="msg" select="'None recorded.'"/>
    <p style="empty"><xsl:value-of select="$msg"/></p>
  </xsl:template>

  <!-- ============ readable words for enumerations ============ -->

  <!-- Fallback for a token: "partly-achieved" becomes "Partly achieved". -->
  <xsl:template name="words">
    <xsl:param name="v"/>
    <xsl:value-of select="concat(translate(substring($v, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
                                 translate(substring($v, 2), '-', ' '))"/>
  </xsl:template>

  <xsl:template name="legal-status">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'section-20'">Accommodated by agreement (s20)</xsl:when>
      <xsl:when test="$v = 'interim-care-order'">Interim care order (s38)</xsl:when>
      <xsl:when test="$v = 'care-order'">Care order (s31)</xsl:when>
      <xsl:when test="$v = 'placement-order'">Placement order (s21)</xsl:when>
      <xsl:when test="$v = 'emergency-protection-order'">Emergency protection order (s44)</xsl:when>
      <xsl:when test="$v = 'remand'">Remanded to local authority accommodation</xsl:when>
      <xsl:when test="$v = 'police-protection'">Police protection (s46)</xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="placement-type">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'residential'">Residential (children's home)</xsl:when>
      <xsl:when test="$v = 'semi-independent'">Semi-independent living</xsl:when>
      <xsl:when test="$v = 'secure'">Secure accommodation</xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="year-group">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'N1'">Nursery (age 2 to 3)</xsl:when>
      <xsl:when test="$v = 'N2'">Nursery (age 3 to 4)</xsl:when>
      <xsl:when test="$v = 'R'">Reception</xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('Year ', $v)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="key-stage">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'EYFS'">Early years (EYFS)</xsl:when>
      <xsl:when test="$v = 'post-16'">Post-16</xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('Key stage ', substring($v, 3))"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="send-status">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'none'">No identified SEND</xsl:when>
      <xsl:when test="$v = 'sen-support'">SEN support</xsl:when>
      <xsl:when test="$v = 'ehcp-assessment'">EHC needs assessment under way</xsl:when>
      <xsl:when test="$v = 'ehcp'">Education, health and care plan (EHCP)</xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="role">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'virtual-school-adviser'">Virtual School adviser</xsl:when>
      <xsl:when test="$v = 'iro'">Independent reviewing officer</xsl:when>
      <xsl:when test="$v = 'senco'">SENCO</xsl:when>
      <xsl:when test="$v = 'health'">Health professional</xsl:when>
      <xsl:when test="$v = 'child'">Child or young person</xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pep-kind">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'initial'">Initial PEP</xsl:when>
      <xsl:when test="$v = 'new-school'">New school PEP</xsl:when>
      <xsl:when test="$v = 'review'">Termly review</xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="transition-stage">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'none'">No transition this year</xsl:when>
      <xsl:when test="$v = 'into-school'">Early years into Reception</xsl:when>
      <xsl:when test="$v = 'KS4-post-16'">Key stage 4 to post-16</xsl:when>
      <xsl:when test="$v = 'post-18'">Post-18</xsl:when>
      <xsl:when test="$v = 'school-move'">Change of school</xsl:when>
      <xsl:when test="starts-with($v, 'KS')">
        <xsl:value-of select="concat('Key stage ', substring($v, 3, 1), ' to key stage ', substring($v, 7, 1))"/>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="exclusion-type">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'permanent'">Permanent exclusion</xsl:when>
      <xsl:when test="$v = 'internal'">Internal exclusion</xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="category-name">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'placement-address'">Placement address</xsl:when>
      <xsl:when test="$v = 'carer-contact'">Carer contact details</xsl:when>
      <xsl:when test="$v = 'birth-family'">Birth family and contact arrangements</xsl:when>
      <xsl:when test="$v = 'health'">Health information</xsl:when>
      <xsl:when test="$v = 'safeguarding'">Safeguarding information</xsl:when>
      <xsl:when test="$v = 'third-party'">Third-party information</xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="agenda-title">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'welcome'">Welcome and introductions</xsl:when>
      <xsl:when test="$v = 'positive-start'">A positive start</xsl:when>
      <xsl:when test="$v = 'achievements'">Achievements and successes</xsl:when>
      <xsl:when test="$v = 'child-voice'">The child's voice</xsl:when>
      <xsl:when test="$v = 'attendance'">Attendance</xsl:when>
      <xsl:when test="$v = 'attainment'">Attainment and progress</xsl:when>
      <xsl:when test="$v = 'previous-targets'">Review of previous targets</xsl:when>
      <xsl:when test="$v = 'send-semh'">SEND and SEMH</xsl:when>
      <xsl:when test="$v = 'barriers'">Barriers to learning</xsl:when>
      <xsl:when test="$v = 'pupil-premium-plus'">Pupil Premium Plus</xsl:when>
      <xsl:when test="$v = 'transition'">Transition</xsl:when>
      <xsl:when test="$v = 'carer'">Carer's update</xsl:when>
      <xsl:when test="$v = 'social-care'">Social care update</xsl:when>
      <xsl:when test="$v = 'new-targets'">New targets</xsl:when>
      <xsl:when test="$v = 'any-other-business'">Any other business</xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============ grade scales: order and progress ============ -->

  <!-- The position of code v on ordered scale `scale`, for comparing results and plotting them:
       GCSE U = 0, 1-9 as they are; key stage teacher assessment PK1-PK6 = 1-6, HNM = 7,
       WTS = 8, EXS = 9, GDS = 10; EYFS ELG 1 (emerging), 2 (expected); KS2 scaled score,
       phonics and percent as numbers. Empty when v is not an ordered code (A, L, F, P, a custom
       scale, a missing or redacted value). -->
  <xsl:template name="grade-rank">
    <xsl:param name="scale"/>
    <xsl:param name="v"/>
    <xsl:variable name="u" select="translate(normalize-space($v), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
    <!-- by scale first: each test costs the engine about as much as a small template -->
    <xsl:if test="$u != ''">
      <xsl:choose>
        <xsl:when test="$scale = 'gcse'">
          <xsl:choose>
            <xsl:when test="$u = 'U'">0</xsl:when>
            <xsl:when test="string(number($u)) != 'NaN'"><xsl:value-of select="number($u)"/></xsl:when>
          </xsl:choose>
        </xsl:when>
        <xsl:when test="$scale = 'ks-ta'">
          <xsl:choose>
            <xsl:when test="string-length($u) = 3 and starts-with($u, 'PK') and contains('123456', substring($u, 3))">
              <xsl:value-of select="number(substring($u, 3))"/>
            </xsl:when>
            <xsl:when test="not(contains($u, ' ')) and contains(' HNM WTS EXS GDS ', concat(' ', $u, ' '))">
              <xsl:value-of select="6 + (string-length(substring-before(' HNM WTS EXS GDS ', concat(' ', $u, ' '))) div 4) + 1"/>
            </xsl:when>
          </xsl:choose>
        </xsl:when>
        <xsl:when test="$scale = 'eyfs-elg'">
          <xsl:if test="$u = '1' or $u = '2'"><xsl:value-of select="$u"/></xsl:if>
        </xsl:when>
        <xsl:when test="($scale = 'ks2-scaled' or $scale = 'phonics' or $scale = 'percent')
                        and string(number($u)) != 'NaN'"><xsl:value-of select="number($u)"/></xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- Progress of this term's result r against its target, from baseline result b:
         the expected path runs straight from the baseline (in its term) to the target at the
         end of this school year (the summer term: targets are end-of-year targets), in steps
         of the scale (grade-rank);
         "Above expected": the target is exceeded, or reached before the summer term from a
         baseline below it;
         "On track": this term's result has reached the path;
         "Below expected": this term's result is under the path.
       Empty (shown as "–") when there is no baseline from an earlier term, no target, the
       baseline is on another scale, or a value is not on an ordered scale. -->
  <xsl:template name="progress">
    <xsl:param name="r"/>
    <xsl:param name="b"/>
    <!-- the terms as counts of terms (year * 3 + 0 spring, 1 summer, 2 autumn) -->
    <xsl:variable name="season" select="substring-after($r/../../@id, '-')"/>
    <xsl:variable name="from-season" select="substring-after($b/../../@id, '-')"/>
    <xsl:variable name="now" select="number(substring-before($r/../../@id, '-')) * 3 + ($season = 'summer') + 2 * ($season = 'autumn')"/>
    <xsl:variable name="from" select="number(substring-before($b/../../@id, '-')) * 3 + ($from-season = 'summer') + 2 * ($from-season = 'autumn')"/>
    <!-- the cheap conditions first: most results have no baseline from an earlier term -->
    <xsl:if test="$b/@scale = $r/@scale and $from &lt; $now">
      <xsl:variable name="c"><xsl:call-template name="grade-rank"><xsl:with-param name="scale" select="string($r/@scale)"/><xsl:with-param name="v" select="string($r/@current)"/></xsl:call-template></xsl:variable>
      <xsl:variable name="g"><xsl:call-template name="grade-rank"><xsl:with-param name="scale" select="string($r/@scale)"/><xsl:with-param name="v" select="string($r/@target)"/></xsl:call-template></xsl:variable>
      <xsl:variable name="s"><xsl:call-template name="grade-rank"><xsl:with-param name="scale" select="string($r/@scale)"/><xsl:with-param name="v" select="string($b/@current)"/></xsl:call-template></xsl:variable>
      <xsl:variable name="end" select="$now + ($season = 'spring') + 2 * ($season = 'autumn')"/>
      <xsl:if test="$c != '' and $g != '' and $s != ''">
        <xsl:variable name="expected" select="$s + ($g - $s) * ($now - $from) div ($end - $from)"/>
        <xsl:choose>
          <xsl:when test="$c &gt; $g or ($c = $g and $now &lt; $end and $s &lt; $g)">Above expected</xsl:when>
          <xsl:when test="$c &gt;= $expected">On track</xsl:when>
          <xsl:otherwise>Below expected</xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
