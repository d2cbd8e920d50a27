/*
 * What the reader's two files share: reader.c converts libxml2's tree
 * into the model and resolves XIncludes; parse.c parses one file with
 * positions, errors and the confined entity loader.
 */
#ifndef BOOKC_READER_INT_H
#define BOOKC_READER_INT_H

#include <stdbool.h>
#include <libxml/parser.h>

#include "reader.h"

struct reader {
	const struct reader_opts *opts;
	char *root_dir;           /* realpath of the tree the book may read */
	GPtrArray *include_stack; /* realpaths of files being converted */
	GPtrArray *positions;     /* struct pos * owned, for _private */
	int xpointer_depth;       /* > 0 while converting an XPointer copy */
	GPtrArray *active;        /* <xi:include> elements being expanded */
	GHashTable *foreign;      /* namespace -> struct foreign_meta * */
	GPtrArray *foreign_order; /* of those, in document order */
	bool failed;
};

/* The reader whose parse is under way, for the libxml2 callbacks that
 * carry no user pointer (the entity loader, the error handler). */
extern struct reader *current;
/* libxml2's free-text errors of the parse under way. */
extern GString *generic_errors;
/* The shared DocBook 4 DTD. */
extern xmlDocPtr dtd_holder;
/* libxml2's own loader, which entity_loader calls for allowed files. */
extern xmlExternalEntityLoader default_loader;

/* file as messages show it (relative to the working directory), interned. */
const char *shown_file(const char *file);
/* Where libxml2's node x (or its nearest positioned ancestor) starts. */
const struct pos *xml_pos(const xmlNode *x);
/* Is the absolute, symlink-resolved path inside dir? */
bool path_inside(const char *real, const char *dir);
xmlParserInputPtr entity_loader(const char *url, const char *id,
    xmlParserCtxtPtr ctxt);
/* Parses the file at path, or, when mem is not NULL, the len bytes at
 * mem read from standard input, named path. NULL after messages. */
xmlDocPtr parse_doc(struct reader *r, const char *path, const char *mem,
    size_t len);
xmlDocPtr parse_file(struct reader *r, const char *path);
/* The whole of standard input, read once. */
char *read_stdin(size_t *len);

#endif
