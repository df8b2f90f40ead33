<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile test stylesheet: tries to write a file with exsl:document (the test replaces
     OUTPUT_PATH with a path in its temp folder). Must be refused; nothing may be written. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:template match="/">
    <exsl:document href="OUTPUT_PATH" method="text">pwned</exsl:document>
    <document type="hostile"><meta><title>t</title><marking>OFFICIAL-SENSITIVE</marking><footer>f</footer></meta><body/></document>
  </xsl:template>
</xsl:stylesheet>
