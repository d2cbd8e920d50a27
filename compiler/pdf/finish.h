/*
 * Finishing a PDF Cairo has written: catalog /Lang, display of the
 * document title, XMP metadata, pages' tab order, valid dates, outline
 * count, the figures' alternative text, the links' text, the page
 * furniture as artifacts and a content-derived /ID,
 * appended as an incremental update (see finish.c).
 */
#ifndef BOOKC_PDF_FINISH_H
#define BOOKC_PDF_FINISH_H

#include <stdbool.h>
#include <glib.h>

/*
 * What the device's tags cannot say, kept while it draws for pdf_finish
 * to give the structure tree (finish_tree.c), in the order the device
 * opened the elements. Page furniture is drawn in leaf elements of the
 * tag PDF_ARTIFACT_TAG, a tag bookc uses for nothing else, which become
 * artifacts.
 */
#define PDF_ARTIFACT_TAG "Private"

struct pdf_tags {
	GPtrArray *alts;        /* char *: each Figure's /Alt ("": none) */
	GPtrArray *links;       /* char *: each Link's /Contents ("": none) */
	GString *artifacts;     /* each PDF_ARTIFACT_TAG leaf's kind: 'P'
	                           pagination, 'L' layout */
	GPtrArray *lists;       /* const char * (static): each L's
	                           /ListNumbering ("Decimal"...; "": none) */
};

struct pdf_tags *pdf_tags_new(void);
void pdf_tags_clear(struct pdf_tags *t);
void pdf_tags_free(struct pdf_tags *t);

/* Counts of what was drawn: pages, children of the structure tree's
 * Document element, top-level outline items. */
struct pdf_order {
	guint pages, elements, outline;
};

struct pdf_finish_info {
	const char *lang;       /* BCP 47, "zh-CN"; NULL for none */
	const struct pdf_tags *tags;    /* what the device kept */
	/* Drawn last, put first: the front matter, drawn once the body's
	 * page numbers are known. 0 pages: nothing moves. */
	struct pdf_order front;
	const GPtrArray *labels; /* const char *: the page labels in the
	                            final order, or NULL */
	const char *md5;        /* MD5 (hexadecimal) of the file as Cairo
	                           wrote it, or NULL: pdf_finish reads it */
	const char *title;      /* UTF-8, for the XMP metadata; NULL: none */
	const char *author;
	bool ua;                /* claim PDF/UA-1 (pdfuaid:part 1 in the XMP
	                           metadata): only when the style asks */
};

/* Returns false after a diagnostic. */
bool pdf_finish(const char *path, const struct pdf_finish_info *fi);

#endif
