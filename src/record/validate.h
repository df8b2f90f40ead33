/*
 * validate.h: is a PEP record valid? XSD validation against schemas/pep.xsd, then the rules XSD
 * cannot express (UPN check letter, dates in order, a target due after it was set, the
 * meeting inside its term, ...). Every problem is reported as (file, line, field, message);
 * `pepkit validate` prints them as "FILE:LINE: field: message".
 *
 * Threads: validate_new() compiles the schema once (call it in the main thread: libxml2's
 * schema type init is not thread-safe); the validator is then read-only, and
 * validate_record() may be called from several threads at once.
 */
#ifndef PEPKIT_VALIDATE_H
#define PEPKIT_VALIDATE_H

#include "core/pepkit.h"

#include <libxml/tree.h>

typedef struct validator validator;

/* Called once per problem. field is a short path such as "child/upn" or
 * "terms/term[2]/targets/target[1]/@due" (the root element by its own name, "document" when no
 * element can be named); line is the source line (0 if unknown); message is one lowercase line
 * with no control characters, at most 400 bytes, values from the record quoted and cut short.
 * At most 100 problems per record are passed; if there are more, a last call with field
 * "document" says how many were not shown. */
typedef void (*validate_report_fn)(void *ctx, const char *file, int line, const char *field,
				   const char *message);

/* Compile schemas/pep.xsd from pk_datadir(). Returns a validator the caller frees with
 * validate_free(), or NULL with err set. */
validator *validate_new(pk_error *err);
void validate_free(validator *v);

/* Let v validate through the fast path of record/xsdfast.h: the same verdict and problems as
 * pep.xsd alone, for about half the schema's work on a valid record, after compiling a second
 * schema once (about 5 M instructions: worth it for a cohort, not for one record). Call in the
 * main thread before v is shared. Returns 1 if the fast path is on, 0 if every record still
 * goes through pep.xsd alone (the environment variable PEPKIT_XSD_FULL is set, or the schema
 * has nothing the fast path can take over, or memory ran out). */
int validate_use_fast(validator *v);

/* 1 if v validates through the fast path, with what it took over from the schema (identity
 * constraints, string types with length facets); 0 if not. */
int validate_fast(const validator *v, int *idcs, int *length_types);

/* Validate doc (parsed from file, which is used only in reports; NULL: doc->URL). Calls fn
 * (may be NULL) for each problem. Returns the number of problems (0: valid), or a negative PK_E*
 * code with err set if validation itself could not run. The document is not modified. A rule
 * does not report a value the schema already rejected. Costs about 0.15 ms for a two-term
 * record. */
int validate_record(validator *v, xmlDocPtr doc, const char *file, validate_report_fn fn,
		    void *ctx, pk_error *err);

/* A session: validate_record() for many records in one thread (a cohort worker), keeping
 * libxml2's validation and XPath contexts from one record to the next instead of making them
 * for each. Same results as validate_record(). Not shared between threads; v must outlive it. */
typedef struct validate_session validate_session;

/* A new session, or NULL when out of memory; free with validate_session_free() (NULL is
 * fine). */
validate_session *validate_session_new(validator *v);
void validate_session_free(validate_session *s);

/* validate_record() with the session's contexts; same contract. */
int validate_session_record(validate_session *s, xmlDocPtr doc, const char *file, validate_report_fn fn,
			    void *ctx, pk_error *err);

/* The UPN check letter rule: 1 if upn (13 chars) has the right check letter, else 0, and
 * *expected (if not NULL) gets the letter it should have ('?' if the shape is wrong). */
int validate_upn(const char *upn, char *expected);

/* 1 if id (a person's or another id of record doc, or the name of the file it was read from)
 * holds a word of the child's names (given, family, preferred; as the id rules compare them:
 * "mum-yilmaz", "AyseCarer"; folded as names are: "Ayşe Yılmaz PEP.xml"; or a name in another
 * script as written), else 0. For a caller that puts such an id or file name where the child's
 * name must not be (a file name, a log, a report). */
int validate_id_names_child(xmlDocPtr doc, const char *id);

/* Collapse the white space of every attribute value at and below root (in document order,
 * without recursion), as schemas/pep.xsd reads each one: every attribute type there collapses
 * it (ids, id lists, dates, booleans, codes, shortString). Called on a record once it is found
 * valid, so an id written " c1 " or a term " 2025-autumn\t" is the value every reference,
 * option, stylesheet and check compares with, as validation already takes it. PK_OK or
 * PK_ENOMEM (values changed so far stay changed). */
int validate_collapse_attributes(xmlNodePtr root);

#endif
