/*
 * bookc is linked with tcmalloc (gperftools' minimal allocator) unless a
 * build says otherwise (the sanitizer and fuzzing builds, and the one
 * valgrind runs, keep glibc's malloc, which they replace or watch). A big
 * book spends a fifth of its main thread in glibc's malloc and free, all
 * those paragraphs, boxes and glyph runs; with tcmalloc the PostgreSQL
 * manual's PDF takes 9.6 s instead of 11.7 s and its EPUB 1.65 s instead
 * of 1.95 s, the 1,000-page benchmark's PDF 1.7 s instead of 1.85 s.
 */
#include <malloc.h>

#ifdef BOOKC_TCMALLOC
#include <gperftools/malloc_extension_c.h>
#endif

#include "mem.h"

void
mem_give_back(void)
{
#ifdef BOOKC_TCMALLOC
	MallocExtension_ReleaseFreeMemory();
#else
	malloc_trim(0);
#endif
}
