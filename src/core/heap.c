/*
 * heap.c: the main heap on transparent huge pages (see heap.h).
 */
#include "core/pepkit.h"
#include "core/heap.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef PEPKIT_MIMALLOC
#include <mimalloc.h>
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)

/* The block that fills the heap from where it stood up to its first 2 MiB boundary: never
 * touched past its header, so it costs address space only; kept here, reachable, for the
 * process's life (allocations then start on the boundary, in huge pages). */
static void *filler;

/* When malloc is not glibc's (mimalloc, linked ahead of the C library: see the Makefile), its
 * memory is not the brk heap but mappings of its own, reserved large and touched as used. The
 * mapping that holds a fresh small block is found in /proc/self/maps and advised
 * (MADV_HUGEPAGE) over its whole 2 MiB blocks. 1 when malloc's memory is such a mapping (done,
 * or nothing to do), 0 when it is the brk heap ([heap]: the caller grows it instead). */
static int mapping_of_heap_huge(void)
{
#ifdef MADV_HUGEPAGE
	void *p = malloc(64);
	uintptr_t at = (uintptr_t)p, lo, hi;
	char line[512];
	FILE *f;
	int done = 0;

	if (p == NULL || (f = fopen("/proc/self/maps", "re")) == NULL) {
		free(p);
		return 0;
	}
	while (!done && fgets(line, sizeof(line), f)) {
		unsigned long a, b;

		if (sscanf(line, "%lx-%lx", &a, &b) != 2 || at < a || at >= b)
			continue;
		done = strstr(line, "[heap]") ? -1 : 1;
		lo = ((uintptr_t)a + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		hi = (uintptr_t)b & ~(HUGE_PAGE - 1);
		if (done > 0 && hi > lo)
			(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
	fclose(f);
	free(p);
	return done > 0;
#else
	return 1;
#endif
}

void heap_prefer_huge_pages(size_t bytes)
{
	uintptr_t at, from, to;
	size_t fill = 0;
	char *start, *end;
	void *p;

#ifndef MADV_HUGEPAGE
	(void)bytes;
	return;
#else
	if (filler != NULL)
		return;
#ifdef PEPKIT_MIMALLOC
	if (mi_option_is_enabled(mi_option_large_os_pages))
		return;   /* heap_huge_pages_from_start(): its mappings are advised already */
#endif
	if (mapping_of_heap_huge())
		return;
	/* heap memory is reused rather than given back and taken again (each time new pages), and
	 * large blocks (font subsets, the PDF) come from the heap too */
	if (!mallopt(M_MMAP_THRESHOLD, 32 << 20) || !mallopt(M_TRIM_THRESHOLD, 256 << 20))
		return;
	start = sbrk(0);
	if (start == (char *)-1 || (p = malloc(bytes)) == NULL)
		return;
	end = sbrk(0);
	at = (uintptr_t)p;   /* where the heap's free top began: p is carved from it */
	from = (at + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	to = (uintptr_t)end & ~(HUGE_PAGE - 1);
	/* the filler: from the top's start to the boundary, less malloc's chunk header
	 * (2 * sizeof(size_t)), so the next chunk's data starts just past the boundary */
	if (end != (char *)-1 && end > start && to > from && from - at > 2 * sizeof(size_t) &&
	    madvise((void *)from, to - from, MADV_HUGEPAGE) == 0)
		fill = from - at - 2 * sizeof(size_t);
	free(p);   /* back to the top, which is kept (no trimming below 256 MiB) */
	if (fill > 0)
		filler = malloc(fill);
#endif
}

int heap_huge_pages_from_start(void)
{
#ifdef PEPKIT_MIMALLOC
	mi_option_set(mi_option_large_os_pages, 1);
	return 1;
#else
	return 0;
#endif
}
