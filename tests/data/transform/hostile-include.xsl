<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile test stylesheet: includes a stylesheet from outside the data folder (the test
     replaces OUTSIDE_PATH with tests/data/transform/outside.xsl). Must be refused. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="OUTSIDE_PATH"/>
  <xsl:template match="/">
    <document type="hostile"><meta><title>t</title><marking>OFFICIAL-SENSITIVE</marking><footer>f</footer></meta>
      <body><p><xsl:call-template name="outside"/></p></body></document>
  </xsl:template>
</xsl:stylesheet>
