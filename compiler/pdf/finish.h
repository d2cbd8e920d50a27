/*
 * Finishing a PDF Cairo has written: catalog /Lang, display of the
 * document title, XMP metadata, pages' tab order, valid dates, outline
 * count, the figures' alternative text and a content-derived /ID,
 * appended as an incremental update (see finish.c).
 */
#ifndef BOOKC_PDF_FINISH_H
#define BOOKC_PDF_FINISH_H

#include <stdbool.h>
#include <glib.h>

/* Counts of what was drawn: pages, children of the structure tree's
 * Document element, top-level outline items. */
struct pdf_order {
	guint pages, elements, outline;
};

struct pdf_finish_info {
	const char *lang;       /* BCP 47, "zh-CN"; NULL for none */
	const GPtrArray *alts;  /* const char *: the /Alt of each Figure of
	                           the structure tree, in its order ("":
	                           none); NULL for none */
	/* Drawn last, put first: the front matter, drawn once the body's
	 * page numbers are known. 0 pages: nothing moves. */
	struct pdf_order front;
	const GPtrArray *labels; /* const char *: the page labels in the
	                            final order, or NULL */
	const char *md5;        /* MD5 (hexadecimal) of the file as Cairo
	                           wrote it, or NULL: pdf_finish reads it */
	const char *title;      /* UTF-8, for the XMP metadata; NULL: none */
	const char *author;
};

/* Returns false after a diagnostic. */
bool pdf_finish(const char *path, const struct pdf_finish_info *fi);

#endif
