/*
 * Private to the files of the book's content: content.c (the walkers and
 * a file's document), plan.c, links.c, divisions.c, listings.c, tables.c
 * and images.c. It holds the state of the file being written and the
 * functions they share; epub.c and the rest of the back end see only
 * epub.h.
 */
#ifndef BOOKC_EPUB_CONTENT_INT_H
#define BOOKC_EPUB_CONTENT_INT_H

#include <stdbool.h>
#include <glib.h>

#include "epub.h"
#include "xhtml.h"

/* One XHTML file being written (epub_doc_render). */
struct out {
	struct epub_doc *d;
	const struct epub_chunk *chunk;
	struct xhtml *x;
	GPtrArray *langs;            /* language in effect at each depth */
	GHashTable *refs_done;       /* FOOTNOTEs whose noteref is written */
	GHashTable *cells;           /* ENTRY -> its struct epub_cell, for
	                                the tables opened so far (tables.c) */
	struct epub_face_hook hook;
	const struct node *fn_mark;  /* footnote whose number is pending */
	const struct node *co_mark;  /* callout whose markers are pending */
	const struct node *link_after; /* LINK whose address follows it */
	bool in_notes;               /* writing the file's footnotes */
	struct epub_textstate ts;    /* the text around what otext writes */
};

/* ---- content.c ---------------------------------------------------- */

/* The language in effect where the next element opens. */
const char *cur_lang(const struct out *o);
/* Opens tag for node n (NULL: no node), then the attributes: name,
 * value pairs ending with NULL (a NULL value leaves its name out). */
void eopen(struct out *o, const char *tag, const struct node *n, ...);
void otext(struct out *o, const char *s);
/* otext, next: the character shown after s (0: none or not known). */
void otext_before(struct out *o, const char *s, gunichar next);
/* Inline content: root's children (and root itself when with_root). */
void emit_inline(struct out *o, const struct node *root, bool with_root);
/* Block content: root and what it holds (only its children when
 * with_root is false). */
void emit_blocks(struct out *o, const struct node *root, bool with_root);

/* ---- math.c ------------------------------------------------------ */

/* A formula, as MathML. */
void emit_math(struct out *o, const struct node *math);

/* ---- math_image.c ------------------------------------------------- */

/* The images of formula math (struct epub_formula_image), added to the
 * EPUB once for each formula: one per piece when math.c writes it in
 * pieces (pieces > 1) and the PDF's layout cuts it in as many, else
 * one; NULL when they cannot be drawn (no math font, reported). */
const GArray *epub_formula_images(struct out *o, const struct node *math,
    guint pieces);

/* ---- spacing.c ---------------------------------------------------- */

/* A QUOTE's opening or closing mark, by its language and depth. */
const char *epub_quote_mark(const struct node *q, bool open);
/* The first character n's content shows, or 0 when it shows none or
 * what it shows first is generated (an xref's text, a note's number). */
gunichar epub_char_in(const struct node *n);
/* The character shown right after inline node n in its block, the same
 * way; 0 at the block's end. */
gunichar epub_char_after(const struct node *n);

/* ---- links.c ------------------------------------------------------ */

/* An XML NCName made of the id's ASCII letters, digits, '_', '-', '.'. */
char *sanitize_id(const char *id);
/* base, or base-2, base-3...: whichever is free; marks it used. */
const char *unique_id(struct epub_doc *d, const char *base);
/* Whether n's element can carry n's id. */
bool carries_id(const struct node *n);
/* The id of n's element, or NULL. */
const char *frag_of(const struct epub_doc *d, const struct node *n);
/* n's id, made from prefix ("sec-3") if it has none. */
const char *ensure_frag(struct epub_doc *d, const struct node *n,
    const char *prefix);
/* Whether readers can follow the address (else it is shown as code). */
bool is_real_uri(const char *u);
/* The number of footnote fn (first: where fn stands, not a
 * footnoteref), linked to the footnote. */
void emit_noteref(struct out *o, const struct node *fn, bool first);
void emit_link(struct out *o, const struct node *n);
void emit_link_address(struct out *o, const struct node *n);
void emit_xref(struct out *o, const struct node *n);
void emit_backlink(struct out *o, const struct node *fn);

/* ---- divisions.c -------------------------------------------------- */

/* Whether n is a division the table of contents lists. */
bool is_navigable(const struct node *n);
/* The level of n's heading in the file being written (1 to 6). */
unsigned heading_level(const struct out *o, const struct node *n);
/* A division's epub:type, or NULL. */
const char *epub_type_of(enum node_kind k);
const char *epub_role_of(const char *type);
/* The back-of-book index, in the index division. */
void emit_index(struct out *o, const struct node *div);
/* A division's heading: label and title. */
void emit_heading(struct out *o, const struct node *n);
void emit_block_title(struct out *o, const struct node *n);
/* A figure's or table's label and title in a tag (figcaption, caption). */
void emit_formal_caption(struct out *o, const struct node *n,
    const char *tag);
void emit_table_caption(struct out *o, const struct node *table);
/* The title page's content. */
void emit_titlepage(struct out *o);

/* ---- listings.c --------------------------------------------------- */

/* A programlisting or screen. */
void emit_listing(struct out *o, const struct node *n);
/* The markers a callout's explanation links back to its listing with. */
void emit_callout_back(struct out *o, const struct node *callout);

/* ---- images.c ----------------------------------------------------- */

/* A mediaobject: its image (copied into the EPUB), or its description. */
void emit_media(struct out *o, const struct node *n);
/* An inlinemediaobject in text: its image, or its alternative text. */
void emit_inline_media(struct out *o, const struct node *n);
/* Where the image an IMAGEDATA names is in the EPUB (copied there
 * once), or NULL after a warning. */
const char *epub_image_href(struct out *o, const struct node *data);

/* ---- tables.c ----------------------------------------------------- */

/* Opens a table (its frame a class) and places its cells. */
void emit_table(struct out *o, const struct node *table);
/* Opens an ENTRY's cell (an entrytbl's, class extra); false when it has
 * written what the cell holds too (a cell lined up on a character). */
bool emit_cell(struct out *o, const struct node *n, const char *extra);

#endif
