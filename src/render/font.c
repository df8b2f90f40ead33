/*
 * font.c: the font fallback chain (templates/fonts.conf), faces loaded once per process through
 * HarfBuzz, the per-document record of glyphs drawn and the text they stand for, and real font
 * subsets made with hb-subset (contract in font.h).
 *
 * Chains are cached per font folder ($PEPKIT_FONTDIR, or "" for the configured folders) under
 * one lock and never change after loading, so threads read them without locking. The subsetter
 * reads, for each face, a face built (once per process, hb_face_builder) from only the tables a
 * PDF keeps, so it computes no Unicode mapping and no layout closure.
 */
#include "core/pepkit.h"
#include "render/font.h"
#include "render/text.h"
#include "core/fingerprint.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

/* The configured files of one chain before loading: path per family and style ("" none). */
typedef struct conf {
	int nfam;
	char family[FONT_MAX_FAMILIES][64];
	char path[FONT_MAX_FAMILIES][FONT_NSTYLES][512];
	int scripts[FONT_MAX_FAMILIES][8];
	int nscripts[FONT_MAX_FAMILIES];
} conf;

/* A loaded chain and the font folder it was loaded for. */
typedef struct chain_entry {
	struct chain_entry *next;
	char *dir;
	font_chain c;
} chain_entry;

static pthread_mutex_t font_lock = PTHREAD_MUTEX_INITIALIZER;
static chain_entry *chains;

/* Free face f and what it holds. Accepts NULL. */
static void face_free(font_face *f)
{
	if (!f)
		return;
	hb_face_destroy(f->prep);
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->psname);
	free(f->path);
	free(f);
}

/* Big-endian 16-bit value at p. */
static int be16s(const unsigned char *p)
{
	return (short)(unsigned short)((p[0] << 8) | p[1]);
}

/* Load the font file at path. Returns the face, or NULL when it cannot be read or is not a
 * font HarfBuzz can use (nothing is left allocated). */
static font_face *face_load(const char *path)
{
	font_face *f = calloc(1, sizeof(*f));
	hb_blob_t *t = NULL;
	unsigned len = 0, g;
	char name[128];
	unsigned nlen = sizeof(name);
	hb_font_extents_t ext;
	hb_position_t cap = 0;

	if (!f || !(f->path = strdup(path)))
		goto fail;
	f->blob = hb_blob_create_from_file_or_fail(path);
	if (!f->blob)
		goto fail;
	f->face = hb_face_create(f->blob, 0);
	f->upem = hb_face_get_upem(f->face);
	f->nglyphs = hb_face_get_glyph_count(f->face);
	if (f->nglyphs == 0 || f->upem < 16 || f->upem > 16384)
		goto fail;
	f->font = hb_font_create(f->face);
	hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
	hb_font_make_immutable(f->font);
	/* PostScript name: letters, digits and '-' */
	if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &nlen, name) == 0)
		snprintf(name, sizeof(name), "Font");
	{
		char *p, *q;
		for (p = q = name; *p; p++)
			if (isalnum((unsigned char)*p) || *p == '-')
				*q++ = *p;
		*q = '\0';
		if (!*name)
			snprintf(name, sizeof(name), "Font");
	}
	if (!(f->psname = strdup(name)))
		goto fail;
	hb_font_get_h_extents(f->font, &ext);
	f->ascent = (int)((long)ext.ascender * 1000 / (long)f->upem);
	f->descent = (int)((long)ext.descender * 1000 / (long)f->upem);
	if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) && cap > 0)
		f->cap_height = (int)((long)cap * 1000 / (long)f->upem);
	else
		f->cap_height = f->ascent;
	t = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
	{
		const unsigned char *p = (const unsigned char *)hb_blob_get_data(t, &len);
		if (p && len >= 44)
			for (g = 0; g < 4; g++)
				f->bbox[g] = (int)((long)be16s(p + 36 + 2 * g) * 1000 / (long)f->upem);
	}
	hb_blob_destroy(t);
	t = hb_face_reference_table(f->face, HB_TAG('p', 'o', 's', 't'));
	{
		const unsigned char *p = (const unsigned char *)hb_blob_get_data(t, &len);
		if (p && len >= 8)
			f->italic_angle = be16s(p + 4);
	}
	hb_blob_destroy(t);
	t = hb_face_reference_table(f->face, HB_TAG('O', 'S', '/', '2'));
	{
		const unsigned char *p = (const unsigned char *)hb_blob_get_data(t, &len);
		f->weight = p && len >= 6 ? (p[4] << 8 | p[5]) : 400;
	}
	hb_blob_destroy(t);
	return f;
fail:
	face_free(f);
	return NULL;
}

/* Parse the chain configuration at path into cf. Returns PK_OK, or PK_EIO/PK_EINVAL with err
 * set naming the file and line. */
static int conf_read(const char *path, conf *cf, pk_error *err)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	int ln = 0, rc = PK_OK;

	memset(cf, 0, sizeof(*cf));
	if (!fp)
		return pk_error_set(err, PK_EIO, "cannot read the font chain '%s': %s", path, strerror(errno));
	while (fgets(line, sizeof(line), fp)) {
		char *s = line, *v;
		size_t n;
		int st = -1;

		ln++;
		n = strlen(s);
		if (n == sizeof(line) - 1 && s[n - 1] != '\n') {
			rc = pk_error_set(err, PK_EINVAL, "'%s' line %d: line too long", path, ln);
			goto out;
		}
		while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			s[--n] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		v = s + strcspn(s, " \t");
		if (*v)
			*v++ = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		if (!strcmp(s, "family")) {
			if (cf->nfam == FONT_MAX_FAMILIES) {
				rc = pk_error_set(err, PK_EINVAL, "'%s' line %d: more than %d families", path, ln,
						  FONT_MAX_FAMILIES);
				goto out;
			}
			if (!*v || strlen(v) >= sizeof(cf->family[0])) {
				rc = pk_error_set(err, PK_EINVAL, "'%s' line %d: family: a name of 1 to 63 bytes", path, ln);
				goto out;
			}
			snprintf(cf->family[cf->nfam++], sizeof(cf->family[0]), "%s", v);
			continue;
		}
		if (!strcmp(s, "scripts") && cf->nfam) {
			char *tok, *save = NULL;
			int f = cf->nfam - 1;

			for (tok = strtok_r(v, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
				int sc = u_getPropertyValueEnum(UCHAR_SCRIPT, tok);

				if (sc < 0 || cf->nscripts[f] == 8) {
					rc = pk_error_set(err, PK_EINVAL, "'%s' line %d: scripts: '%s' is not an ISO 15924 "
							  "script code (or more than 8)", path, ln, tok);
					goto out;
				}
				cf->scripts[f][cf->nscripts[f]++] = sc;
			}
			continue;
		}
		if (!strcmp(s, "regular"))
			st = FONT_REGULAR;
		else if (!strcmp(s, "bold"))
			st = FONT_BOLD;
		else if (!strcmp(s, "italic"))
			st = FONT_ITALIC;
		if (st < 0 || !cf->nfam || !*v || strlen(v) >= sizeof(cf->path[0][0])) {
			rc = pk_error_set(err, PK_EINVAL, "'%s' line %d: %s: expected 'family NAME' or "
					  "'regular|bold|italic PATH' after a family", path, ln, s);
			goto out;
		}
		snprintf(cf->path[cf->nfam - 1][st], sizeof(cf->path[0][0]), "%s", v);
	}
	if (ferror(fp))
		rc = pk_error_set(err, PK_EIO, "cannot read the font chain '%s'", path);
	else if (!cf->nfam || !cf->path[0][FONT_REGULAR][0])
		rc = pk_error_set(err, PK_EINVAL, "'%s': no family with a regular file", path);
out:
	fclose(fp);
	return rc;
}

/* The file to read for configured path p under font folder dir ("" keeps p). */
static void file_in(char *dst, size_t n, const char *dir, const char *p)
{
	const char *base = strrchr(p, '/');

	if (*dir)
		snprintf(dst, n, "%s/%s", dir, base ? base + 1 : p);
	else
		snprintf(dst, n, "%s", p);
}

/* Load the chain for font folder dir. Returns the new entry, or NULL with err set. */
static chain_entry *chain_load(const char *dir, pk_error *err)
{
	chain_entry *e = calloc(1, sizeof(*e));
	conf *cf = malloc(sizeof(*cf));
	char path[4096];
	int i, s;

	if (!e || !cf || !(e->dir = strdup(dir))) {
		pk_error_set(err, PK_ENOMEM, "out of memory loading fonts");
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/templates/fonts.conf", pk_datadir());
	if (conf_read(path, cf, err))
		goto fail;
	for (i = 0; i < cf->nfam; i++) {
		int k = e->c.nfam;

		if (!cf->path[i][FONT_REGULAR][0])
			continue;
		if (k > 0) {
			/* a fallback family: its files are read on first use; one whose regular file is not
			 * there is left out */
			file_in(path, sizeof(path), dir, cf->path[i][FONT_REGULAR]);
			if (access(path, R_OK) != 0)
				continue;
		}
		for (s = 0; s < FONT_NSTYLES; s++) {
			if (!cf->path[i][s][0])
				continue;
			file_in(path, sizeof(path), dir, cf->path[i][s]);
			if (!(e->c.path[k * FONT_NSTYLES + s] = strdup(path))) {
				pk_error_set(err, PK_ENOMEM, "out of memory loading fonts");
				goto fail;
			}
			if (k == 0 && !(e->c.faces[s] = face_load(path))) {
				pk_error_set(err, PK_EIO, "cannot load font '%s'", path);
				goto fail;
			}
		}
		snprintf(e->c.family[k], sizeof(e->c.family[0]), "%s", cf->family[i]);
		memcpy(e->c.scripts[k], cf->scripts[i], sizeof(e->c.scripts[k]));
		e->c.nscripts[k] = cf->nscripts[i];
		e->c.nfam++;
	}
	free(cf);
	return e;
fail:
	free(cf);
	if (e) {
		for (i = 0; i < FONT_MAX_FACES; i++) {
			face_free(e->c.faces[i]);
			free(e->c.path[i]);
		}
		free(e->dir);
		free(e);
	}
	return NULL;
}

int font_fingerprint(fp_ctx *c, pk_error *err)
{
	const char *dir = getenv("PEPKIT_FONTDIR");
	conf *cf = malloc(sizeof(*cf));
	char path[4096];
	int rc;

	if (cf == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/templates/fonts.conf", pk_datadir());
	if ((rc = fp_add_file(c, "fonts.conf", path, err)) != PK_OK || (rc = conf_read(path, cf, err)) != PK_OK)
		goto out;
	for (int i = 0; i < cf->nfam && rc == PK_OK; i++)
		for (int st = 0; st < FONT_NSTYLES && rc == PK_OK; st++) {
			if (!cf->path[i][st][0])
				continue;
			file_in(path, sizeof(path), dir ? dir : "", cf->path[i][st]);
			if (access(path, R_OK) != 0)
				fp_add_field(c, "font absent", path);   /* left out of the chain */
			else
				rc = fp_add_file(c, "font", path, err);
		}
out:
	free(cf);
	return rc;
}

const font_chain *font_chain_get(pk_error *err)
{
	const char *dir = getenv("PEPKIT_FONTDIR");
	chain_entry *e;

	if (!dir)
		dir = "";
	pthread_mutex_lock(&font_lock);
	for (e = chains; e; e = e->next)
		if (!strcmp(e->dir, dir))
			break;
	if (!e && (e = chain_load(dir, err)) != NULL) {
		e->next = chains;
		chains = e;
	}
	pthread_mutex_unlock(&font_lock);
	return e ? &e->c : NULL;
}

const font_face *font_face_at(const font_chain *c, int fam, int style)
{
	font_chain *m = (font_chain *)c;   /* faces are filled in once, under the lock */
	int i = fam * FONT_NSTYLES + style;
	font_face *f = __atomic_load_n(&m->faces[i], __ATOMIC_ACQUIRE);

	if (f || !c->path[i])
		return f;
	pthread_mutex_lock(&font_lock);
	f = m->faces[i];
	if (!f && !m->failed[i]) {
		f = face_load(c->path[i]);
		if (f)
			__atomic_store_n(&m->faces[i], f, __ATOMIC_RELEASE);
		else
			m->failed[i] = 1;
	}
	pthread_mutex_unlock(&font_lock);
	return f;
}

const font_face *font_resolve(const font_chain *c, int fam, int style, int *oblique)
{
	const font_face *f = font_face_at(c, fam, style);

	if (oblique)
		*oblique = 0;
	if (f)
		return f;
	if (style == FONT_ITALIC && oblique)
		*oblique = 1;
	f = font_face_at(c, fam, FONT_REGULAR);
	return f ? f : c->faces[FONT_REGULAR];   /* the first family's regular face is always loaded */
}

int font_family_for(const font_chain *c, uint32_t cp)
{
	hb_codepoint_t g;
	int i;

	if (cp <= 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
	    (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	if (cp >= 0x0370) {
		UErrorCode st = U_ZERO_ERROR;
		int sc = (int)uscript_getScript((UChar32)cp, &st);

		if (U_SUCCESS(st) && sc > USCRIPT_INHERITED)
			for (i = 0; i < c->nfam; i++)
				for (int k = 0; k < c->nscripts[i]; k++) {
					const font_face *f;

					if (c->scripts[i][k] == sc && (f = font_face_at(c, i, FONT_REGULAR)) &&
					    hb_font_get_nominal_glyph(f->font, cp, &g))
						return i;
				}
	}
	for (i = 0; i < c->nfam; i++) {
		const font_face *f = font_face_at(c, i, FONT_REGULAR);

		if (f && hb_font_get_nominal_glyph(f->font, cp, &g))
			return i;
	}
	return -1;
}

uint32_t font_missing(const font_chain *c, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;

		if (u[i] < 0x80) {
			i++;
			continue;
		}
		i += (size_t)text_utf8_next(u + i, n - i, &cp);
		if (cp != 0xFFFD && font_family_for(c, cp) < 0)
			return cp;
	}
	return 0;
}

int font_advance(const font_face *f, unsigned g)
{
	long a;

	if (g >= f->nglyphs)
		return 0;
	a = (long)hb_font_get_glyph_h_advance(f->font, g);
	return (int)((a * 1000 + (a >= 0 ? 1 : -1) * (long)f->upem / 2) / (long)f->upem);
}

/* ---- per document ---- */

int font_doc_use(font_doc *d, const font_face *f, int oblique)
{
	int i;
	font_use *u;

	for (i = 0; i < d->nuse; i++)
		if (d->use[i].face == f && d->use[i].oblique == oblique)
			return i;
	if (d->nuse == (int)PK_ARRAY_LEN(d->use)) {
		d->rc = PK_EINTERNAL;
		return -1;
	}
	u = &d->use[d->nuse];
	memset(u, 0, sizeof(*u));
	u->face = f;
	u->oblique = oblique;
	u->glyphs = hb_set_create();
	u->uni = calloc(f->nglyphs, sizeof(*u->uni));
	if (!hb_set_allocation_successful(u->glyphs) || !u->uni) {
		hb_set_destroy(u->glyphs);
		free(u->uni);
		memset(u, 0, sizeof(*u));
		d->rc = PK_ENOMEM;
		return -1;
	}
	snprintf(u->name, sizeof(u->name), "F%d", d->nuse);
	return d->nuse++;
}

int font_doc_glyph(font_doc *d, int ui, unsigned g, const uint32_t *u32, size_t n)
{
	font_use *u = &d->use[ui];
	uint32_t zero = 0;

	if (g >= u->face->nglyphs)
		return 0;
	/* a glyph with text recorded is in the set already (added when its text was recorded):
	 * most glyphs of a page come again, and hb_set_add was a tenth of the glyph work */
	if (!u->uni[g])
		hb_set_add(u->glyphs, g);
	if (u->uni[g]) {
		const uint32_t *have = (const uint32_t *)(void *)(u->text.data + (u->uni[g] - 1));
		size_t k;

		for (k = 0; k < n && have[k] == u32[k]; k++)
			;
		return !(k == n && have[k] == 0);
	}
	if (n == 0)
		return 0;
	/* keep offsets aligned for uint32_t */
	while (u->text.len % sizeof(uint32_t))
		if (buf_append(&u->text, "", 1))
			goto nomem;
	{
		size_t off = u->text.len;

		if (buf_append(&u->text, u32, n * sizeof(*u32)) || buf_append(&u->text, &zero, sizeof(zero)))
			goto nomem;
		if (off + 1 > UINT32_MAX)
			goto nomem;
		u->uni[g] = (uint32_t)off + 1;
	}
	return 0;
nomem:
	d->rc = PK_ENOMEM;
	return -1;
}

/* Tables a PDF's embedded TrueType program needs (PDF 32000-1, 9.9): all others are dropped. */
static const hb_tag_t keep_tables[] = {
	HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'),
	HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
};

int font_doc_subset(font_doc *d, int ui, pk_buf *out)
{
	font_use *u = &d->use[ui];
	font_face *f = (font_face *)u->face;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_face_t *src, *res = NULL;
	hb_blob_t *blob = NULL;
	hb_set_t *drop;
	unsigned i, len = 0;
	const char *p;
	int rc = PK_EINTERNAL;

	if (!in)
		return PK_ENOMEM;
	/* the subsetter reads a face holding only the tables kept (made once per process): with no
	 * cmap and no layout tables it has no Unicode mapping or layout closure to compute, which
	 * was most of its time */
	pthread_mutex_lock(&font_lock);
	if (!f->prep) {
		hb_face_t *b = hb_face_builder_create();

		for (i = 0; i < PK_ARRAY_LEN(keep_tables); i++) {
			hb_blob_t *t = hb_face_reference_table(f->face, keep_tables[i]);
			hb_face_builder_add_table(b, keep_tables[i], t);
			hb_blob_destroy(t);
		}
		f->prep = b;
	}
	src = f->prep;
	pthread_mutex_unlock(&font_lock);
	hb_set_union(hb_subset_input_glyph_set(in), u->glyphs);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_set_clear(drop);
	res = hb_subset_or_fail(src, in);
	if (!res)
		goto out;
	blob = hb_face_reference_blob(res);
	p = hb_blob_get_data(blob, &len);
	if (!p || !len)
		goto out;
	rc = buf_append(out, p, len);
out:
	hb_blob_destroy(blob);
	hb_face_destroy(res);
	hb_subset_input_destroy(in);
	return rc;
}

void font_doc_free(font_doc *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < d->nuse; i++) {
		hb_set_destroy(d->use[i].glyphs);
		free(d->use[i].uni);
		buf_free(&d->use[i].text);
	}
	memset(d, 0, sizeof(*d));
}

void font_cleanup(void)
{
	chain_entry *e, *next;
	int i;

	pthread_mutex_lock(&font_lock);
	for (e = chains; e; e = next) {
		next = e->next;
		for (i = 0; i < FONT_MAX_FACES; i++) {
			face_free(e->c.faces[i]);
			free(e->c.path[i]);
		}
		free(e->dir);
		free(e);
	}
	chains = NULL;
	pthread_mutex_unlock(&font_lock);
}
