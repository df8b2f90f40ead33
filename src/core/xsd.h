/*
 * xsd.h: compiling pepkit's own XML schemas (schemas/NAME.xsd under pk_datadir()) and checking
 * a document against one, reporting the first problem with its line. Used for the document IR,
 * audience profiles and mapping profiles; record validation (validate.h) reports every problem
 * with field paths and has its own reporter.
 *
 * Threads: compile in the main thread (libxml2's schema type init is not thread-safe); a
 * compiled schema is read-only and xsd_check() may then run in several threads at once.
 */
#ifndef PEPKIT_XSD_H
#define PEPKIT_XSD_H

#include "core/pepkit.h"

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

/* Compile schemas/NAME (e.g. "document.xsd"). Returns the schema (free with xmlSchemaFree) or
 * NULL with err set. */
xmlSchemaPtr xsd_load(const char *name, pk_error *err);

/* Check doc (read from path) against schema. Returns PK_OK, or PK_EINVAL with err set to
 * "'PATH' line N: not a valid WHAT: first problem" (what: "mapping profile", ...), or
 * PK_ENOMEM/PK_EINTERNAL if validation could not run. */
int xsd_check(xmlSchemaPtr schema, xmlDocPtr doc, const char *path, const char *what, pk_error *err);

/* xsd_load() + xsd_check() + xmlSchemaFree(), for a document checked once. */
int xsd_check_once(const char *name, xmlDocPtr doc, const char *path, const char *what, pk_error *err);

/* Read a configuration file (a profile, framework, calendar, council file) with the safe
 * parser (xmlsafe.h) and check it against schemas/NAME.xsd, once: the one way pepkit loads a
 * data file that configures it. Returns the document (caller frees with xmlFreeDoc), or NULL
 * with err set: the parser's error, or the first schema problem naming what, file and line. */
xmlDocPtr xsd_read_valid(const char *path, const char *name, const char *what, pk_error *err);

#endif
