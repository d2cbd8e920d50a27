/*
 * Callouts (co, area, areaset): the number a marker shows and the glyph
 * it is drawn with, shared by the back ends so that PDF and EPUB number
 * and draw them alike.
 */
#ifndef BOOKC_CALLOUT_H
#define BOOKC_CALLOUT_H

#include <stddef.h>

#include "model.h"

/* A co's rank among the co's of its listing; an area's (or its
 * areaset's) rank in its areaspec, the areas of a set sharing the set's.
 * 0 for anything else. */
unsigned callout_number(const struct node *n);
/* Whether n explains callouts: an item of a calloutlist with arearefs. */
bool callout_is_item(const struct node *n);
/* The marker of callout k: ❶..❿, ⓫..⓴, then "(21)"... */
void callout_glyph(unsigned k, char *buf, size_t len);

#endif
