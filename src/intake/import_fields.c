/*
 * import_fields.c: the one table `pepkit import` reads a form with. Each row maps a
 * content-control tag pattern to a path in the record and a value type. Patterns use "#" for a
 * numbered row of a repeating group ("target.#.what") and "*" for a keyed row ("discussion.*",
 * "review.*.status"). Paths start with the scope they build ("child/...", "people/person[#]/...",
 * "term/...") and use "name[#]" for the row's element and "@name" for an attribute. The table
 * lists fields in the order of schemas/pep.xsd, and elements are created in table order, so the
 * built XML follows the schema's sequences without any other ordering code. The form
 * stylesheets (stylesheets/form-*.xsl) write the same tags.
 */
#include "core/pepkit.h"
#include "intake/import_int.h"

#include <string.h>

#define ROLES "social-worker|designated-teacher|carer|virtual-school-adviser|iro|senco|key-worker|personal-adviser|birth-parent|health|interpreter|child|other"
#define TSTATUS "not-started|in-progress|achieved|partly-achieved|not-achieved"
#define TOPICS "welcome|positive-start|achievements|child-voice|attendance|attainment|previous-targets|send-semh|barriers|pupil-premium-plus|transition|carer|social-care|new-targets|any-other-business"

const import_field import_fields[] = {
	/* the child: only when the form starts a new record */
	{ "child.la-child-id", "child/la-child-id", V_TOKEN, NULL, F_REQ, NULL },
	{ "child.upn", "child/upn", V_UPN, NULL, 0, NULL },
	{ "child.legal-name.given", "child/legal-name/given", V_TEXT, NULL, F_REQ, NULL },
	{ "child.legal-name.family", "child/legal-name/family", V_TEXT, NULL, F_REQ, NULL },
	{ "child.preferred-name", "child/preferred-name", V_TEXT, NULL, 0, NULL },
	{ "child.date-of-birth", "child/date-of-birth", V_DATE, NULL, F_REQ, NULL },
	{ "child.legal-status", "child/legal-status", V_ENUM, "section-20|interim-care-order|care-order|placement-order|emergency-protection-order|remand|police-protection", F_REQ, NULL },
	{ "child.entered-care", "child/entered-care", V_DATE, NULL, F_REQ, NULL },
	{ "child.placement.type", "child/placement/type", V_ENUM, "foster-care|kinship-care|residential|semi-independent|placed-with-parents|placed-for-adoption|secure|other", F_REQ, NULL },
	{ "child.placement.start-date", "child/placement/start-date", V_DATE, NULL, F_REQ, NULL },
	{ "child.school.name", "child/school/@id", V_SLUG, NULL, 0, NULL },
	{ "child.school.name", "child/school/name", V_TEXT, NULL, 0, NULL },
	{ "child.school.start-date", "child/school/start-date", V_DATE, NULL, 0, NULL },
	{ "child.year-group", "child/year-group", V_ENUM, "N1|N2|R|1|2|3|4|5|6|7|8|9|10|11|12|13", F_REQ, NULL },
	{ "child.key-stage", "child/key-stage", V_ENUM, "EYFS|KS1|KS2|KS3|KS4|post-16", F_REQ, NULL },
	{ "child.send.status", "child/send/status", V_ENUM, "none|sen-support|ehcp-assessment|ehcp", F_REQ, NULL },
	{ "child.send.primary-need", "child/send/primary-need", V_TEXT, NULL, 0, NULL },

	/* people: new ones are added, existing ones (same name) left as they are */
	{ "person.#.name", "people/person[#]/name", V_TEXT, NULL, F_REQ, NULL },
	{ "person.#.role", "people/person[#]/@role", V_ENUM, ROLES, F_REQ, NULL },
	{ "person.#.organisation", "people/person[#]/organisation", V_TEXT, NULL, 0, NULL },

	/* the term */
	{ "term.kind", "term/@kind", V_ENUM, "initial|new-school|review", 0, NULL },
	{ "term.start", "term/@start", V_DATE, NULL, 0, NULL },
	{ "term.end", "term/@end", V_DATE, NULL, 0, NULL },
	{ "term.attendance.percent", "term/attendance/percent", V_PERCENT, NULL, F_REQ, NULL },
	{ "term.attendance.sessions-possible", "term/attendance/sessions-possible", V_UINT, NULL, 0, NULL },
	{ "term.attendance.sessions-attended", "term/attendance/sessions-attended", V_UINT, NULL, 0, NULL },
	{ "term.attendance.part-time-timetable", "term/attendance/part-time-timetable", V_BOOL, NULL, 0, NULL },
	{ "term.attendance.alternative-provision", "term/attendance/alternative-provision", V_TEXT, NULL, 0, NULL },
	{ "term.attendance.notes", "term/attendance/notes", V_PARAS, NULL, 0, NULL },
	{ "exclusion.#.type", "term/exclusions/exclusion[#]/@type", V_ENUM, "suspension|permanent|internal", F_REQ, NULL },
	{ "exclusion.#.start", "term/exclusions/exclusion[#]/@start", V_DATE, NULL, F_REQ, NULL },
	{ "exclusion.#.days", "term/exclusions/exclusion[#]/@days", V_DECIMAL, NULL, F_REQ, NULL },
	{ "exclusion.#.reason", "term/exclusions/exclusion[#]/reason", V_PARAS, NULL, F_REQ, NULL },
	{ "term.send-update", "term/send-update", V_PARAS, NULL, 0, NULL },
	{ "term.semh.summary", "term/semh/summary", V_PARAS, NULL, 0, NULL },
	{ "attainment.#.subject", "term/attainment/result[#]/@subject", V_TEXT, NULL, F_REQ, NULL },
	{ "attainment.#.aspect", "term/attainment/result[#]/@aspect", V_TEXT, NULL, 0, NULL },
	{ "attainment.#.scale", "term/attainment/result[#]/@scale", V_ENUM, "eyfs-elg|phonics|ks-ta|ks2-scaled|gcse|percent|custom", F_REQ, NULL },
	{ "attainment.#.current", "term/attainment/result[#]/@current", V_GRADE, NULL, 0, NULL },
	{ "attainment.#.target", "term/attainment/result[#]/@target", V_GRADE, NULL, 0, NULL },
	{ "voice.how-captured", "term/child-voice/@how-captured", V_TEXT, NULL, 0, NULL },
	{ "voice.#", "term/child-voice/answer[#]/@question", V_LABEL, NULL, F_REQ, NULL },
	{ "voice.#", "term/child-voice/answer[#]", V_PARAS, NULL, 0, NULL },
	{ "term.carer-section", "term/carer-section", V_PARAS, NULL, 0, NULL },
	{ "term.sw.education", "term/social-worker-update/education", V_PARAS, NULL, 0, NULL },
	{ "term.sw.care-journey", "term/social-worker-update/care-journey", V_PARAS, NULL, 0, NULL },
	{ "term.sw.priorities", "term/social-worker-update/priorities", V_PARAS, NULL, 0, NULL },
	{ "term.strengths", "term/strengths", V_ITEMS, NULL, 0, NULL },
	{ "term.barriers", "term/barriers", V_ITEMS, NULL, 0, NULL },
	{ "intervention.#.what", "term/interventions/intervention[#]/what", V_TEXT, NULL, F_REQ, NULL },
	{ "intervention.#.who", "term/interventions/intervention[#]/who", V_TEXT, NULL, F_REQ, NULL },
	{ "intervention.#.when", "term/interventions/intervention[#]/when", V_TEXT, NULL, F_REQ, NULL },
	{ "intervention.#.where", "term/interventions/intervention[#]/where", V_TEXT, NULL, 0, NULL },
	{ "intervention.#.frequency", "term/interventions/intervention[#]/frequency", V_TEXT, NULL, F_REQ, NULL },
	{ "intervention.#.cost", "term/interventions/intervention[#]/cost", V_MONEY, NULL, 0, NULL },
	{ "target.#.id", "term/targets/target[#]/@id", V_TARGETID, NULL, 0, NULL },
	{ "target.#.owner", "term/targets/target[#]/@owner", V_PERSON, NULL, F_REQ, NULL },
	{ "target.#.set", "term/targets/target[#]/@set", V_DATE, NULL, F_REQ, "@start" },
	{ "target.#.due", "term/targets/target[#]/@due", V_DATE, NULL, F_REQ, NULL },
	{ "target.#.status", "term/targets/target[#]/@status", V_ENUM, TSTATUS, F_REQ, "not-started" },
	{ "target.#.area", "term/targets/target[#]/area", V_TEXT, NULL, F_REQ, NULL },
	{ "target.#.what", "term/targets/target[#]/what", V_LONG, NULL, F_REQ, NULL },
	{ "target.#.measure", "term/targets/target[#]/measure", V_LONG, NULL, F_REQ, NULL },
	{ "target.#.support", "term/targets/target[#]/support", V_LONG, NULL, 0, NULL },
	{ "term.ppp.status", "term/pupil-premium-plus/@status", V_ENUM, "draft|requested|approved|declined", F_REQ, NULL },
	{ "ppp.#.amount", "term/pupil-premium-plus/request[#]/@amount", V_MONEY, NULL, F_REQ, NULL },
	{ "ppp.#.targets", "term/pupil-premium-plus/request[#]/@targets", V_TARGETS, NULL, 0, NULL },
	{ "ppp.#.what", "term/pupil-premium-plus/request[#]/what", V_LONG, NULL, F_REQ, NULL },
	{ "term.ppp.impact", "term/pupil-premium-plus/impact", V_PARAS, NULL, 0, NULL },
	{ "term.transition.stage", "term/transition/@stage", V_ENUM, "none|into-school|KS1-KS2|KS2-KS3|KS3-KS4|KS4-post-16|school-move|post-18", F_REQ, NULL },
	{ "term.transition.plan", "term/transition/plan", V_PARAS, NULL, F_REQ, NULL },
	{ "term.dt-summary", "term/designated-teacher-summary/summary", V_PARAS, NULL, 0, NULL },
	{ "term.meeting.date", "term/meeting/@date", V_DATE, NULL, F_REQ, NULL },
	{ "term.meeting.venue", "term/meeting/venue", V_TEXT, NULL, 0, NULL },
	{ "attendee.#.person", "term/meeting/attendees/attendee[#]/@person", V_PERSON, NULL, F_REQ, NULL },
	{ "attendee.#.present", "term/meeting/attendees/attendee[#]/@present", V_BOOL, NULL, F_REQ, NULL },
	{ "attendee.#.contribution", "term/meeting/attendees/attendee[#]/@contribution", V_TEXT, NULL, 0, NULL },
	{ "discussion.*", "term/meeting/discussion/item[#]/@topic", V_ROWKEY, TOPICS, 0, NULL },
	{ "discussion.*", "term/meeting/discussion/item[#]", V_PARAS, NULL, 0, NULL },
	{ "action.#.owner", "term/meeting/actions/action[#]/@owner", V_PERSON, NULL, F_REQ, NULL },
	{ "action.#.due", "term/meeting/actions/action[#]/@due", V_DATE, NULL, F_REQ, NULL },
	{ "action.#.what", "term/meeting/actions/action[#]", V_LONG, NULL, F_REQ, NULL },
	{ "term.next-meeting", "term/next-meeting", V_DATE, NULL, 0, NULL },

	/* last term's targets: outcome written onto the target (wherever it is in the record) */
	{ "review.*.status", "review/@status", V_ENUM, TSTATUS, 0, NULL },
	{ "review.*.evaluation", "review/evaluation", V_PARAS, NULL, 0, NULL },
};

const size_t import_nfields = PK_ARRAY_LEN(import_fields);

/* Order of child elements, from schemas/pep.xsd, for inserting into an existing record. */
static const char *const orders[][2] = {
	{ "child", " la-child-id upn legal-name preferred-name date-of-birth gender ethnicity "
		   "first-language interpreter-needed unaccompanied-asylum-seeking legal-status "
		   "entered-care placement school year-group key-stage send interests "
		   "education-history birth-family " },
	{ "legal-name", " given family " },
	{ "placement", " type start-date in-authority address " },
	{ "school", " name urn la-number address start-date " },
	{ "send", " status primary-need ehcp-date ehcp-review-date " },
	{ "person", " name organisation email phone " },
	{ "term", " attendance exclusions send-update semh attainment child-voice carer-section "
		  "social-worker-update strengths barriers interventions targets pupil-premium-plus "
		  "transition designated-teacher-summary meeting next-meeting " },
	{ "attendance", " percent sessions-possible sessions-attended part-time-timetable "
			"alternative-provision notes " },
	{ "semh", " summary sdq-score " },
	{ "social-worker-update", " education health care-journey priorities " },
	{ "pupil-premium-plus", " request impact " },
	{ "designated-teacher-summary", " summary signed-off " },
	{ "meeting", " venue attendees discussion actions " },
	{ "target", " area what measure support evaluation " },
};

const char *import_schema_order(const char *parent)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(orders); i++)
		if (strcmp(parent, orders[i][0]) == 0)
			return orders[i][1];
	return NULL;
}
