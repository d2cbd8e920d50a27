/*
 * The output devices of the PDF back end: the Cairo PDF device, the only
 * code that talks to a cairo_pdf_surface, and the text dump of the page
 * geometry used by the golden layout tests.
 */
#ifndef BOOKC_PDF_DEVICE_H
#define BOOKC_PDF_DEVICE_H

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>

#include "finish.h"
#include "layout.h"
#include "paginate.h"
#include "style.h"

struct pdf_meta {
	const char *title, *author, *subject, *keywords, *creator;
	const char *date;       /* ISO 8601, from the source date */
};

/* The Cairo PDF device, drawing into a new PDF at path, tagged: its
 * structure tree holds headings, paragraphs, code, lists, tables, block
 * quotes, figures, footnotes and links, page furniture drawn as what
 * pdf_finish makes artifacts. tags gets what pdf_finish gives the tree
 * (see struct pdf_tags). threaded: the file's digest is
 * computed on a thread of its own while the pages are drawn. */
struct pdf_device;

struct pdf_device *pdf_device_open(const char *path,
    const struct layout_metrics *m, const struct style *st,
    const struct pdf_meta *meta, struct pdf_tags *tags, bool threaded);

/* Draws p as the next page and frees it. */
void pdf_device_page(struct pdf_device *d, struct page *p);

void pdf_device_count(const struct pdf_device *d, struct pdf_order *n);

/* Ends the document and frees d: once the last page is shown and before
 * Cairo writes the fonts, drawn(arg) may release what the pages borrowed
 * (the layouts). Returns false after reporting an error through diag;
 * else, unless md5 is NULL, *md5 gets the MD5 digest (hexadecimal, to
 * g_free) of the file as Cairo wrote it, which pdf_finish wants. */
bool pdf_device_close(struct pdf_device *d, const char *path,
    void (*drawn)(gpointer), gpointer arg, char **md5);

/* Writes "page N LABEL" and, per text line, "N x y w right TAG text":
 * y the baseline, right the end of the line's measure, TAG what the line
 * is (block letter of struct lbox, alignment J/L/C/R, ^ first and $ last
 * line of its paragraph). */
void pdf_dump_pages(FILE *out, const GPtrArray *pages);

#endif
