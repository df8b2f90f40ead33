/*
 * test_heap.c: core/heap.h: after heap_prefer_huge_pages(), new heap blocks lie in memory the
 * kernel was advised to back with huge pages (the "hg" flag of its mapping in /proc/self/smaps),
 * starting on a 2 MiB boundary, and the heap works as before (blocks written, read, freed,
 * reallocated). Where transparent huge pages are off ("[never]"), only the latter is checked.
 */
#include "core/pepkit.h"
#include "core/heap.h"
#include "unit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 if address a lies in a mapping of this process whose VmFlags include "hg" (MADV_HUGEPAGE),
 * 0 if in one without, -1 if /proc/self/smaps cannot be read or has no such mapping. */
static int advised_huge(uintptr_t a)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int in = 0, found = -1;
	unsigned long lo, hi;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = a >= lo && a < hi;
		else if (in && strncmp(line, "VmFlags:", 8) == 0) {
			found = strstr(line, " hg") != NULL;
			in = 0;
		}
	}
	fclose(f);
	return found;
}

/* 1 if address a lies in the brk heap ("[heap]" in /proc/self/maps): glibc's malloc; mimalloc
 * (linked ahead of the C library in an optimised build) keeps its memory in mappings of its own. */
static int in_brk_heap(uintptr_t a)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned long lo, hi;
	int in = 0;

	if (f == NULL)
		return 0;
	while (!in && fgets(line, sizeof(line), f) != NULL)
		in = sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && a >= lo && a < hi && strstr(line, "[heap]");
	fclose(f);
	return in;
}

/* 1 if transparent huge pages may be used on advice (enabled is [always] or [madvise]). */
static int thp_on(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char s[128] = "";

	if (f == NULL)
		return 0;
	if (fgets(s, sizeof(s), f) == NULL)
		s[0] = '\0';
	fclose(f);
	return strstr(s, "[never]") == NULL && s[0] != '\0';
}

int main(void)
{
	char *before = malloc(100), *a, *b, *c;
	int sanitised = 0;

#if defined(__SANITIZE_ADDRESS__)
	sanitised = 1;   /* ASan's allocator has no sbrk heap: the call only leaves it alone */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	sanitised = 1;
#endif
#endif
	CHECK(before != NULL, "a block before the call");
	heap_prefer_huge_pages((size_t)8 << 20);
	heap_prefer_huge_pages((size_t)8 << 20);   /* a second call changes nothing */
	a = malloc(1000);
	b = malloc(300 << 10);   /* over malloc's default mapping threshold: from the heap now */
	CHECK(a != NULL && b != NULL, "blocks after the call");
	if (a == NULL || b == NULL)
		return unit_done();
	memset(a, 'a', 1000);
	memset(b, 'b', 300 << 10);
	CHECK(a[999] == 'a' && b[(300 << 10) - 1] == 'b', "the blocks hold what was written");
	if (thp_on() && !sanitised) {
		CHECK(advised_huge((uintptr_t)a) == 1, "a small block lies in memory advised for huge pages");
		CHECK(advised_huge((uintptr_t)b) == 1, "a 300 KiB block lies in memory advised for huge pages");
		if (in_brk_heap((uintptr_t)before)) {   /* glibc: the heap grown to a boundary */
			CHECK(((uintptr_t)a & (((uintptr_t)2 << 20) - 1)) < 4096,
			      "the first block after the call starts just past a 2 MiB boundary");
			CHECK(advised_huge((uintptr_t)before) == 0, "the block from before the call is where it was");
		} else {   /* mimalloc: the mapping its blocks are in, advised as a whole */
			CHECK(advised_huge((uintptr_t)before) == 1, "mimalloc: the mapping of its blocks is advised");
		}
	} else {
		printf("ok - # skip: transparent huge pages are off here, or the allocator is not malloc's\n");
	}
	free(a);
	c = realloc(b, 600 << 10);
	CHECK(c != NULL && c[(300 << 10) - 1] == 'b', "a block grown keeps its bytes");
	free(c);
	free(before);
	return unit_done();
}
