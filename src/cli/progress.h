/*
 * progress.h: what the long-running commands (pack, send, archive) share on the terminal: a
 * progress bar on stderr, redrawn at most every 100 ms and always at the end, and the stop
 * flag SIGINT/SIGTERM set so a run stops handing out work and still accounts for every input.
 */
#ifndef PEPKIT_PROGRESS_H
#define PEPKIT_PROGRESS_H

#include <signal.h>
#include <time.h>

typedef struct cli_bar {
	struct timespec last;
	const char *unit;   /* "records", "documents" */
	int open;           /* a bar is drawn and its line not yet ended */
} cli_bar;

/* Set SIGINT and SIGTERM to set cli_stop (the stages poll it through their options). */
extern volatile sig_atomic_t cli_stop;
void cli_catch_stop(void);

/* A bar counting unit (a string with static storage). */
void cli_bar_init(cli_bar *b, const char *unit);

/* Draw "[####    ] done/total unit" and extra (may be NULL, e.g. ", 3 failed"); skipped when
 * the last draw was under 100 ms ago, unless done == total, which ends the line. */
void cli_bar_draw(cli_bar *b, long long done, long long total, const char *extra);

/* End the bar's line if one is open (an interrupted run), so what follows starts afresh. */
void cli_bar_end(cli_bar *b);

#endif
