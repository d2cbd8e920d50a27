/*
 * Finishing a PDF Cairo has written: catalog /Lang, display of the
 * document title, valid dates, outline count, the figures' alternative
 * text and a content-derived /ID, appended as an incremental update (see
 * finish.c).
 */
#ifndef BOOKC_PDF_FINISH_H
#define BOOKC_PDF_FINISH_H

#include <stdbool.h>
#include <glib.h>

struct pdf_finish_info {
	const char *lang;       /* BCP 47, "zh-CN"; NULL for none */
	const GPtrArray *alts;  /* const char *: the /Alt of each Figure of
	                           the structure tree, in its order ("":
	                           none); NULL for none */
};

/* Returns false after a diagnostic. */
bool pdf_finish(const char *path, const struct pdf_finish_info *fi);

#endif
