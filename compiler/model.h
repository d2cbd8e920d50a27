/*
 * The document model: bookc's own tree of a book, independent of libxml2.
 * The reader builds it, validation normalises it (after which the rules
 * written beside each kind below hold), and the back ends only read it.
 *
 * Layering: back ends include model.h (and style.h, diag.h), never
 * reader.h or libxml2 headers.
 */
#ifndef BOOKC_MODEL_H
#define BOOKC_MODEL_H

#include <stdbool.h>
#include <glib.h>

#include "diag.h"

/* What a node is as a child of its parent. */
enum node_class {
	NC_BLOCK,       /* stands in a block container */
	NC_INLINE,      /* stands in an inline container */
	NC_PART,        /* a structural part of its parent (row, entry...) */
	NC_META         /* info and its children */
};

/* What a node holds. */
enum node_content {
	CT_BLOCKS,      /* block nodes only (after validation) */
	CT_INLINE,      /* inline nodes only, whitespace collapsed */
	CT_VERBATIM,    /* inline nodes, whitespace kept */
	CT_PARTS,       /* its own structural parts */
	CT_EMPTY
};

/*
 * X(KIND, "dump name", class, content)
 * After validation:
 * - a CT_BLOCKS node's children are NC_BLOCK nodes, except leading TITLE,
 *   SUBTITLE, INFO (meta) children of divisions and formal objects;
 * - a CT_INLINE/CT_VERBATIM node's children are NC_INLINE nodes;
 * - UNKNOWN does not occur (it became DIV, PARA or PHRASE);
 * - MATH is a MathML <math>, MML any MathML element under it (its name the
 *   element's local name); text stands only in token elements (mi, mn, mo,
 *   mtext, ms, annotation), trimmed and collapsed as MathML has it; a
 *   display formula has display="block", and alttext is set from the
 *   equation's <alt> or a TeX annotation where the source had none
 *   (mathml.c).
 */
#define NODE_KINDS(X) \
	X(BOOK,          "book",          NC_BLOCK,  CT_BLOCKS) \
	X(INFO,          "info",          NC_META,   CT_PARTS) \
	X(TITLE,         "title",         NC_META,   CT_INLINE) \
	X(SUBTITLE,      "subtitle",      NC_META,   CT_INLINE) \
	X(AUTHOR,        "author",        NC_META,   CT_INLINE) \
	X(DATE,          "date",          NC_META,   CT_INLINE) \
	X(RELEASEINFO,   "releaseinfo",   NC_META,   CT_INLINE) \
	X(PUBLISHER,     "publisher",     NC_META,   CT_INLINE) \
	X(COPYRIGHT,     "copyright",     NC_META,   CT_INLINE) \
	X(ABSTRACT,      "abstract",      NC_META,   CT_BLOCKS) \
	X(LEGALNOTICE,   "legalnotice",   NC_META,   CT_BLOCKS) \
	X(PART,          "part",          NC_BLOCK,  CT_BLOCKS) \
	X(PREFACE,       "preface",       NC_BLOCK,  CT_BLOCKS) \
	X(CHAPTER,       "chapter",       NC_BLOCK,  CT_BLOCKS) \
	X(APPENDIX,      "appendix",      NC_BLOCK,  CT_BLOCKS) \
	X(SECTION,       "section",       NC_BLOCK,  CT_BLOCKS) \
	X(SIMPLESECT,    "simplesect",    NC_BLOCK,  CT_BLOCKS) \
	X(PARA,          "para",          NC_BLOCK,  CT_INLINE) \
	X(FORMALPARA,    "formalpara",    NC_BLOCK,  CT_BLOCKS) \
	X(BRIDGEHEAD,    "bridgehead",    NC_BLOCK,  CT_INLINE) \
	X(ITEMIZEDLIST,  "itemizedlist",  NC_BLOCK,  CT_PARTS) \
	X(ORDEREDLIST,   "orderedlist",   NC_BLOCK,  CT_PARTS) \
	X(LISTITEM,      "listitem",      NC_PART,   CT_BLOCKS) \
	X(VARIABLELIST,  "variablelist",  NC_BLOCK,  CT_PARTS) \
	X(VARLISTENTRY,  "varlistentry",  NC_PART,   CT_PARTS) \
	X(TERM,          "term",          NC_PART,   CT_INLINE) \
	X(PROGRAMLISTING,"programlisting",NC_BLOCK,  CT_VERBATIM) \
	X(SCREEN,        "screen",        NC_BLOCK,  CT_VERBATIM) \
	X(LITERALLAYOUT, "literallayout", NC_BLOCK,  CT_VERBATIM) \
	X(BLOCKQUOTE,    "blockquote",    NC_BLOCK,  CT_BLOCKS) \
	X(ATTRIBUTION,   "attribution",   NC_META,   CT_INLINE) \
	X(ADMONITION,    "admonition",    NC_BLOCK,  CT_BLOCKS) \
	X(FIGURE,        "figure",        NC_BLOCK,  CT_BLOCKS) \
	X(MEDIAOBJECT,   "mediaobject",   NC_BLOCK,  CT_PARTS) \
	X(IMAGEDATA,     "imagedata",     NC_PART,   CT_EMPTY) \
	X(AVDATA,        "avdata",        NC_PART,   CT_EMPTY) \
	X(TEXTOBJECT,    "textobject",    NC_PART,   CT_INLINE) \
	X(CAPTION,       "caption",       NC_PART,   CT_BLOCKS) \
	X(TABLE,         "table",         NC_BLOCK,  CT_PARTS) \
	X(COLSPEC,       "colspec",       NC_PART,   CT_EMPTY) \
	X(SPANSPEC,      "spanspec",      NC_PART,   CT_EMPTY) \
	X(THEAD,         "thead",         NC_PART,   CT_PARTS) \
	X(TBODY,         "tbody",         NC_PART,   CT_PARTS) \
	X(TFOOT,         "tfoot",         NC_PART,   CT_PARTS) \
	X(ROW,           "row",           NC_PART,   CT_PARTS) \
	X(ENTRY,         "entry",         NC_PART,   CT_BLOCKS) \
	X(DIV,           "div",           NC_BLOCK,  CT_BLOCKS) \
	X(TEXT,          "text",          NC_INLINE, CT_EMPTY) \
	X(EMPHASIS,      "emphasis",      NC_INLINE, CT_INLINE) \
	X(LINK,          "link",          NC_INLINE, CT_INLINE) \
	X(XREF,          "xref",          NC_INLINE, CT_EMPTY) \
	X(ANCHOR,        "anchor",        NC_INLINE, CT_EMPTY) \
	X(CODE,          "code",          NC_INLINE, CT_INLINE) \
	X(REPLACEABLE,   "replaceable",   NC_INLINE, CT_INLINE) \
	X(QUOTE,         "quote",         NC_INLINE, CT_INLINE) \
	X(PHRASE,        "phrase",        NC_INLINE, CT_INLINE) \
	X(SUPERSCRIPT,   "superscript",   NC_INLINE, CT_INLINE) \
	X(SUBSCRIPT,     "subscript",     NC_INLINE, CT_INLINE) \
	X(FOOTNOTE,      "footnote",      NC_INLINE, CT_BLOCKS) \
	X(FOOTNOTEREF,   "footnoteref",   NC_INLINE, CT_EMPTY) \
	X(INDEXTERM,     "indexterm",     NC_INLINE, CT_EMPTY) \
	X(INLINEMEDIA,   "inlinemediaobject", NC_INLINE, CT_PARTS) \
	X(MATH,          "math",          NC_INLINE, CT_PARTS) \
	X(MML,           "mml",           NC_PART,   CT_PARTS) \
	X(UNKNOWN,       "unknown",       NC_INLINE, CT_INLINE)

enum node_kind {
#define MODEL_KIND_ENUM(k, name, cls, ct) N_##k,
	NODE_KINDS(MODEL_KIND_ENUM)
#undef MODEL_KIND_ENUM
	N__COUNT
};

/* Node flags. */
#define NF_IMPLICIT   0x01  /* PARA made by validation around loose inline
                               content: no first-line indent of its own */
#define NF_CONTINUED  0x02  /* PARA continuing one split by a block */
#define NF_HEADER     0x04  /* ENTRY that is a header cell (<th>, thead) */
#define NF_INFORMAL   0x08  /* figure/table without a title: no label */

struct attr {
	const char *name;    /* interned local name ("linkend", "lang") */
	char *value;
	struct attr *next;
};

struct node {
	enum node_kind kind;
	unsigned flags;
	const char *name;        /* source element name, interned */
	struct pos pos;
	struct node *parent, *first, *last, *prev, *next;
	char *text;              /* N_TEXT: UTF-8 content */
	struct attr *attrs;      /* as written, namespace prefixes dropped */
	const char *id;          /* xml:id or id, or NULL */
	const char *lang;        /* effective language, normalised ("zh-CN",
	                            "en"), inherited; set by validation */
	char *label;             /* number: "3", "3.2", "A", "3.1" (figure);
	                            set by validation, or NULL */
	struct node *target;     /* XREF/LINK/FOOTNOTEREF with linkend:
	                            the node it points to */
	unsigned depth;          /* SECTION: 1 for a top-level section */
};

struct book {
	struct node *root;
	GHashTable *ids;         /* id string -> struct node * */
	const char *lang;        /* the book's language ("zh-CN") */
	char *base_dir;          /* directory of the main file (absolute) */
	char *root_dir;          /* the tree the book may read from (--root,
	                            else base_dir; absolute, symlinks
	                            resolved) */
	char *path;              /* the main file as given */
	GHashTable *images;      /* IMAGEDATA -> its checked image, or NULL
	                            where refused: filled once before the back
	                            ends by image_check_book (image.h) */
};

/* Kind tables. */
const char *model_kind_name(enum node_kind k);
enum node_class model_kind_class(enum node_kind k);
enum node_content model_kind_content(enum node_kind k);

/* Tree building (reader and validation only). */
struct node *model_node_new(enum node_kind k, const char *name,
    const struct pos *pos);
/* A TEXT node holding a copy of s. */
struct node *model_text_new(const char *s, const struct pos *pos);
void model_append(struct node *parent, struct node *child);
void model_insert_before(struct node *ref, struct node *child);
void model_insert_after(struct node *ref, struct node *child);
/* Makes child the first child of parent. */
void model_prepend(struct node *parent, struct node *child);
void model_unlink(struct node *n);
void model_set_attr(struct node *n, const char *name, const char *value);
/* Removes the attribute if the node has it. */
void model_unset_attr(struct node *n, const char *name);
/* Frees n and its subtree, without recursion. n must be unlinked. */
void model_free_tree(struct node *n);

/* Reading. */
const char *model_attr(const struct node *n, const char *name);
/* The node's title: its TITLE child, or its INFO's TITLE child; or NULL. */
struct node *model_title(const struct node *n);
/* The book's <info> (bookinfo...), or NULL. */
const struct node *model_book_info(const struct book *b);
/* An sbr: an explicit line break in inline content (an empty phrase). */
bool model_is_break(const struct node *n);
/* A book (or article) of a set: a part of the set's book. */
bool model_is_set_book(const struct node *n);
/* The book's keywords (<keywordset><keyword> in its info), in order; a
 * NULL-terminated vector, NULL when there are none. g_strfreev. */
char **model_book_keywords(const struct book *b);
/* What a formal object counts as: a formalgroup as its first member
 * (figure, table, example, equation), anything else as itself. */
const struct node *model_formal_like(const struct node *n);
/* Is n a member of a formalgroup (numbered within it)? */
bool model_in_formalgroup(const struct node *n);
/* Concatenated text of a subtree (footnotes and index terms left out). */
char *model_text(const struct node *n);
/* An author's (editor's, other credit's) name alone: its text without
 * its affiliation, address, email, contribution or blurb, runs of
 * white space as one, none at either end, for metadata (dc:creator,
 * the PDF's Author). g_free it. */
char *model_person_text(const struct node *author);
/* A copyright's text as DocBook XSL sets it, years and holders apart:
 * "2002, 2003 Ada Lovelace, Charles Babbage" (its year and holder
 * children each read as text); one without them, its text. */
char *model_copyright_text(const struct node *copyright);
/* The book's title, or for a book without one (pandoc writes none unless
 * given a title; a chapter compiled alone has none) the first
 * division's, else the file's name: the EPUB's dc:title, every <title>
 * and the PDF's Title are never empty. g_free it. */
char *model_document_title(const struct book *b);
/* A bibliography entry (biblioentry, bibliomixed), set as a paragraph
 * whose lines hang under its label in both formats. */
bool model_is_biblioentry(const struct node *n);
/* A file's name without its directory and extension ("a/ch.xml" is
 * "ch"), the title of last resort; path NULL gives "book". g_free it. */
char *model_file_stem(const char *path);
/* The alternative text of a media object, for both back ends: its first
 * text object (alt or textobject), else the title of the figure around
 * it, else "" (never NULL; g_free it). */
char *model_media_alt(const struct node *media);
/* Whether a media object is an image (holds imagedata) without
 * alternative text of its own in the source: what model_media_alt gives
 * it then (the figure's title, or nothing) describes no picture. */
bool model_image_lacks_alt(const struct node *media);
/* An inline media object's: its text object, else its image's file name
 * (what a reader is shown when the image cannot be). */
char *model_inline_media_alt(const struct node *media);
/* The inline media object a paragraph holds and nothing else but
 * whitespace, or NULL: both back ends set it as a block image. A
 * paragraph validation made around a table cell's content is not one. */
const struct node *model_lone_inline_media(const struct node *para);
bool model_is_division(enum node_kind k);
/* Whether a is an ancestor of n (n itself is not). */
bool model_is_ancestor(const struct node *a, const struct node *n);
/* The front-matter list a node is an entry of: a numbered figure or
 * table (a title, so a label); examples, numbered apart, and informal
 * objects are in none. Both back ends list the same nodes. */
enum formal_list { FL_NONE, FL_FIGURES, FL_TABLES };
enum formal_list model_formal_list(const struct node *n);
/* The display MathML formula a numbered equation without a title has,
 * its number "(3.2)" set at its right instead of a caption (DocBook
 * XSL's equation.without.title); NULL for any other node, which keeps
 * its caption ("Equation 3.2 Title"). */
const struct node *model_equation_formula(const struct node *n);

/*
 * Walking without recursion (cmark's iterator): each node is visited on
 * ENTER and, if it may have children, on EXIT after them.
 */
enum walk_event { WALK_NONE, WALK_ENTER, WALK_EXIT };

struct walker {
	const struct node *root;
	const struct node *cur;
	enum walk_event ev;
};

void model_walk_init(struct walker *w, const struct node *root);
/* Advances; returns WALK_NONE at the end. *np gets the node. */
enum walk_event model_walk_next(struct walker *w, const struct node **np);
/* After an ENTER: do not descend into this node's children. */
void model_walk_skip(struct walker *w);

struct book *model_book_new(void);
void model_book_free(struct book *b);

#endif
