/*
 * xsdfast.h: the same schema verdict on a PEP record for less work. libxml2 spends a quarter of
 * a record's validation on two kinds of constraint: the identity constraints (xs:key, xs:unique,
 * xs:keyref, kept by libxml2 as XPath state machines run on every element) and the length facets
 * of the free-text types (each value's characters counted twice, once per facet). From
 * pep.xsd's own document this module makes a derived schema without those constraints, and
 * checks them itself in one pass over the record: a record is valid when the derived schema
 * accepts it and xsdfast_suspect() finds nothing. The check is a screen, never a verdict of
 * invalidity: whatever might break a constraint it took over (a duplicate, a reference not
 * found, a blank value, a value longer in bytes than its limit in characters) sends the record
 * to the full schema, which gives the verdict and the messages, so records pepkit refuses and
 * what it says about them are exactly as with pep.xsd alone. pep.xsd itself keeps every
 * constraint for every other user of the schema.
 *
 * Only what the module understands is taken over: the identity constraints of a global element
 * when all of them have a child-path selector and one attribute field, and the length facets
 * (minLength 0 or 1, maxLength) of named restrictions of xs:string, when every element and
 * attribute whose type derives from them can be found from the global elements through the
 * constructs it reads (sequence, attribute, simple and complex content); otherwise that part
 * stays in the derived schema.
 *
 * Threads: build in the main thread (it compiles a schema); then read-only, and
 * xsdfast_suspect() may run in several threads at once.
 */
#ifndef PEPKIT_XSDFAST_H
#define PEPKIT_XSDFAST_H

#include "core/pepkit.h"

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

typedef struct xsdfast xsdfast;

/* Take over what it can of the schema document xsd (parsed from the schema file; the function
 * takes ownership of it, and frees it on failure). Returns the fast path, or NULL when nothing
 * could be taken over or on any failure (out of memory, the derived schema does not compile):
 * then the full schema alone is used. */
xsdfast *xsdfast_new(xmlDocPtr xsd);
void xsdfast_free(xsdfast *f);

/* The derived schema (owned by f). */
xmlSchemaPtr xsdfast_schema(const xsdfast *f);

/* For a record the derived schema accepted: 0 when it certainly satisfies every constraint f
 * took over, 1 when it may not (or memory ran out): then only the full schema can decide. */
int xsdfast_suspect(const xsdfast *f, xmlDocPtr doc);

/* What f took over: identity constraints and string types with length facets. */
void xsdfast_counts(const xsdfast *f, int *idcs, int *length_types);

#endif
