/*
 * Pagination: fills pages from a stream of layout boxes. It decides where
 * pages break (keeps, widows and orphans, discardable space, footnotes at
 * the foot of their page, table header rows repeated, blank pages before
 * right-hand chapter openings), numbers the pages (roman in the front
 * matter) and places running heads and page numbers. It knows nothing of
 * Cairo: device.c draws the pages, pagedump.c prints them.
 */
#ifndef BOOKC_PDF_PAGINATE_H
#define BOOKC_PDF_PAGINATE_H

#include <stdbool.h>
#include <glib.h>

#include "layout.h"

/* A box placed on a page: the layout's own box, or one the page owns (a
 * running head, a rule, or a box pagination had to change: a table's last
 * row on a page, a repeated header), whose pointers still belong to the
 * layout it came from. */
struct page_item {
	const struct lbox *b;
	double x, y;            /* page coordinates of its left and top */
};

struct page {
	int number;             /* printed number, counted in its numbering */
	bool roman;             /* front matter */
	char label[24];         /* "iii", "12": what is printed */
	bool recto;             /* right-hand page */
	bool blank;             /* inserted to open a chapter on a recto */
	GArray *items;          /* struct page_item, in reading order */
	GPtrArray *own;         /* struct lbox * the page owns, or NULL */
};

/*
 * Appends the pages made from l to pages (struct page *), numbered from
 * first. Running heads and page numbers are set with env into extra.
 * dests gets every destination name placed (name -> page label, first
 * one wins; keys and values owned by the table).
 */
void page_fill(struct layout_env *env, const struct layout *l,
    GPtrArray *pages, int first, bool roman, struct layout *extra,
    GHashTable *dests);
/*
 * The same, a part at a time, while the layout is still being made:
 * page_filler_run fills the pages the boxes so far decide (a page waits
 * while the boxes to come could still go on it); with final, the rest.
 * With own, placed boxes are copied into their page, as the layout's
 * array of boxes may move when it grows.
 */
struct filler;
struct filler *page_filler_new(struct layout_env *env,
    const struct layout *l, GPtrArray *pages, int first, bool roman,
    struct layout *extra, GHashTable *dests, bool own);
void page_filler_run(struct filler *fl, bool final);
/* The total the body's page numbers count to ([page] page-numbers =
 * of-total): the last pass's page count, 0 while none is known. */
void page_filler_set_total(struct filler *fl, int total);
/* The label of the page a box laid out now would be on, dy below the
 * top of it; or, given dest, the page of the box laid out with it: an
 * estimate (keeps are not counted). */
const char *page_filler_predict(const struct filler *fl, const char *dest,
    double dy, char *buf, size_t len);
/* Whether dest is on a box laid out but not placed yet. */
bool page_filler_waiting(const struct filler *fl, const char *dest);
void page_filler_free(struct filler *fl);

/* A blank page with the next number (to end front matter on a verso). */
void page_add_blank(GPtrArray *pages, bool roman);
void page_free(struct page *p);

#endif
