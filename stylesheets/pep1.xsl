<?xml version="1.0" encoding="UTF-8"?>
<!--
  pep1.xsl: PEP1, the school's termly plan, from a PEP record (schemas/pep.xsd) to the document
  IR (schemas/document.xsd), for the term in parameter `term` (empty: the latest).

  Sections, in order: child details, people, attendance and exclusions, SEND and SEMH,
  attainment and progress (baseline, last term, this term, target), the child's voice, the
  carer's view, the social worker's update, strengths and barriers, interventions, evaluation
  of last term's targets, new SMART targets, Pupil Premium Plus (request and impact of last
  term's), transition plan, designated teacher's summary and sign-off, and (for a redacted
  record) what was withheld. Every section keeps its heading when it has nothing to show.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:lx="http://xmlsoft.org/XSLT/namespace" exclude-result-prefixes="lx">

  <xsl:include href="common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- results of every term by subject and aspect, in document order (oldest term first) -->
  <xsl:key name="result" match="/pep-record/terms/term/attainment/result" use="concat(@subject, '|', @aspect)"/>

  <xsl:template match="/">
    <xsl:call-template name="require-term"/>
    <document type="pep1">
      <xsl:call-template name="meta">
        <xsl:with-param name="code" select="'PEP1'"/>
        <xsl:with-param name="title" select="&quot;Personal Education Plan (PEP1): school's termly plan&quot;"/>
      </xsl:call-template>
      <body>
        <xsl:call-template name="child-details"/>
        <xsl:call-template name="people"/>
        <xsl:call-template name="attendance"/>
        <xsl:call-template name="send-semh"/>
        <xsl:call-template name="attainment"/>
        <xsl:call-template name="child-voice"/>
        <xsl:call-template name="carer-social-worker"/>
        <xsl:call-template name="strengths-barriers"/>
        <xsl:call-template name="interventions"/>
        <xsl:call-template name="previous-targets"/>
        <xsl:call-template name="new-targets"/>
        <xsl:call-template name="pupil-premium-plus"/>
        <xsl:call-template name="transition"/>
        <xsl:call-template name="sign-off"/>
        <xsl:call-template name="withheld"/>
      </body>
    </document>
  </xsl:template>

  <!-- Child details: identity, legal status, placement, school, SEND, language. -->
  <xsl:template name="child-details">
    <xsl:variable name="pl" select="$child/placement"/>
    <xsl:variable name="sc" select="$child/school"/>
    <h level="1">Child details</h>
    <fields>
      <field label="Name"><xsl:value-of select="$child-name"/></field>
      <field label="Preferred name"><xsl:call-template name="val"><xsl:with-param name="n" select="$child/preferred-name"/><xsl:with-param name="none" select="'Not recorded'"/></xsl:call-template></field>
      <field label="Date of birth"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$child/date-of-birth"/></xsl:call-template></field>
      <field label="UPN"><xsl:call-template name="val"><xsl:with-param name="n" select="$child/upn"/><xsl:with-param name="none" select="'None (not yet allocated)'"/></xsl:call-template></field>
      <field label="LA child id"><xsl:value-of select="$child-id"/></field>
      <field label="Legal status"><xsl:call-template name="legal-status"><xsl:with-param name="v" select="string($child/legal-status)"/></xsl:call-template></field>
      <field label="Entered care"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$child/entered-care"/></xsl:call-template></field>
      <field label="Placement type"><xsl:call-template name="placement-type"><xsl:with-param name="v" select="string($pl/type)"/></xsl:call-template></field>
      <field label="Placement since"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$pl/start-date"/></xsl:call-template></field>
      <xsl:if test="$pl/in-authority">
        <field label="Placed in authority"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$pl/in-authority"/></xsl:call-template></field>
      </xsl:if>
      <xsl:if test="$pl/address">
        <field label="Placement address"><xsl:call-template name="address"><xsl:with-param name="a" select="$pl/address"/></xsl:call-template></field>
      </xsl:if>
      <field label="School">
        <xsl:call-template name="val">
          <xsl:with-param name="n" select="$sc/name"/><xsl:with-param name="c" select="$sc"/>
          <xsl:with-param name="none" select="'Not in education, employment or training'"/>
        </xsl:call-template>
      </field>
      <xsl:if test="$sc/address or $sc/@redacted">
        <field label="School address"><xsl:call-template name="address"><xsl:with-param name="a" select="$sc/address"/><xsl:with-param name="c" select="$sc"/></xsl:call-template></field>
      </xsl:if>
      <xsl:if test="$sc/start-date">
        <field label="At this school since"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$sc/start-date"/></xsl:call-template></field>
      </xsl:if>
      <field label="Year group"><xsl:call-template name="year-group"><xsl:with-param name="v" select="string($child/year-group)"/></xsl:call-template></field>
      <field label="Key stage"><xsl:call-template name="key-stage"><xsl:with-param name="v" select="string($child/key-stage)"/></xsl:call-template></field>
      <field label="SEND status"><xsl:call-template name="send-status"><xsl:with-param name="v" select="string($child/send/status)"/></xsl:call-template></field>
      <xsl:if test="$child/send/ehcp-date">
        <field label="EHCP issued"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$child/send/ehcp-date"/></xsl:call-template></field>
      </xsl:if>
      <field label="First language"><xsl:call-template name="val"><xsl:with-param name="n" select="$child/first-language"/><xsl:with-param name="none" select="'Not recorded'"/></xsl:call-template></field>
      <field label="Interpreter needed"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$child/interpreter-needed"/><xsl:with-param name="none" select="'Not recorded'"/></xsl:call-template></field>
      <field label="Unaccompanied asylum-seeking child"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$child/unaccompanied-asylum-seeking"/><xsl:with-param name="none" select="'Not recorded'"/></xsl:call-template></field>
      <field label="PEP type"><xsl:call-template name="pep-kind"><xsl:with-param name="v" select="string($t/@kind)"/></xsl:call-template></field>
      <field label="Term">
        <xsl:value-of select="$term-label"/>
        <xsl:text> (</xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="d" select="string($t/@start)"/></xsl:call-template>
        <xsl:text> to </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="d" select="string($t/@end)"/></xsl:call-template>
        <xsl:text>)</xsl:text>
      </field>
    </fields>
    <h level="2">Interests</h>
    <xsl:call-template name="text"><xsl:with-param name="n" select="$child/interests"/></xsl:call-template>
    <h level="2">Education history</h>
    <xsl:choose>
      <xsl:when test="$child/education-history/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$child/education-history/setting">
        <table>
          <columns><col width="6"/><col width="3"/><col width="3"/></columns>
          <head><cell>Setting</cell><cell>From</cell><cell>To</cell></head>
          <xsl:for-each select="$child/education-history/setting">
            <row>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="name"/><xsl:with-param name="c" select="."/></xsl:call-template></cell>
              <cell><xsl:call-template name="date-of"><xsl:with-param name="d" select="from"/></xsl:call-template></cell>
              <cell><xsl:call-template name="date-of"><xsl:with-param name="d" select="to"/><xsl:with-param name="none" select="'Current'"/></xsl:call-template></cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"/></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$child/birth-family">
      <h level="2">Birth family and contact</h>
      <xsl:call-template name="text"><xsl:with-param name="n" select="$child/birth-family"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The people around the child (everyone but the child), with role and contact. -->
  <xsl:template name="people">
    <xsl:variable name="ps" select="/pep-record/people/person[@role != 'child']"/>
    <h level="1">People involved</h>
    <xsl:choose>
      <xsl:when test="$ps">
        <table>
          <columns><col width="4"/><col width="4"/><col width="4"/><col width="5"/></columns>
          <head><cell>Role</cell><cell>Name</cell><cell>Organisation</cell><cell>Contact</cell></head>
          <xsl:for-each select="$ps">
            <row>
              <cell><xsl:call-template name="role"><xsl:with-param name="v" select="string(@role)"/></xsl:call-template></cell>
              <cell><xsl:call-template name="person-name"><xsl:with-param name="id" select="string(@id)"/></xsl:call-template></cell>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="organisation"/><xsl:with-param name="c" select="."/><xsl:with-param name="none" select="'–'"/></xsl:call-template></cell>
              <cell>
                <xsl:choose>
                  <xsl:when test="@redacted"><xsl:value-of select="$R"/></xsl:when>
                  <xsl:when test="not(email | phone)">–</xsl:when>
                  <xsl:otherwise>
                    <xsl:for-each select="email | phone">
                      <xsl:if test="position() &gt; 1"><br/></xsl:if>
                      <xsl:call-template name="val"><xsl:with-param name="n" select="."/></xsl:call-template>
                    </xsl:for-each>
                  </xsl:otherwise>
                </xsl:choose>
              </cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Attendance this term, then exclusions and suspensions. -->
  <xsl:template name="attendance">
    <xsl:variable name="a" select="$t/attendance"/>
    <h level="1">Attendance and exclusions</h>
    <xsl:choose>
      <xsl:when test="$a/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$a">
        <fields>
          <field label="Attendance this term"><xsl:call-template name="val"><xsl:with-param name="n" select="$a/percent"/></xsl:call-template>%</field>
          <xsl:if test="$a/sessions-possible">
            <field label="Sessions attended"><xsl:value-of select="concat($a/sessions-attended, ' of ', $a/sessions-possible)"/></field>
          </xsl:if>
          <field label="Part-time timetable"><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$a/part-time-timetable"/><xsl:with-param name="none" select="'No'"/></xsl:call-template></field>
          <field label="Alternative provision"><xsl:call-template name="val"><xsl:with-param name="n" select="$a/alternative-provision"/><xsl:with-param name="none" select="'None'"/></xsl:call-template></field>
        </fields>
        <xsl:if test="$a/notes">
          <xsl:call-template name="text"><xsl:with-param name="n" select="$a/notes"/></xsl:call-template>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'No attendance recorded for this term.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <h level="2">Exclusions and suspensions</h>
    <xsl:choose>
      <xsl:when test="$t/exclusions/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$t/exclusions/exclusion">
        <table>
          <columns><col width="3"/><col width="3"/><col width="2"/><col width="8"/></columns>
          <head><cell>Type</cell><cell>Start</cell><cell>Days</cell><cell>Reason</cell></head>
          <xsl:for-each select="$t/exclusions/exclusion">
            <row>
              <cell><xsl:call-template name="exclusion-type"><xsl:with-param name="v" select="string(@type)"/></xsl:call-template></cell>
              <cell><xsl:call-template name="date-of"><xsl:with-param name="d" select="@start"/></xsl:call-template></cell>
              <cell><xsl:value-of select="@days"/></cell>
              <cell>
                <xsl:choose>
                  <xsl:when test="@redacted"><xsl:value-of select="$R"/></xsl:when>
                  <xsl:otherwise><xsl:call-template name="text-inline"><xsl:with-param name="n" select="reason"/></xsl:call-template></xsl:otherwise>
                </xsl:choose>
              </cell>
            </row>
          </xsl:for-each>
        </table>
        <p><xsl:value-of select="concat('Total days lost to exclusion this term: ', sum($t/exclusions/exclusion/@days))"/></p>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'None this term.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- SEND status and this term's update, then SEMH (summary and SDQ score). -->
  <xsl:template name="send-semh">
    <xsl:variable name="s" select="$child/send"/>
    <h level="1">SEND and SEMH</h>
    <fields>
      <field label="SEND status"><xsl:call-template name="send-status"><xsl:with-param name="v" select="string($s/status)"/></xsl:call-template></field>
      <field label="Primary need"><xsl:call-template name="val"><xsl:with-param name="n" select="$s/primary-need"/><xsl:with-param name="none" select="'Not recorded'"/></xsl:call-template></field>
      <xsl:if test="$s/ehcp-date">
        <field label="EHCP issued"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$s/ehcp-date"/></xsl:call-template></field>
      </xsl:if>
      <xsl:if test="$s/ehcp-review-date">
        <field label="EHCP annual review"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$s/ehcp-review-date"/></xsl:call-template></field>
      </xsl:if>
    </fields>
    <h level="2">SEND update this term</h>
    <xsl:call-template name="text"><xsl:with-param name="n" select="$t/send-update"/></xsl:call-template>
    <h level="2">Social, emotional and mental health</h>
    <xsl:choose>
      <xsl:when test="$t/semh/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="text"><xsl:with-param name="n" select="$t/semh/summary"/></xsl:call-template>
        <xsl:if test="$t/semh/sdq-score">
          <fields>
            <field label="SDQ score"><xsl:call-template name="val"><xsl:with-param name="n" select="$t/semh/sdq-score"/></xsl:call-template></field>
          </fields>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Attainment and progress: one row per result this term. Baseline: the first result for
       the same subject and aspect in the earliest term that ends on or after the child entered
       care (and is not after this term); last term: the previous term's result; progress: see
       the template "progress" in common.xsl. Then a chart per core subject across the terms. -->
  <xsl:template name="attainment">
    <xsl:variable name="entered" select="number(translate($child/entered-care, '-', ''))"/>
    <xsl:variable name="now" select="number(translate($t/@start, '-', ''))"/>
    <xsl:variable name="prev-id" select="string($prev/@id)"/>
    <h level="1">Attainment and progress</h>
    <xsl:choose>
      <xsl:when test="$t/attainment/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$t/attainment/result">
        <table>
          <columns><col width="5"/><col width="3"/><col width="3"/><col width="3"/><col width="3"/><col width="3"/></columns>
          <head><cell>Subject</cell><cell>Baseline</cell><cell>Last term</cell><cell>This term</cell><cell>Target</cell><cell>Progress</cell></head>
          <xsl:for-each select="$t/attainment/result">
            <xsl:variable name="same" select="key('result', concat(@subject, '|', @aspect))"/>
            <xsl:variable name="base" select="$same[@current][number(translate(../../@end, '-', '')) &gt;= $entered]
                                                  [number(translate(../../@start, '-', '')) &lt;= $now][1]"/>
            <xsl:variable name="last" select="$same[../../@id = $prev-id]"/>
            <xsl:variable name="progress">
              <xsl:call-template name="progress"><xsl:with-param name="r" select="."/><xsl:with-param name="b" select="$base"/></xsl:call-template>
            </xsl:variable>
            <row>
              <cell>
                <xsl:value-of select="@subject"/>
                <xsl:if test="@aspect"><xsl:value-of select="concat(' – ', @aspect)"/></xsl:if>
                <xsl:if test="@scale = 'custom' and @scale-name"><br/><i><xsl:value-of select="@scale-name"/></i></xsl:if>
              </cell>
              <cell><xsl:call-template name="grade"><xsl:with-param name="r" select="$base"/></xsl:call-template></cell>
              <cell><xsl:call-template name="grade"><xsl:with-param name="r" select="$last"/></xsl:call-template></cell>
              <cell><xsl:call-template name="grade"><xsl:with-param name="r" select="."/></xsl:call-template></cell>
              <cell><xsl:call-template name="grade"><xsl:with-param name="r" select="."/><xsl:with-param name="a" select="'target'"/></xsl:call-template></cell>
              <cell>
                <xsl:choose>
                  <xsl:when test="$progress = 'Below expected'"><b><xsl:value-of select="$progress"/></b></xsl:when>
                  <xsl:when test="string($progress) != ''"><xsl:value-of select="$progress"/></xsl:when>
                  <xsl:otherwise>–</xsl:otherwise>
                </xsl:choose>
              </cell>
            </row>
          </xsl:for-each>
        </table>
        <p style="note">Baseline: the first result recorded after the child entered care. Last term: the previous term's result. Progress compares this term's result with a straight path from the baseline to the target at the end of the school year (summer term): On track: this term's result has reached that path; Above expected: the target is exceeded, or reached from below before it is due; Below expected: the result is under the path. "–": no baseline from an earlier term, no target, or a code that is not on an ordered scale.</p>
        <xsl:call-template name="core-charts">
          <xsl:with-param name="name" select="'English'"/>
          <xsl:with-param name="rs" select="$t/attainment/result[starts-with(@subject, 'English') or @subject = 'Reading' or @subject = 'Writing']"/>
        </xsl:call-template>
        <xsl:call-template name="core-charts">
          <xsl:with-param name="name" select="'Maths'"/>
          <xsl:with-param name="rs" select="$t/attainment/result[starts-with(@subject, 'Maths') or starts-with(@subject, 'Mathematics')]"/>
        </xsl:call-template>
        <xsl:call-template name="core-charts">
          <xsl:with-param name="name" select="'Science'"/>
          <xsl:with-param name="rs" select="$t/attainment/result[starts-with(@subject, 'Science') or starts-with(@subject, 'Combined Science')]"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'No attainment recorded for this term.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Charts of core subject `name` across the record's terms up to this one: one chart per
       grade scale among this term's results rs of that subject, one series per result (subject
       and aspect), one point per term (no value where that term has no result on the scale, or
       it is redacted). Only when some series has a result in an earlier term. Ordered codes are
       plotted by grade-rank; a chart on a coded scale carries <tick>s naming the codes and a
       note saying how they are plotted. -->
  <xsl:template name="core-charts">
    <xsl:param name="name"/>
    <xsl:param name="rs"/>
    <xsl:variable name="upto" select="$t/preceding-sibling::term | $t"/>
    <xsl:for-each select="$rs[not(@scale = preceding-sibling::result[count(. | $rs) = count($rs)]/@scale)][@scale != 'custom']">
      <xsl:variable name="scale" select="string(@scale)"/>
      <xsl:variable name="series" select="$rs[@scale = $scale]"/>
      <xsl:variable name="chart">
        <chart title="{concat($name, ': results by term')}">
          <xsl:attribute name="min">
            <xsl:choose>
              <xsl:when test="$scale = 'ks-ta' or $scale = 'eyfs-elg'">1</xsl:when>
              <xsl:when test="$scale = 'ks2-scaled'">80</xsl:when>
              <xsl:otherwise>0</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:attribute name="max">
            <xsl:choose>
              <xsl:when test="$scale = 'gcse'">9</xsl:when>
              <xsl:when test="$scale = 'ks-ta'">10</xsl:when>
              <xsl:when test="$scale = 'eyfs-elg'">2</xsl:when>
              <xsl:when test="$scale = 'ks2-scaled'">120</xsl:when>
              <xsl:when test="$scale = 'phonics'">40</xsl:when>
              <xsl:otherwise>100</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:attribute name="unit">
            <xsl:choose>
              <xsl:when test="$scale = 'gcse'">grade</xsl:when>
              <xsl:when test="$scale = 'ks-ta'">TA step</xsl:when>
              <xsl:when test="$scale = 'eyfs-elg'">ELG</xsl:when>
              <xsl:when test="$scale = 'percent'">%</xsl:when>
              <xsl:otherwise>score</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:choose>
            <xsl:when test="$scale = 'gcse'"><tick value="0" label="U"/></xsl:when>
            <xsl:when test="$scale = 'eyfs-elg'"><tick value="1" label="1 emerging"/><tick value="2" label="2 expected"/></xsl:when>
            <xsl:when test="$scale = 'ks-ta'">
              <tick value="1" label="PK1"/><tick value="2" label="PK2"/><tick value="3" label="PK3"/>
              <tick value="4" label="PK4"/><tick value="5" label="PK5"/><tick value="6" label="PK6"/>
              <tick value="7" label="HNM"/><tick value="8" label="WTS"/><tick value="9" label="EXS"/>
              <tick value="10" label="GDS"/>
            </xsl:when>
          </xsl:choose>
          <xsl:for-each select="$series">
            <xsl:variable name="same" select="key('result', concat(@subject, '|', @aspect))"/>
            <series name="{concat(@subject, substring(concat(' – ', @aspect), 1, 3 * boolean(@aspect) + string-length(@aspect)))}">
              <xsl:for-each select="$upto">
                <xsl:variable name="r" select="$same[../../@id = current()/@id][not(../@redacted)][@scale = $scale]"/>
                <xsl:variable name="v"><xsl:call-template name="grade-rank"><xsl:with-param name="scale" select="$scale"/><xsl:with-param name="v" select="string($r/@current)"/></xsl:call-template></xsl:variable>
                <point label="{concat(translate(substring(substring-after(@id, '-'), 1, 1), 'asw', 'ASW'), substring(substring-after(@id, '-'), 2), ' ', substring-before(@id, '-'))}">
                  <xsl:if test="$v != ''">
                    <xsl:attribute name="value"><xsl:value-of select="$v"/></xsl:attribute>
                    <xsl:attribute name="text"><xsl:value-of select="$r/@current"/></xsl:attribute>
                  </xsl:if>
                </point>
              </xsl:for-each>
            </series>
          </xsl:for-each>
        </chart>
      </xsl:variable>
      <!-- libxslt's own node-set() (as EXSLT's exsl:node-set: libexslt is then not loaded) -->
      <xsl:variable name="cn" select="lx:node-set($chart)/chart"/>
      <!-- teacher assessment without pre-key-stage codes: the axis starts just below HNM -->
      <xsl:variable name="min" select="$cn/@min + 5 * ($scale = 'ks-ta' and not($cn/series/point[@value &lt; 7]))"/>
      <xsl:if test="$cn/series/point[position() != last()]/@value">
        <chart title="{$cn/@title}" min="{$min}" max="{$cn/@max}" unit="{$cn/@unit}">
          <xsl:copy-of select="$cn/tick[@value &gt;= $min] | $cn/series"/>
        </chart>
        <xsl:choose>
          <xsl:when test="$scale = 'gcse'"><p style="note">GCSE grades 9–1; U is plotted as 0.</p></xsl:when>
          <xsl:when test="$scale = 'ks-ta'"><p style="note">Teacher assessment codes plotted as steps: 1–6 = PK1–PK6, 7 = HNM (has not met), 8 = WTS (working towards), 9 = EXS (expected standard), 10 = GDS (greater depth).</p></xsl:when>
          <xsl:when test="$scale = 'eyfs-elg'"><p style="note">Early learning goals: 1 = emerging, 2 = expected.</p></xsl:when>
        </xsl:choose>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Attribute a (current or target) of result r, with the meaning of EYFS and key stage
       teacher-assessment codes; "–" if none, "[REDACTED]" if redacted. -->
  <xsl:template name="grade">
    <xsl:param name="r"/>
    <xsl:param name="a" select="'current'"/>
    <xsl:variable name="v" select="$r/@*[local-name() = $a]"/>
    <xsl:choose>
      <xsl:when test="$r/@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:when test="string($v) = ''">–</xsl:when>
      <xsl:when test="$r/@scale = 'eyfs-elg' and $v = '1'">1 (emerging)</xsl:when>
      <xsl:when test="$r/@scale = 'eyfs-elg' and $v = '2'">2 (expected)</xsl:when>
      <xsl:when test="$r/@scale = 'eyfs-elg' and $v = 'A'">A (unable to assess)</xsl:when>
      <xsl:when test="$r/@scale = 'ks-ta' and $v = 'GDS'">GDS (greater depth)</xsl:when>
      <xsl:when test="$r/@scale = 'ks-ta' and $v = 'EXS'">EXS (expected standard)</xsl:when>
      <xsl:when test="$r/@scale = 'ks-ta' and $v = 'WTS'">WTS (working towards)</xsl:when>
      <xsl:when test="$r/@scale = 'ks-ta' and $v = 'HNM'">HNM (has not met)</xsl:when>
      <xsl:when test="$r/@scale = 'percent'"><xsl:value-of select="concat($v, '%')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The child's voice: each question in bold, then the answer. -->
  <xsl:template name="child-voice">
    <xsl:variable name="cv" select="$t/child-voice"/>
    <h level="1">The child's voice</h>
    <xsl:choose>
      <xsl:when test="$cv/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$cv/answer">
        <xsl:if test="$cv/@how-captured">
          <p style="note"><xsl:value-of select="concat('How captured: ', $cv/@how-captured)"/></p>
        </xsl:if>
        <xsl:for-each select="$cv/answer">
          <p><b><xsl:value-of select="@question"/></b></p>
          <xsl:call-template name="text"><xsl:with-param name="n" select="."/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'The child’s voice was not recorded this term.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The carer's section and the social worker's update. -->
  <xsl:template name="carer-social-worker">
    <xsl:variable name="sw" select="$t/social-worker-update"/>
    <h level="1">The carer's view</h>
    <xsl:call-template name="text"><xsl:with-param name="n" select="$t/carer-section"/></xsl:call-template>
    <h level="1">Social worker's update</h>
    <xsl:choose>
      <xsl:when test="$sw/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$sw/*">
        <h level="2">Education</h>
        <xsl:call-template name="text"><xsl:with-param name="n" select="$sw/education"/></xsl:call-template>
        <h level="2">Health</h>
        <xsl:call-template name="text"><xsl:with-param name="n" select="$sw/health"/></xsl:call-template>
        <h level="2">Care journey</h>
        <xsl:call-template name="text"><xsl:with-param name="n" select="$sw/care-journey"/></xsl:call-template>
        <h level="2">Priorities</h>
        <xsl:call-template name="text"><xsl:with-param name="n" select="$sw/priorities"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="strengths-barriers">
    <h level="1">Strengths and barriers</h>
    <h level="2">Strengths</h>
    <xsl:call-template name="items"><xsl:with-param name="n" select="$t/strengths"/></xsl:call-template>
    <h level="2">Barriers to learning</h>
    <xsl:call-template name="items"><xsl:with-param name="n" select="$t/barriers"/></xsl:call-template>
  </xsl:template>

  <!-- Interventions: what, who, when, where, how often, cost. -->
  <xsl:template name="interventions">
    <h level="1">Interventions</h>
    <xsl:choose>
      <xsl:when test="$t/interventions/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$t/interventions/intervention">
        <table>
          <columns><col width="5"/><col width="4"/><col width="4"/><col width="4"/><col width="4"/><col width="3"/></columns>
          <head><cell>What</cell><cell>Who</cell><cell>When</cell><cell>Where</cell><cell>How often</cell><cell>Cost</cell></head>
          <xsl:for-each select="$t/interventions/intervention">
            <row>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="what"/><xsl:with-param name="c" select="."/></xsl:call-template></cell>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="who"/><xsl:with-param name="c" select="."/></xsl:call-template></cell>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="when"/><xsl:with-param name="c" select="."/></xsl:call-template></cell>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="where"/><xsl:with-param name="c" select="."/><xsl:with-param name="none" select="'–'"/></xsl:call-template></cell>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="frequency"/><xsl:with-param name="c" select="."/></xsl:call-template></cell>
              <cell>
                <xsl:choose>
                  <xsl:when test="@redacted or cost/@redacted"><xsl:value-of select="$R"/></xsl:when>
                  <xsl:when test="cost"><xsl:call-template name="money"><xsl:with-param name="v" select="cost"/></xsl:call-template></xsl:when>
                  <xsl:otherwise>–</xsl:otherwise>
                </xsl:choose>
              </cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The previous term's targets with their status and evaluation. -->
  <xsl:template name="previous-targets">
    <h level="1">Evaluation of last term's targets</h>
    <xsl:choose>
      <xsl:when test="not($prev)">
        <xsl:call-template name="empty"><xsl:with-param name="msg" select="'No previous term in this record.'"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$prev/targets/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$prev/targets/target">
        <xsl:variable name="prev-label">
          <xsl:call-template name="term-name"><xsl:with-param name="id" select="string($prev/@id)"/></xsl:call-template>
        </xsl:variable>
        <table caption="{concat('Targets set in ', $prev-label)}">
          <columns><col width="6"/><col width="15"/><col width="7"/><col width="7"/><col width="15"/></columns>
          <head><cell>Target</cell><cell>Area and target</cell><cell>Due</cell><cell>Status</cell><cell>Evaluation</cell></head>
          <xsl:for-each select="$prev/targets/target">
            <row>
              <cell><xsl:value-of select="@id"/></cell>
              <cell><xsl:call-template name="area-what"/></cell>
              <cell><xsl:call-template name="date-of"><xsl:with-param name="d" select="@due"/></xsl:call-template></cell>
              <cell><xsl:call-template name="words"><xsl:with-param name="v" select="string(@status)"/></xsl:call-template></cell>
              <cell>
                <xsl:choose>
                  <xsl:when test="@redacted"><xsl:value-of select="$R"/></xsl:when>
                  <xsl:otherwise><xsl:call-template name="text-inline"><xsl:with-param name="n" select="evaluation"/><xsl:with-param name="none" select="'Not yet evaluated'"/></xsl:call-template></xsl:otherwise>
                </xsl:choose>
              </cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'No targets were set last term.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Inline content for the current target: its area in bold, a line break, what it is. -->
  <xsl:template name="area-what">
    <xsl:choose>
      <xsl:when test="@redacted"><xsl:value-of select="$R"/></xsl:when>
      <xsl:otherwise>
        <b><xsl:call-template name="val"><xsl:with-param name="n" select="area"/></xsl:call-template></b>
        <br/>
        <xsl:call-template name="val"><xsl:with-param name="n" select="what"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- This term's SMART targets: area, what, measure, owner, set, due, status. -->
  <xsl:template name="new-targets">
    <h level="1">New SMART targets this term</h>
    <xsl:choose>
      <xsl:when test="$t/targets/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$t/targets/target">
        <table>
          <columns><col width="6"/><col width="14"/><col width="10"/><col width="7"/><col width="8"/><col width="6"/></columns>
          <head><cell>Target</cell><cell>Area and target</cell><cell>Measure</cell><cell>Owner</cell><cell>Set and due</cell><cell>Status</cell></head>
          <xsl:for-each select="$t/targets/target">
            <row>
              <cell><xsl:value-of select="@id"/></cell>
              <cell>
                <xsl:call-template name="area-what"/>
                <xsl:if test="support and not(@redacted)">
                  <br/><i><xsl:value-of select="concat('Support: ', normalize-space(support))"/></i>
                </xsl:if>
              </cell>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="measure"/><xsl:with-param name="c" select="."/></xsl:call-template></cell>
              <cell><xsl:call-template name="person-name"><xsl:with-param name="id" select="string(@owner)"/></xsl:call-template></cell>
              <cell>
                <xsl:text>Set </xsl:text>
                <xsl:call-template name="date-of"><xsl:with-param name="d" select="@set"/></xsl:call-template>
                <br/>
                <xsl:text>Due </xsl:text>
                <xsl:call-template name="date-of"><xsl:with-param name="d" select="@due"/></xsl:call-template>
              </cell>
              <cell><xsl:call-template name="words"><xsl:with-param name="v" select="string(@status)"/></xsl:call-template></cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'No targets set this term.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Pupil Premium Plus: this term's request (items, amounts, linked targets, total) and the
       impact of last term's spend. -->
  <xsl:template name="pupil-premium-plus">
    <xsl:variable name="pp" select="$t/pupil-premium-plus"/>
    <h level="1">Pupil Premium Plus</h>
    <xsl:choose>
      <xsl:when test="$pp/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$pp">
        <fields>
          <field label="Request status"><xsl:call-template name="words"><xsl:with-param name="v" select="string($pp/@status)"/></xsl:call-template></field>
        </fields>
        <h level="2">Request this term</h>
        <table>
          <columns><col width="8"/><col width="3"/><col width="5"/></columns>
          <head><cell>What for</cell><cell>Amount</cell><cell>Linked targets</cell></head>
          <xsl:for-each select="$pp/request">
            <row>
              <cell><xsl:call-template name="val"><xsl:with-param name="n" select="what"/><xsl:with-param name="c" select="."/></xsl:call-template></cell>
              <cell><xsl:call-template name="money"><xsl:with-param name="v" select="@amount"/></xsl:call-template></cell>
              <cell>
                <xsl:choose>
                  <xsl:when test="normalize-space(@targets) != ''"><xsl:call-template name="comma-list"><xsl:with-param name="s" select="normalize-space(@targets)"/></xsl:call-template></xsl:when>
                  <xsl:otherwise>None</xsl:otherwise>
                </xsl:choose>
              </cell>
            </row>
          </xsl:for-each>
          <row>
            <cell><b>Total</b></cell>
            <cell><b><xsl:call-template name="money"><xsl:with-param name="v" select="sum($pp/request/@amount)"/></xsl:call-template></b></cell>
            <cell/>
          </row>
        </table>
        <h level="2">Impact of last term's Pupil Premium Plus</h>
        <xsl:call-template name="text"><xsl:with-param name="n" select="$pp/impact"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="empty"><xsl:with-param name="msg" select="'No Pupil Premium Plus request this term.'"/></xsl:call-template>
        <h level="2">Impact of last term's Pupil Premium Plus</h>
        <xsl:call-template name="empty"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="transition">
    <xsl:variable name="tr" select="$t/transition"/>
    <h level="1">Transition plan</h>
    <xsl:choose>
      <xsl:when test="$tr/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:when test="$tr">
        <fields>
          <field label="Transition"><xsl:call-template name="transition-stage"><xsl:with-param name="v" select="string($tr/@stage)"/></xsl:call-template></field>
        </fields>
        <xsl:call-template name="text"><xsl:with-param name="n" select="$tr/plan"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="msg" select="'No transition plan recorded.'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The designated teacher's summary and sign-off (name and date). -->
  <xsl:template name="sign-off">
    <xsl:variable name="d" select="$t/designated-teacher-summary"/>
    <h level="1">Designated teacher's summary and sign-off</h>
    <xsl:choose>
      <xsl:when test="$d/@redacted"><p><xsl:value-of select="$R"/></p></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="text"><xsl:with-param name="n" select="$d/summary"/></xsl:call-template>
        <fields>
          <xsl:choose>
            <xsl:when test="$d/signed-off">
              <field label="Signed off by"><xsl:call-template name="person-name"><xsl:with-param name="id" select="string($d/signed-off/@by)"/></xsl:call-template></field>
              <field label="Date"><xsl:call-template name="date-of"><xsl:with-param name="d" select="$d/signed-off/@date"/></xsl:call-template></field>
            </xsl:when>
            <xsl:otherwise>
              <field label="Signed off by">Not yet signed off</field>
            </xsl:otherwise>
          </xsl:choose>
        </fields>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
