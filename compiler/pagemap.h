/*
 * The printed edition's pages, shared from the PDF back end to the EPUB
 * back end when both are made in one run from one style: where each
 * printed page begins (a text node of the model and a byte offset in its
 * text) and the page's label. The PDF back end fills it after its last
 * layout pass; the EPUB back end waits for it and marks each page start
 * with an EPUB page break and a page-list entry.
 */
#ifndef BOOKC_PAGEMAP_H
#define BOOKC_PAGEMAP_H

#include <stdbool.h>
#include <glib.h>

#include "model.h"

struct page_start {
	const struct node *text;  /* N_TEXT where the page begins, or NULL
	                             (a page with no text of the book) */
	int offset;               /* byte offset in text->text */
	char label[24];           /* the printed page number */
};

struct page_map {
	GMutex lock;
	GCond ready_cond;
	bool ready;
	bool ok;                  /* false: the PDF failed; no page-list */
	GArray *starts;           /* struct page_start, in page order */
};

struct page_map *page_map_new(void);
void page_map_free(struct page_map *m);
/* Publishes the map (ok) or its absence; wakes waiters. Idempotent. */
void page_map_done(struct page_map *m, bool ok);
/* Waits until the map is done; returns whether it holds pages. */
bool page_map_wait(struct page_map *m);

#endif
