/*
 * The back-end interface: every output format is a struct backend with
 * private state behind new/render/free. The CLI holds the only switch over
 * formats (main.c). Back ends read the model and never write into it, so
 * several can render one parsed book in any order.
 */
#ifndef BOOKC_BACKEND_H
#define BOOKC_BACKEND_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "pagemap.h"
#include "style.h"

struct render_opts {
	const struct style *style;
	const char *const *data_dirs;  /* where styles/ and fonts/ live */
	const char *fonts_conf;        /* bookc's fontconfig file */
	long long source_date;         /* seconds since the epoch, for
	                                  every date written into output */
	bool verbose;
	bool progress;                 /* stderr is a terminal */
	enum impose_mode {
		IMPOSE_NONE,
		IMPOSE_2UP,            /* two pages side by side per sheet */
		IMPOSE_BOOKLET         /* saddle-stitch: folds into a booklet */
	} impose;                      /* PDF only */
	bool marks;                    /* PDF: crop marks and bleed boxes */
	struct page_map *pages;        /* PDF and EPUB in one run: the PDF
	                                  publishes its pages, the EPUB marks
	                                  them; NULL otherwise */
};

struct backend {
	const char *name;              /* "pdf", "epub", "tree" */
	const char *extension;         /* ".pdf", or NULL */
	void *(*new)(const struct render_opts *opts);
	/* Writes the whole output to path (a temporary file the CLI renames
	 * into place on success), or to out when path is NULL. Returns false
	 * after reporting the error through diag. */
	bool (*render)(void *ctx, const struct book *book, const char *path,
	    FILE *out);
	void (*free)(void *ctx);
};

extern const struct backend tree_backend;
extern const struct backend pdf_backend;
extern const struct backend epub_backend;

#endif
