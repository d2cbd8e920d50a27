/*
 * What finish.c and finish_tree.c share: reading the objects of the PDF
 * Cairo wrote (its text, as Cairo writes it) and the objects of the
 * incremental update pdf_finish appends.
 */
#ifndef BOOKC_PDF_FINISH_INT_H
#define BOOKC_PDF_FINISH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "finish.h"

/* An object of the update: its number and new body (a dictionary, an
 * array, or a stream with its dictionary; binary, body->len long). */
struct upd_obj {
	long num;
	GString *body;
	bool in_place;          /* written where the old object was (the
	                           file is rewritten): not to leave a page's
	                           old content stream behind as dead weight */
};

/* Offset of object num from the cross-reference table at xref, or -1. */
long fin_object_offset(const char *d, size_t len, long xref, long num);

/* The dictionary "<< ... >>" starting at or after p: its bounds. */
bool fin_dict_bounds(const char *p, const char *end, const char **start,
    const char **stop);

/* The dictionary of object num, as text to g_free, or NULL. */
char *fin_object_dict(const char *d, size_t len, long xref, long num);

/* The value of key in a dictionary's text (names matched whole), or
 * NULL. */
const char *fin_dict_value(const char *dict, const char *key);

const char *fin_skip_space(const char *p);

/* The elements "N 0 R" a structure element's /K value (at p) names. */
void fin_struct_kids(const char *p, GArray *kids);

/* Removes key (with a simple or dictionary value) from dict's text. */
void fin_remove_key(GString *dict, const char *key);

/* Inserts text before the closing ">>" of dict. */
void fin_add_before_end(GString *dict, const char *text);

/* A PDF text string: UTF-16BE with its byte order mark, in hex. */
void fin_append_text_string(GString *out, const char *utf8);

/* Adds an object to the update (body NULL: nothing). */
void fin_upd_add(GArray *objs, long num, GString *body);

/* Adds an object to be written in place of the old one. */
void fin_upd_replace(GArray *objs, long num, GString *body);

/* The update's copy of object num's dictionary, made from the file if it
 * has none yet; NULL if the object cannot be read. */
GString *fin_upd_object(const char *d, size_t len, long xref, GArray *objs,
    long num);

/* The items of an array of references and nulls ("N 0 R", "null"), as
 * their texts; NULL if it holds anything else. */
GPtrArray *fin_ref_items(const char *p);

/* The array "[ item ... ]" of items' texts. */
GString *fin_items_array(const GPtrArray *items);

/* A link of an SVG image, drawn by librsvg in the image's Figure: its
 * marked content (page object, MCID) and the elements' numbers. */
struct fin_figure_link {
	long page, mcid, link, figure;
};

/* The ink of SVG images with links (links) on page (object number) that
 * is outside marked content in content (the page's content stream, as
 * text) wrapped in marked content of their Figures (see finish_ink.c):
 * each new MCID is appended to tree_items (the page's parent-tree
 * array, as fin_ref_items gives it) and inserted in its Figure's kids
 * (kids: figure number -> GPtrArray of fin_ref_items, read from the
 * update or the file on first use). */
void fin_figure_ink(const char *d, size_t len, long xref, GArray *objs,
    long page, const GArray *links, GString *content, GPtrArray *tree_items,
    GHashTable *kids);

/* Writes the Figures' /K that fin_figure_ink changed into the update. */
void fin_figure_kids_write(const char *d, size_t len, long xref,
    GArray *objs, GHashTable *kids);

/* What the structure tree gets that Cairo's tags cannot give it (see
 * finish_tree.c): figures' /Alt, links' /Contents, header cells' /Scope,
 * and page furniture made artifacts. False after a diagnostic. */
bool fin_tree(const char *path, const char *d, size_t len, long xref,
    const char *catalog, const struct pdf_tags *tags, GArray *objs);

#endif
