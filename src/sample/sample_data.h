/*
 * sample_data.h: the data the synthetic cohort generator draws from (names by culture, schools
 * and places, paragraph templates, subjects and grades, voice answers, targets, meeting topics),
 * kept apart from the generator's logic in sample.c. Private to src/sample/.
 *
 * Each array is declared with its length so that PK_ARRAY_LEN() works on it in sample.c; the
 * definitions in sample_data.c include this header, so a length that does not match the
 * initialiser is a compile error (conflicting types), not a silent mismatch. Adding an entry
 * changes the generated cohorts (tests/t0402 compares them).
 */
#ifndef PEPKIT_SAMPLE_DATA_H
#define PEPKIT_SAMPLE_DATA_H

#include <stddef.h>

/* A culture the generator draws names from. A pool entry is "native" or "native|latin" (a
 * transliteration used as the preferred name); a family entry may be "male/female" for languages
 * whose surnames change form. */
typedef struct culture {
	const char *key;
	const char *ethnicity, *language;
	const char *const *male;
	size_t nmale;
	const char *const *female;
	size_t nfemale;
	const char *const *family;
	size_t nfamily;
	int non_latin;   /* names are in a non-Latin script and need a transliteration */
} culture;

/* One (key stage band, subject, aspect, scale, grades) line of attainment. */
typedef struct subj {
	const char *subject, *aspect, *scale, *scale_name;
} subj;

/* Child's voice: questions by phase, each with answers a child might give (one to three of
 * them, in the child's words, make an answer). */
typedef struct voice_q {
	const char *q;
	const char *a[4];
} voice_q;

/* Target text per area: what, measure, support. */
typedef struct tgt {
	const char *area, *what, *measure, *support;
} tgt;

/* The cultures, in the order of sd_cultures. */
enum { C_BRITISH, C_IRISH, C_WELSH, C_POLISH, C_ROMANIAN, C_TURKISH, C_VIET, C_NIGERIAN,
       C_SOMALI, C_UKR, C_UKRLAT, C_GREEK, C_PORTUGUESE, C_PAKISTANI, C_CARIBBEAN, C_AFGHAN,
       C_ERITREAN, C_ALBANIAN, C_URDU, C_BANGLA, C_PUNJABI, C_COUNT };

/* A discussion topic of the meeting record and three texts for it. */
typedef struct topic {
	const char *topic;
	const char *const text[3];
} topic;

/* Names and cultures (a culture's pools are file-local to sample_data.c). */
extern const culture sd_cultures[C_COUNT];
extern const unsigned sd_culture_w[C_COUNT];
extern const unsigned sd_culture_uasc_w[C_COUNT];

/* Schools and places. */
extern const char *const sd_towns[26];
extern const char *const sd_streets[16];
extern const char *const sd_nursery_kinds[4];
extern const char *const sd_primary_kinds[6];
extern const char *const sd_secondary_kinds[6];
extern const char *const sd_special_kinds[4];
extern const char *const sd_college_kinds[3];
extern const char *const sd_las[5];
extern const char *const sd_needs[8];

/* Paragraph pools: templates with {N}, {he}, {his}, {C} ... filled by put_tmpl() in sample.c. */
extern const char *const sd_semh_pool[14];
extern const char *const sd_carer_pool[12];
extern const char *const sd_sw_edu_pool[6];
extern const char *const sd_sw_health_pool[6];
extern const char *const sd_sw_journey_pool[6];
extern const char *const sd_sw_prior_pool[5];
extern const char *const sd_dt_pool[9];
extern const char *const sd_interests_pool[12];
extern const char *const sd_strengths_pool[14];
extern const char *const sd_barriers_pool[10];
extern const char *const sd_barriers_third_party[2];

/* Attainment: grade codes in rising order per scale, and subjects by key stage band. */
extern const char *const sd_g_elg[2];
extern const char *const sd_g_ta[7];
extern const char *const sd_g_gcse[10];
extern const char *const sd_g_btec[4];
extern const char *const sd_g_alevel[6];
extern const subj sd_subj_eyfs[10];
extern const subj sd_subj_ks12[4];
extern const subj sd_subj_ks3[8];
extern const subj sd_subj_ks4[8];
extern const subj sd_subj_p16[5];

/* The child's voice by phase. */
extern const voice_q sd_voice_ey[5];
extern const voice_q sd_voice_primary[7];
extern const voice_q sd_voice_secondary[7];
extern const voice_q sd_voice_p16[5];

/* Targets by phase, their evaluations, and interventions. */
extern const tgt sd_tgts_ey[5];
extern const tgt sd_tgts_primary[7];
extern const tgt sd_tgts_secondary[7];
extern const tgt sd_tgts_p16[5];
extern const char *const sd_eval_achieved[3];
extern const char *const sd_eval_partly[3];
extern const char *const sd_eval_not[2];
extern const char *const sd_interventions_what[14];
extern const char *const sd_interventions_who[7];
extern const char *const sd_interventions_when[6];
extern const char *const sd_interventions_where[5];
extern const char *const sd_interventions_freq[5];

/* The meeting: discussion topics, notes, agreed actions (the careers interview stays last: see
 * put_actions() in sample.c), venues. */
extern const topic sd_topics[13];
extern const char *const sd_safeguarding_notes[2];
extern const char *const sd_third_party_notes[2];
extern const char *const sd_action_texts[11];
extern const char *const sd_venues[5];

/* Term sections: attendance notes, exclusion reasons, SEN support, PP+ and transition. */
extern const char *const sd_attendance_notes[3];
extern const char *const sd_exclusion_reasons[5];
extern const char *const sd_send_pool[4];
extern const char *const sd_ppp_what[10];
extern const char *const sd_ppp_impact[4];
extern const char *const sd_transition_plan[5];

#endif
