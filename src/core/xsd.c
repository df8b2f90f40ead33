/*
 * xsd.c: compile pepkit's schemas and check documents against them (see xsd.h).
 */
#include "core/pepkit.h"
#include "core/xsd.h"
#include "core/xmlsafe.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* First validation error, kept by the structured error callback below. */
struct first_error {
	int set;
	int line;
	char msg[512];
};

/* Structured error callback: keep the first error, without libxml2's trailing newline. */
static void keep_first(void *data, xmlErrorPtr e)
{
	struct first_error *fe = data;
	size_t n;

	if (fe->set || e == NULL || e->level < XML_ERR_ERROR)
		return;
	fe->set = 1;
	fe->line = e->line;
	snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "invalid");
	n = strlen(fe->msg);
	while (n > 0 && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' ' || fe->msg[n - 1] == '.'))
		fe->msg[--n] = '\0';
}

xmlSchemaPtr xsd_load(const char *name, pk_error *err)
{
	char path[PATH_MAX];
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr s;

	if (snprintf(path, sizeof(path), "%s/schemas/%s", pk_datadir(), name) >= (int)sizeof(path)) {
		pk_error_set(err, PK_EIO, "cannot load schema '%s': path too long", name);
		return NULL;
	}
	pc = xmlSchemaNewParserCtxt(path);
	if (pc == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory loading '%s'", path);
		return NULL;
	}
	xmlSchemaSetParserStructuredErrors(pc, NULL, NULL);
	s = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (s == NULL)
		pk_error_set(err, PK_EIO, "cannot load schema '%s'", path);
	return s;
}

int xsd_check(xmlSchemaPtr schema, xmlDocPtr doc, const char *path, const char *what, pk_error *err)
{
	struct first_error fe = { 0, 0, "" };
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int v;

	if (vc == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory validating '%s'", path);
	xmlSchemaSetValidStructuredErrors(vc, keep_first, &fe);
	v = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	if (v == 0)
		return PK_OK;
	if (v < 0)
		return pk_error_set(err, PK_EINTERNAL, "'%s': validation failed to run", path);
	if (fe.set)
		return pk_error_set(err, PK_EINVAL, "'%s' line %d: not a valid %s: %s", path, fe.line,
				    what, fe.msg);
	return pk_error_set(err, PK_EINVAL, "'%s': not a valid %s", path, what);
}

int xsd_check_once(const char *name, xmlDocPtr doc, const char *path, const char *what, pk_error *err)
{
	xmlSchemaPtr s = xsd_load(name, err);
	int rc;

	if (s == NULL)
		return err ? err->code : PK_EIO;
	rc = xsd_check(s, doc, path, what, err);
	xmlSchemaFree(s);
	return rc;
}

xmlDocPtr xsd_read_valid(const char *path, const char *name, const char *what, pk_error *err)
{
	xmlDocPtr doc = xmlsafe_read_file(path, err);

	if (doc != NULL && xsd_check_once(name, doc, path, what, err) != PK_OK) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}
