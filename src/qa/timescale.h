/*
 * timescale.h: the statutory and council timescales of a child's PEPs, checked against a
 * council calendar on a given day ("today"): the initial PEP after entering care, a new PEP
 * after a change of school, a PEP every term, the PEP2 within N months of the previous meeting,
 * the next meeting date set and not past, targets past their due date and not evaluated, and
 * the EHCP annual review. Each finding names the rule, the dates and how many days over.
 * Reads the record only; safe to call from several threads with a shared calendar.
 */
#ifndef PEPKIT_QA_TIMESCALE_H
#define PEPKIT_QA_TIMESCALE_H

#include "core/pepkit.h"
#include "core/buf.h"
#include "qa/calendar.h"
#include "qa/framework.h"

#include <libxml/tree.h>

typedef struct qa_timeliness {
	int findings;          /* late or missing items found */
	int initial_applies;   /* the initial PEP rule applies to this record */
	int initial_on_time;   /* ... and the initial PEP was held by its deadline */
	int current;           /* the last PEP meeting is within the PEP2 interval of today */
	qa_day last_meeting;   /* -1 when none */
} qa_timeliness;

/*
 * Check the record doc (valid) on day today. Findings are appended to out as
 * "RULE: what, with dates and days over", separated by "; ". Returns PK_OK, or PK_ENOMEM /
 * PK_ELIMIT when out cannot grow.
 */
int timescale_check(const qa_timescales *ts, const qa_calendar *cal, xmlDocPtr doc, qa_day today,
		    qa_timeliness *t, pk_buf *out);

#endif
