/*
 * The reader: XML files to the document model, through libxml2, with no
 * network access, external entities and XIncludes confined to the book's
 * own directory tree, and a file:line:col position on every node.
 * Only the CLI includes this header; back ends read the model.
 */
#ifndef BOOKC_READER_H
#define BOOKC_READER_H

#include "model.h"

struct reader_opts {
	/* DocBook profiling: attribute name (revision, os, arch, condition,
	 * audience...) -> NULL-terminated array of accepted values. An element
	 * whose profiled attribute names none of them is left out, with its
	 * content, before ids are checked. May be NULL. */
	GHashTable *profile;
	/* --root: the directory tree that XIncludes, entities and images
	 * may come from. NULL: the main file's directory. */
	const char *root;
};

/* Reads the book at path. Returns NULL after reporting errors. */
struct book *reader_read(const char *path, const struct reader_opts *opts);

/* Releases libxml2's global state (for leak checkers). */
void reader_cleanup(void);

#endif
