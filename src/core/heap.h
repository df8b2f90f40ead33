/*
 * heap.h: the main heap of a short process that builds large trees (a single `pepkit render`),
 * backed by transparent huge pages where the kernel offers them. On the virtual machines pepkit
 * runs on, a first touch of a 4 KiB page costs about 3.4 microseconds: the 700 or so heap pages
 * a render touches (compiled stylesheet and schema, document trees, PDF buffers) were a sixth
 * of its CPU (issue 15: at most 10 ms with process start); a 2 MiB huge page costs about a
 * tenth of its 512 small pages.
 */
#ifndef PEPKIT_HEAP_H
#define PEPKIT_HEAP_H

#include <stddef.h>

/* Grow the main heap (malloc's, in this thread) now by about bytes, keep what it grows to for the
 * rest of the process (no trimming; allocations up to 32 MiB come from it rather than from
 * mappings of their own), and ask the kernel (madvise MADV_HUGEPAGE) to back the whole 2 MiB
 * blocks of it with huge pages on first touch. Advice only: where transparent huge pages are
 * off, or the kernel has none to give, the heap is the same with small pages. When malloc is
 * mimalloc's (linked ahead of the C library), whose memory is mappings of its own rather than
 * the brk heap, the mapping holding its blocks is advised instead (nothing to do when
 * heap_huge_pages_from_start() took effect). Call once, early,
 * from the main thread of a command that will use about that much heap; never fails. */
void heap_prefer_huge_pages(size_t bytes);

/* When malloc is mimalloc's (PEPKIT_MIMALLOC, set by the Makefile): ask it (its option
 * large_os_pages) to take its memory from the kernel in 2 MiB-aligned mappings advised for huge
 * pages from its very first block. Only an executable's DT_PREINIT_ARRAY function runs early
 * enough: it runs before every library's constructor, and mimalloc reads the option when it maps
 * its first segment, at the first malloc (libstdc++'s and ICU's constructors allocate). Then
 * the pages touched before main() are huge pages too, which advising the mapping later
 * (heap_prefer_huge_pages) cannot give: a sample render takes 445 page faults instead of 711,
 * and /proc/self/maps is not read. Returns 1 when the option is set, 0 when malloc is another
 * (glibc's, or a sanitizer's: nothing done). Advice only, as above; never fails. */
int heap_huge_pages_from_start(void);

#endif
