<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile test stylesheet: tries to read /etc/passwd and an XML file outside the data folder
     (the test replaces SECRET_PATH) with document(). Must be refused. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <document type="hostile"><meta><title>t</title><marking>OFFICIAL-SENSITIVE</marking><footer>f</footer></meta>
      <body><p><xsl:value-of select="document('/etc/passwd')"/></p><p><xsl:copy-of select="document('file:///etc/passwd')"/></p><p><xsl:value-of select="document('SECRET_PATH')"/></p></body></document>
  </xsl:template>
</xsl:stylesheet>
