/*
 * The back-of-book index: every <indexterm> of the book gathered into
 * entries (primary, secondary, tertiary), merged and sorted, each with the
 * places that refer to it. Built from the validated model; back ends print
 * it where the book has an <index/> (the PDF with page numbers, the EPUB
 * with links) and mark each indexterm's place with index_anchor().
 */
#ifndef BOOKC_INDEX_H
#define BOOKC_INDEX_H

#include "model.h"

struct index_entry {
	char *primary;          /* display text, whitespace collapsed */
	char *secondary;        /* or NULL */
	char *tertiary;         /* or NULL */
	char *see;              /* "see" cross-reference text, or NULL */
	char *seealso;          /* "see also", or NULL */
	char *group;            /* heading it sorts under: "A".."Z", "#", or
	                           the first character of a Han term */
	GPtrArray *terms;       /* const struct node * (N_INDEXTERM), in
	                           document order: the places */
};

struct book_index {
	GPtrArray *entries;     /* struct index_entry *, sorted */
	GHashTable *number;     /* INDEXTERM node -> its 1-based number */
};

/* NULL when the book has no index terms. */
struct book_index *index_build(const struct book *b);
void index_free(struct book_index *ix);
/* A name for the place of an indexterm ("bookc-idx-12"); caller frees. */
char *index_anchor(const struct book_index *ix, const struct node *term);
/* The book's main index division: its setindex, else its first <index>,
 * or NULL. */
const struct node *index_division(const struct book *b);
/* Whether n is an index division (index or setindex). */
bool index_is_division(const struct node *n);
/* What an index division lists, as DocBook XSL scopes it: a setindex or
 * an index in the book itself the whole book (NULL), an index in a part
 * or in a book of a set that part or book alone. */
const struct node *index_scope(const struct node *div);
/* The entries with places in scope (NULL: ix's own entries), each with
 * those places alone; free with index_scoped_free. */
GPtrArray *index_scoped(const struct book_index *ix, const struct node *scope);
void index_scoped_free(const struct book_index *ix, GPtrArray *entries);

#endif
