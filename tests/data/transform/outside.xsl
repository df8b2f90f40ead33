<?xml version="1.0" encoding="UTF-8"?>
<!-- Test stylesheet outside the data folder, for hostile-include.xsl. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="outside">included from outside</xsl:template>
</xsl:stylesheet>
