/*
 * test_docx.c: unit tests of docx_render(): output is a zip with the expected parts in a fixed
 * order, identical bytes for the same input, a clear error for a non-IR document; and a timing
 * of a several-page IR (printed as a comment line, never asserted).
 */
#include "core/pepkit.h"
#include "render/docx.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <string.h>
#include <time.h>
#include <zip.h>

/* Parse the test IR and repeat its body copies times (copies >= 1). NULL on failure. */
static xmlDocPtr load_ir(int copies)
{
	pk_error err;
	xmlDocPtr doc = xmlsafe_read_file("tests/data/docx/all-blocks.xml", &err);
	xmlNodePtr body = NULL;

	if (doc == NULL) {
		printf("# %s\n", err.msg);
		return NULL;
	}
	for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0)
			body = n;
	if (body != NULL) {
		xmlNodePtr last = body->last;

		for (int i = 1; i < copies; i++)
			for (xmlNodePtr n = body->children; n; n = n->next) {
				xmlAddChild(body, xmlCopyNode(n, 1));
				if (n == last)
					break;
			}
	}
	return doc;
}

int main(void)
{
	pk_error err;
	pk_buf a = PK_BUF_INIT, b = PK_BUF_INIT;
	xmlDocPtr ir, bad;
	static const char *const want[] = {
		"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
		"word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml",
		"word/settings.xml", "word/numbering.xml", "word/header1.xml", "word/footer1.xml",
	};

	xmlsafe_init();
	ir = load_ir(8);
	CHECK(ir != NULL, "test IR loads");
	if (ir == NULL)
		return unit_done();

	CHECK(docx_render(ir, &a, &err) == PK_OK, "a several-page IR renders");
	CHECK(docx_render(ir, &b, &err) == PK_OK, "it renders again");
	CHECK(a.len > 0 && a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
	      "same input gives identical bytes (%zu)", a.len);
	{
		zip_error_t ze;
		zip_source_t *src;
		zip_t *za = NULL;
		int order_ok = 1;

		zip_error_init(&ze);
		src = zip_source_buffer_create(a.data, a.len, 0, &ze);
		if (src)
			za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
		CHECK(za != NULL, "output opens as a consistent zip");
		if (za) {
			/* a form with prefilled boxes adds docProps/custom.xml, last (their
			 * fingerprints, "pepkit-prefill") */
			const char *last = zip_get_name(za, PK_ARRAY_LEN(want), 0);
			int custom = last != NULL && strcmp(last, "docProps/custom.xml") == 0;

			CHECK(zip_get_num_entries(za, 0) == (zip_int64_t)PK_ARRAY_LEN(want) + custom,
			      "zip has %zu entries (+%d for prefilled boxes)", PK_ARRAY_LEN(want), custom);
			for (size_t i = 0; i < PK_ARRAY_LEN(want); i++) {
				const char *nm = zip_get_name(za, i, 0);
				if (nm == NULL || strcmp(nm, want[i]) != 0)
					order_ok = 0;
			}
			CHECK(order_ok, "parts are in the fixed order");
			zip_discard(za);
		} else {
			zip_source_free(src);
		}
		zip_error_fini(&ze);
	}

	bad = xmlsafe_read_memory("<pep-record/>", 13, "bad.xml", &err);
	buf_reset(&b);
	CHECK(bad && docx_render(bad, &b, &err) == PK_EINVAL && strstr(err.msg, "document IR"),
	      "a non-IR document is refused with a clear error");
	xmlFreeDoc(bad);

	{
		struct timespec t0, t1;
		int n = 200;
		double ms;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < n; i++) {
			buf_reset(&b);
			docx_render(ir, &b, &err);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = ((t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6) / n;
		printf("# docx_render: %.3f ms per document (%zu bytes zipped, 8x test IR)\n", ms, a.len);
	}
	buf_free(&a);
	buf_free(&b);
	xmlFreeDoc(ir);
	xmlsafe_cleanup();
	return unit_done();
}
