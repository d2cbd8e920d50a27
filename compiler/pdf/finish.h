/*
 * Finishing a PDF Cairo has written: catalog /Lang, display of the
 * document title, valid dates, outline count and a content-derived /ID,
 * appended as an incremental update (see finish.c).
 */
#ifndef BOOKC_PDF_FINISH_H
#define BOOKC_PDF_FINISH_H

#include <stdbool.h>

struct pdf_finish_info {
	const char *lang;       /* BCP 47, "zh-CN"; NULL for none */
};

/* Returns false after a diagnostic. */
bool pdf_finish(const char *path, const struct pdf_finish_info *fi);

#endif
