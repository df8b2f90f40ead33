/*
 * progress.c: the progress bar and the stop flag of the long-running commands (progress.h).
 */
#include "core/pepkit.h"
#include "cli/progress.h"

#include <stdio.h>
#include <string.h>

volatile sig_atomic_t cli_stop;

static void on_signal(int sig)
{
	(void)sig;
	cli_stop = 1;
}

void cli_catch_stop(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void cli_bar_init(cli_bar *b, const char *unit)
{
	memset(b, 0, sizeof(*b));
	b->unit = unit;
}

void cli_bar_draw(cli_bar *b, long long done, long long total, const char *extra)
{
	struct timespec now;
	int width = 30, filled;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (done < total && (now.tv_sec - b->last.tv_sec) * 1000000000L + (now.tv_nsec - b->last.tv_nsec) < 100000000L)
		return;
	b->last = now;
	filled = total > 0 ? (int)(done * width / total) : width;
	fprintf(stderr, "\r[%.*s%*s] %lld/%lld %s%s", filled, "##############################", width - filled, "",
		done, total, b->unit, extra ? extra : "");
	b->open = done != total;
	if (!b->open)
		fputc('\n', stderr);
	fflush(stderr);
}

void cli_bar_end(cli_bar *b)
{
	if (b->open) {
		fputc('\n', stderr);
		b->open = 0;
	}
}
