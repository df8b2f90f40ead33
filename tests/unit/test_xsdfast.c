/*
 * test_xsdfast.c: unit tests for record/xsdfast.h through validate.h: validate_use_fast() turns
 * the fast path on (not with PEPKIT_XSD_FULL set), and it takes over pep.xsd's seven identity
 * constraints and its two length types. Records made to break each of them are in
 * tests/t0890 (validate and qa, with and without the fast path, against xmllint).
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
	full = validate_new(&err);
	CHECK(fast != NULL && full != NULL, "validators made");
	CHECK(validate_fast(fast, &idcs, &lt) == 0, "a new validator has no fast path");
	CHECK(validate_use_fast(fast) == 1, "validate_use_fast turns it on");
	setenv("PEPKIT_XSD_FULL", "1", 1);
	CHECK(validate_use_fast(full) == 0, "but not with PEPKIT_XSD_FULL set");
	unsetenv("PEPKIT_XSD_FULL");
	CHECK(validate_fast(fast, &idcs, &lt) == 1, "the fast path is on");
	CHECK(idcs == 7, "it took over pep.xsd's 7 identity constraints (%d)", idcs);
	CHECK(lt == 2, "and its 2 length types (%d)", lt);
	CHECK(validate_fast(full, &idcs, &lt) == 0, "the other validator is unchanged");
	validate_free(fast);
	validate_free(full);
	xmlsafe_cleanup();
	return unit_done();
}
