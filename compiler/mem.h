/*
 * Memory given back to the system at the points where a run has freed
 * much of it (the XML tree after reading, the layout before the fonts are
 * written), whichever allocator the program was linked with.
 */
#ifndef BOOKC_MEM_H
#define BOOKC_MEM_H

void mem_give_back(void);

#endif
