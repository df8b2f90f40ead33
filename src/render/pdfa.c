/*
 * pdfa.c: PDF/A-2b objects for a libharu document (see pdfa.h): the XMP metadata stream built
 * from the Info dictionary, the OutputIntent (sRGB, or labelled from the configured profile), and the content-derived /ID patched into the
 * saved file. Reaches into libharu 2.3.0's installed internal header hpdf_doc.h for the
 * catalog, Info and trailer dictionaries, as pdf.c does.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "core/fingerprint.h"
#include "render/pdfa.h"

#include <ctype.h>
#include <errno.h>
#include <unistd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>

#define ICC_MAX (1u << 20)   /* a profile over 1 MB is not an sRGB profile */

/* The ICC profile, read once per process. */
static pthread_mutex_t icc_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *icc_data;
static size_t icc_len;
static char icc_label[128];   /* the profile's description (its 'desc' tag), printable ASCII */
static int icc_srgb;          /* the description names sRGB: the registered output condition */

/* The big-endian 32-bit number at p. */
static size_t be32(const unsigned char *p)
{
	return (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
}

/*
 * The description of the ICC profile p (n bytes, header checked) into out (size bytes): its
 * 'desc' tag, a textDescriptionType (ICC v2: ASCII) or multiLocalizedUnicodeType (v4: the first
 * record, UTF-16BE), kept to printable ASCII ('?' for anything else). Every offset and length is
 * checked against n. 1 if a non-empty description was found, else 0.
 */
static int icc_description(const unsigned char *p, size_t n, char *out, size_t size)
{
	size_t count, i, k = 0;

	out[0] = '\0';
	if (n < 132)
		return 0;
	count = be32(p + 128);
	if (count > (n - 132) / 12)
		return 0;
	for (i = 0; i < count; i++) {
		const unsigned char *t = p + 132 + 12 * i;
		size_t off = be32(t + 4), sz = be32(t + 8);

		if (memcmp(t, "desc", 4) != 0 || off > n || sz > n - off || sz < 12)
			continue;
		t = p + off;
		if (memcmp(t, "desc", 4) == 0) {
			size_t len = be32(t + 8), j;

			if (len > sz - 12)
				len = sz - 12;
			for (j = 0; j < len && t[12 + j] != '\0' && k + 1 < size; j++)
				out[k++] = t[12 + j] >= 0x20 && t[12 + j] < 0x7f ? (char)t[12 + j] : '?';
		} else if (memcmp(t, "mluc", 4) == 0 && sz >= 28 && be32(t + 8) >= 1 && be32(t + 12) >= 12) {
			size_t len = be32(t + 20), so = be32(t + 24), j;

			if (so > sz || len > sz - so)
				break;
			for (j = 0; j + 1 < len && k + 1 < size; j += 2) {
				unsigned c = (unsigned)t[so + j] << 8 | t[so + j + 1];
				if (c == 0)
					break;
				out[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
			}
		}
		break;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return k > 0;
}

int pdfa_fingerprint(fp_ctx *c, pk_error *err)
{
	const char *path = getenv("PEPKIT_ICC_PROFILE");

	if (!path || !*path)
		path = PDFA_ICC_DEFAULT;
	if (access(path, R_OK) != 0) {
		fp_add_field(c, "icc absent", path);   /* PDF/A copies fail with the reason */
		return PK_OK;
	}
	return fp_add_file(c, "icc", path, err);
}

/* Read and check the ICC profile into icc_data (caller holds icc_lock). PK_OK or PK_EIO with
 * err naming the file and what is wrong. */
static int icc_load(pk_error *err)
{
	const char *path = getenv("PEPKIT_ICC_PROFILE");
	unsigned char *p = NULL;
	size_t n = 0;
	FILE *f;
	int rc = PK_OK;

	if (icc_data)
		return PK_OK;
	if (!path || !*path)
		path = PDFA_ICC_DEFAULT;
	f = fopen(path, "rb");
	if (!f)
		return pk_error_set(err, PK_EIO, "cannot read the ICC profile '%s': %s (install icc-profiles-free "
				    "or set PEPKIT_ICC_PROFILE)", path, strerror(errno));
	p = malloc(ICC_MAX + 1);
	if (!p) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory reading '%s'", path);
		goto out;
	}
	n = fread(p, 1, ICC_MAX + 1, f);
	if (ferror(f)) {
		rc = pk_error_set(err, PK_EIO, "cannot read the ICC profile '%s'", path);
		goto out;
	}
	/* ICC.1 header: size at 0, data colour space at 16, signature 'acsp' at 36 */
	if (n < 128 || n > ICC_MAX || memcmp(p + 36, "acsp", 4) != 0 || memcmp(p + 16, "RGB ", 4) != 0 ||
	    ((size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3]) != n) {
		rc = pk_error_set(err, PK_EIO, "'%s' is not an RGB ICC profile", path);
		goto out;
	}
	/* the output intent is labelled from the profile itself: another profile than sRGB must
	 * not be called sRGB in every archived copy */
	if (!icc_description(p, n, icc_label, sizeof(icc_label))) {
		rc = pk_error_set(err, PK_EIO, "'%s' has no description ('desc' tag) to label the PDF/A "
				  "output intent with", path);
		goto out;
	}
	icc_srgb = strncmp(icc_label, "sRGB", 4) == 0;
	icc_data = p;
	icc_len = n;
	p = NULL;
out:
	free(p);
	fclose(f);
	return rc;
}

void pdfa_cleanup(void)
{
	pthread_mutex_lock(&icc_lock);
	free(icc_data);
	icc_data = NULL;
	icc_len = 0;
	icc_label[0] = '\0';
	icc_srgb = 0;
	pthread_mutex_unlock(&icc_lock);
}

/* 1 if s is a valid "YYYY-MM-DD" date (month 1-12, day 1-31). */
static int valid_date(const char *s)
{
	int i, m, d;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	if (s[10] != '\0')
		return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Append one XMP property <name>value</name> (escaped) if value is set. */
static int xmp_simple(pk_buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return PK_OK;
	if (buf_printf(b, "   <%s>", name) || buf_put_xml(b, value) || buf_printf(b, "</%s>\n", name))
		return PK_ENOMEM;
	return PK_OK;
}

/* Append a language alternative <name><rdf:Alt><rdf:li xml:lang="x-default">value... if set. */
static int xmp_alt(pk_buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return PK_OK;
	if (buf_printf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", name) || buf_put_xml(b, value) ||
	    buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", name))
		return PK_ENOMEM;
	return PK_OK;
}

/* Build the XMP packet from the Info values into b. xmpdate is "YYYY-MM-DDT00:00:00+00:00" or
 * NULL. PK_OK or PK_ENOMEM. */
static int build_xmp(HPDF_Doc pdf, const pdfa_text *t, const char *xmpdate, pk_buf *b)
{
	int rc = 0;

	rc |= buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		       " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		       "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
		       "   <pdfaid:part>2</pdfaid:part>\n"
		       "   <pdfaid:conformance>B</pdfaid:conformance>\n"
		       "  </rdf:Description>\n"
		       "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		       "   <dc:format>application/pdf</dc:format>\n");
	rc |= xmp_alt(b, "dc:title", t ? t->title : NULL);
	rc |= xmp_alt(b, "dc:description", t ? t->subject : NULL);
	rc |= buf_puts(b, "  </rdf:Description>\n"
		       "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	rc |= xmp_simple(b, "xmp:CreatorTool", HPDF_GetInfoAttr(pdf, HPDF_INFO_CREATOR));
	rc |= xmp_simple(b, "xmp:CreateDate", xmpdate);
	rc |= xmp_simple(b, "xmp:ModifyDate", xmpdate);
	rc |= buf_puts(b, "  </rdf:Description>\n"
		       "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	rc |= xmp_simple(b, "pdf:Producer", HPDF_GetInfoAttr(pdf, HPDF_INFO_PRODUCER));
	rc |= xmp_simple(b, "pdf:Keywords", t ? t->keywords : NULL);
	rc |= buf_puts(b, "  </rdf:Description>\n"
		       " </rdf:RDF>\n"
		       "</x:xmpmeta>\n"
		       "<?xpacket end=\"w\"?>");
	return rc ? PK_ENOMEM : PK_OK;
}

/* A new stream object in pdf's cross-reference table holding len bytes (filter: flate or
 * none). NULL on failure (libharu's error is set). */
static HPDF_Dict new_stream(HPDF_Doc pdf, const void *data, size_t len, HPDF_UINT filter)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);

	if (!s)
		return NULL;
	s->filter = filter;
	if (HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) != HPDF_OK)
		return NULL;
	return s;
}

int pdfa_prepare(HPDF_Doc pdf, const pdfa_text *text, const char *date, pk_error *err)
{
	char infodate[32], xmpdate[32];
	pk_buf xmp = PK_BUF_INIT;
	HPDF_Dict meta, intent, profile, info;
	HPDF_Array intents, id;
	unsigned char zero[16];
	int rc = PK_OK, bad = 0;

	if (date && !valid_date(date))
		return pk_error_set(err, PK_EINVAL, "'%s' is not a date (YYYY-MM-DD)", date);
	pthread_mutex_lock(&icc_lock);
	rc = icc_load(err);
	pthread_mutex_unlock(&icc_lock);
	if (rc)
		return rc;

	pdf->pdf_version = HPDF_VER_17;
	/* HPDF_GetInfoAttr makes the Info dictionary if there is none yet */
	(void)HPDF_GetInfoAttr(pdf, HPDF_INFO_PRODUCER);
	info = pdf->info;
	if (!info)
		return pk_error_set(err, PK_ENOMEM, "out of memory writing PDF/A metadata");
	if (date) {
		snprintf(infodate, sizeof(infodate), "D:%.4s%.2s%.2s000000+00'00'", date, date + 5, date + 8);
		snprintf(xmpdate, sizeof(xmpdate), "%sT00:00:00+00:00", date);
		bad |= HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(pdf->mmgr, infodate, NULL)) != HPDF_OK;
		bad |= HPDF_Dict_Add(info, "ModDate", HPDF_String_New(pdf->mmgr, infodate, NULL)) != HPDF_OK;
	}
	if (build_xmp(pdf, text, date ? xmpdate : NULL, &xmp) != PK_OK) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory writing PDF/A metadata");
		goto out;
	}
	/* the metadata stream stays unfiltered so the XMP packet can be found by scanning */
	meta = new_stream(pdf, xmp.data, xmp.len, HPDF_STREAM_FILTER_NONE);
	bad |= !meta;
	if (meta) {
		bad |= HPDF_Dict_AddName(meta, "Type", "Metadata") != HPDF_OK;
		bad |= HPDF_Dict_AddName(meta, "Subtype", "XML") != HPDF_OK;
		bad |= HPDF_Dict_Add(pdf->catalog, "Metadata", meta) != HPDF_OK;
	}

	profile = new_stream(pdf, icc_data, icc_len, HPDF_STREAM_FILTER_FLATE_DECODE);
	bad |= !profile;
	if (profile)
		bad |= HPDF_Dict_AddNumber(profile, "N", 3) != HPDF_OK;
	intent = HPDF_Dict_New(pdf->mmgr);
	bad |= !intent;
	if (intent && profile) {
		bad |= HPDF_Dict_AddName(intent, "Type", "OutputIntent") != HPDF_OK;
		bad |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1") != HPDF_OK;
		/* sRGB: the registered condition (ICC registry); any other: "Custom", described by
		 * the profile's own description */
		bad |= HPDF_Dict_Add(intent, "OutputConditionIdentifier",
				     HPDF_String_New(pdf->mmgr, icc_srgb ? "sRGB IEC61966-2.1" : "Custom",
						     NULL)) != HPDF_OK;
		if (icc_srgb)
			bad |= HPDF_Dict_Add(intent, "RegistryName",
					     HPDF_String_New(pdf->mmgr, "http://www.color.org", NULL)) != HPDF_OK;
		bad |= HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, icc_srgb ? "sRGB IEC61966-2.1" :
								     icc_label, NULL)) != HPDF_OK;
		bad |= HPDF_Dict_Add(intent, "DestOutputProfile", profile) != HPDF_OK;
	}
	intents = HPDF_Array_New(pdf->mmgr);
	bad |= !intents;
	if (intents && intent) {
		bad |= HPDF_Array_Add(intents, intent) != HPDF_OK;
		bad |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents) != HPDF_OK;
	}

	/* placeholder /ID: 2 x 16 zero bytes, replaced after saving by pdfa_set_id() */
	memset(zero, 0, sizeof(zero));
	id = HPDF_Array_New(pdf->mmgr);
	bad |= !id;
	if (id) {
		bad |= HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, zero, sizeof(zero))) != HPDF_OK;
		bad |= HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, zero, sizeof(zero))) != HPDF_OK;
		bad |= HPDF_Dict_Add(pdf->trailer, "ID", id) != HPDF_OK;
	}
	if (bad)
		rc = pk_error_set(err, PK_ENOMEM, "writing the PDF/A objects failed (libharu error 0x%04X)",
				  (unsigned)HPDF_GetError(pdf));
out:
	buf_free(&xmp);
	return rc;
}

/* Find the last occurrence of needle (n bytes) in the len bytes at hay; NULL if none. */
static char *find_last(char *hay, size_t len, const char *needle, size_t n)
{
	size_t i;

	if (len < n)
		return NULL;
	for (i = len - n + 1; i-- > 0;)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

int pdfa_set_id(char *data, size_t len, pk_error *err)
{
	static const char zeros[32] = "00000000000000000000000000000000";
	char *t = find_last(data, len, "trailer", 7), *p, *half[2];
	char hex[FP_HEX_LEN + 1];
	size_t rest;
	int i;

	if (!t)
		goto missing;
	rest = len - (size_t)(t - data);
	p = memmem(t, rest, "/ID", 3);
	for (i = 0; p && i < 2; i++) {
		p = memchr(p, '<', rest - (size_t)(p - t));
		if (!p || (size_t)(p - t) + 34 > rest || memcmp(p + 1, zeros, 32) != 0 || p[33] != '>')
			goto missing;
		half[i] = p + 1;
		p += 34;
	}
	if (!p)
		goto missing;
	if (fp_sha256_hex(data, len, hex) != PK_OK)
		return pk_error_set(err, PK_EINTERNAL, "cannot hash the PDF for its /ID: libcrypto cannot be loaded");
	for (i = 0; i < 32; i++)
		hex[i] = (char)toupper((unsigned char)hex[i]);
	memcpy(half[0], hex, 32);
	memcpy(half[1], hex, 32);
	return PK_OK;
missing:
	return pk_error_set(err, PK_EINTERNAL, "the saved PDF has no /ID placeholder");
}
