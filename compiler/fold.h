/*
 * Folding DocBook element families into the model's known kinds before
 * the back ends (validation's helpers, fold.c), and the families folded
 * in files of their own: bibliographies (fold_biblio.c), and annotations,
 * simple lists, message sets, tasks and grammars (fold_more.c). Each
 * fold runs on the freshly read tree, before unsupported elements are
 * reported.
 */
#ifndef BOOKC_FOLD_H
#define BOOKC_FOLD_H

#include "model.h"

/* Whether n's text is only white space (or none). */
bool fold_blank(const struct node *n);
/* n's text, runs of white space as one space, none at either end;
 * g_free it. */
char *fold_squashed(const struct node *n);
/* Strips the white space at the start of n's first text and the end of
 * its last. */
void fold_trim(struct node *n);
/* Whether n is the element called name (its source name). */
bool fold_named(const struct node *n, const char *name);
void fold_prepend_text(struct node *n, const char *s);
void fold_append_text(struct node *n, const char *s);
/* A generated title, unless n has one. */
void fold_give_title(struct node *n, const char *text);
/* An empty bold emphasis, for generated lead-ins and run-in titles. */
struct node *fold_bold_node(const struct node *at);
void fold_move_children(struct node *from, struct node *to);
/* The title of a block the back ends set without one (a bibliolist, a
 * task, a message set) becomes a bold line, as DocBook XSL sets it. */
void fold_title_para(struct node *n);
/* A new cell at the end of row, spanning span columns. */
struct node *fold_table_cell(struct node *row, int span, bool head);
/* The language of n before validation has set n->lang: its own or
 * nearest ancestor's xml:lang, else the book's. */
const char *fold_lang_of(const struct node *n, const char *book_lang);
/* Folds every element called name, found first and folded after. */
void fold_each(struct node *root, const char *name,
    void (*fold)(struct node *, const char *), const char *book_lang);

/* Element names met, each reported once at its first place with a count
 * (" (3 times)"): fold_tally_report gives code the name and the count's
 * words, and frees the tally. */
struct fold_tally;
struct fold_tally *fold_tally_new(void);
void fold_tally_add(struct fold_tally *t, const char *name,
    const struct pos *pos);
void fold_tally_report(struct fold_tally *t, enum diag_code code);

/* Questions and answers: n labelled (a question or answer) or its title
 * made a bold line (a qandaset's or qandadiv's), in document order;
 * numbers counts the questions of each qandaset, qnums keeps each
 * qandaentry's question label for its answer's xref, dead gets the nodes
 * unlinked (freed after the walk). */
void fold_qanda(struct node *n, GHashTable *numbers, GHashTable *qnums,
    const char *lang, GPtrArray *dead);

/* Bibliographies: entries set with generated punctuation and labels,
 * citations and xrefs to entries reading "[label]". */
void fold_biblio(struct book *b);
/* Annotations placed after what they annotate; simple lists inline or
 * as tables; message sets, tasks and grammars (productionset) as
 * blocks and tables. */
void fold_more(struct book *b);
/* DocBook Transclusion: ids made unique (trans:idfixup) and links
 * pointed (trans:linkscope) as fold_trans.c says. */
void fold_transclusion(struct book *b);
/* Extended links (XLink): each place an arc starts from followed by its
 * targets as links (fold_xlink.c). */
void fold_xlink(struct book *b);
/* Listings whose text is in a file (textdata), images with callout
 * areas (imageobjectco), covers (fold_objects.c). */
void fold_objects(struct book *b);
/* References to what is written elsewhere: coref, synopfragmentref,
 * olink, a written index's entries (fold_refs.c). */
void fold_refs(struct book *b);
/* HTML inline elements that pandoc copies from Markdown (sup, kbd, b...)
 * read as their DocBook counterparts, with a warning (fold_html.c). */
void fold_html(struct book *b);

#endif
