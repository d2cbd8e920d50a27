/*
 * Internals of the EPUB back end, shared by its files: the plan of the
 * book's files (chunks) and ids (plan.c, links.c), their XHTML (content.c
 * and the files it shares content_int.h with), the embedded fonts
 * (fonts.c), the cover image (cover.c), the stylesheet (css.c). epub.c
 * drives them and writes the package, the navigation and the zip.
 */
#ifndef BOOKC_EPUB_EPUB_H
#define BOOKC_EPUB_EPUB_H

#include <stdbool.h>
#include <glib.h>
#include <fontconfig/fontconfig.h>

#include "index.h"
#include "model.h"
#include "pagemap.h"
#include "style.h"
#include "xhtml.h"

/* The faces the stylesheet uses; the XHTML writer tags every element
 * with the one its text is drawn in (FACE_NONE: not drawn, e.g. <title>). */
enum epub_face {
	FACE_NONE, FACE_SERIF, FACE_SERIF_BOLD, FACE_SANS, FACE_MONO,
	FACE__COUNT
};

/* The int the XHTML writer carries per element: the face, and the
 * Chinese variant its text is drawn in (0: the book's; else
 * l10n_zh_variant + 1). */
#define EPUB_FACE_DATA(face, v1) ((face) | ((v1) << 8))
#define EPUB_FACE_OF(data) ((data) & 0xff)
#define EPUB_VARIANT_OF(data) ((data) >> 8)

/* ---- fonts.c ------------------------------------------------------ */

struct epub_fonts;

/* Finds the style's faces for the book's language (lang) with cfg; a
 * face not installed is reported and left out (the stylesheet then falls
 * back to the readers' fonts). */
struct epub_fonts *epub_fonts_new(const struct style *st, FcConfig *cfg,
    const char *lang);
void epub_fonts_free(struct epub_fonts *f);
/* Records that text is drawn in face (EPUB_FACE_DATA); pos names the
 * source for a character the face has no glyph for. */
void epub_fonts_use(struct epub_fonts *f, int face,
    const char *text, size_t len, const struct pos *pos);
/* The subsets keep pwid too: the XHTML has Western curly quotes
 * (span.wq), drawn with the face's proportional forms. */
void epub_fonts_keep_pwid(struct epub_fonts *f);
/* A font file to embed: a face's subset, or a subset of a fallback font
 * for characters the face lacks. */
struct epub_font_file {
	char *href;             /* "fonts/serif.otf", "fonts/serif-2.ttf" */
	char *family;           /* its CSS family: "bookc-serif", "bookc-serif-2" */
	const char *weight;     /* its CSS weight */
	GBytes *data;
	int variant;            /* -1: the book's faces; else the Chinese
	                           variant of a passage's (l10n.h) */
	int face;               /* enum epub_face */
	int fallback;           /* 0: the face's own, k: its k-th fallback */
};
/* The subsets the book's characters need (struct epub_font_file *), each
 * face's own and then its fallbacks'. embedded[face] says whether the
 * face's own is there, fallbacks[face] how many fallback families
 * ("bookc-serif-2"...) its CSS family lists after it. */
GPtrArray *epub_fonts_files(struct epub_fonts *f, bool embedded[FACE__COUNT],
    int fallbacks[FACE__COUNT]);
/* (It closes the faces: f takes no more text after it.) */

/* ---- cover.c ------------------------------------------------------ */

/* The cover: a PNG with title, subtitle and author drawn by Pango with
 * bookc's fonts; NULL (reported) on failure. */
GBytes *epub_cover_png(const struct style *st, FcConfig *cfg,
    const char *lang, const char *title, const char *subtitle,
    const char *author);

/* ---- content.c ---------------------------------------------------- */

/* ---- spacing.c ---------------------------------------------------- */

/* The text around a string being written: the character before it
 * (updated as it is written) and whether that was code; the character
 * after it (0: none, or not known); whether the string is code. */
struct epub_textstate {
	gunichar prev, next;
	bool prev_code, code;
	bool upright;           /* vertical text: a run of one or two digits
	                           set upright in one em (span.tcy) */
};

/* Writes s as the PDF's typesetter spaces it: the character after a
 * Han-Latin boundary in a span.hg (the gap), a Chinese mark that
 * adjacent-mark compression halves in a span.halt, each Western curly
 * quote (quote.c: all of them in Western text, ’ between Western letters
 * in Chinese text) in a span.wq, which the stylesheet draws with the
 * face's proportional forms. No character is added. lang: the language
 * in effect. Returns whether it wrote a span.wq (the caller sets
 * western_quotes). */
bool epub_text_typeset(struct xhtml *x, const char *s, const char *lang,
    struct epub_textstate *ts);

/* ---- css.c -------------------------------------------------------- */

/* The stylesheet, css/book.css: @font-face rules for fonts (struct
 * epub_font_file *, as epub_fonts_files gives them), each face's family
 * list with its embedded face and fallbacks first (embedded, fallbacks:
 * as epub_fonts_files sets them), and the style's sizes, spacing and
 * colours; western_quotes: the rule for span.wq (the XHTML has one);
 * mathml: the rules for formulas (the XHTML has one); biblio: the
 * hanging indent of bibliography entries (the XHTML has one).
 * *len (unless len is NULL) gets its length. */
char *epub_stylesheet(const struct style *st, const char *lang,
    const GPtrArray *fonts, const bool embedded[FACE__COUNT],
    const int fallbacks[FACE__COUNT], bool western_quotes, bool mathml,
    bool biblio, size_t *len);

/* ---- plan.c, content.c, links.c, divisions.c ---------------------- */

enum epub_chunk_kind {
	CHUNK_TITLEPAGE, CHUNK_PART, CHUNK_PREFACE, CHUNK_CHAPTER,
	CHUNK_APPENDIX, CHUNK_LOOSE
};

/* One XHTML file of the book's content. */
struct epub_chunk {
	enum epub_chunk_kind kind;
	const struct node *node;    /* the division; NULL for the title page
	                               and loose content */
	GPtrArray *roots;           /* the nodes rendered in it, in order */
	char *file;                 /* "ch01.xhtml" */
	char *title;                /* plain text for <title> */
	GPtrArray *footnotes;       /* its FOOTNOTE nodes, in order */
	bool back;                  /* back matter: a preface-like division
	                               (index, glossary, colophon) after the
	                               body */
	const struct node *top;     /* a piece of a division too large for one
	                               file: that division (its heading is the
	                               pieces' h1 level); else NULL */
	guint index_from, index_to; /* the index's file, or a piece of it: the
	                               entries it shows; 0, 0 for all */
};

/* An entry of the table of contents. */
struct epub_toc {
	unsigned level;             /* 1 for chapters (and parts) */
	char *text;                 /* "第 3 章 OpenStack 基础" */
	char *href;                 /* "ch03.xhtml#ch03" */
};

struct epub_image {
	char *href;                 /* "images/fig.png" */
	const char *media_type;
	GBytes *data;
	bool formula;               /* a formula's image for reading systems
	                               without MathML (math_image.c), not
	                               content of its own */
};

/* ---- math_image.c ------------------------------------------------- */

/* The formulas drawn as images for the EPUB: the PDF's layout with the
 * style's math font (cfg: bookc's fonts). */
struct epub_formulas;
struct epub_formulas *epub_formulas_new(const struct style *st,
    FcConfig *cfg);
void epub_formulas_free(struct epub_formulas *f);

/* A formula's image (or one of its pieces'), its size in em and the
 * offset of its bottom from the baseline (negative: below), as MathML's
 * altimg-width, altimg-height and altimg-valign give them. */
struct epub_formula_image {
	const char *href;           /* "math/f3.svg" */
	double w, h, valign;
};

struct epub_doc {
	const struct book *book;
	const struct style *style;
	struct epub_fonts *fonts;
	GPtrArray *chunks;          /* struct epub_chunk * */
	GPtrArray *toc;             /* struct epub_toc * */
	GPtrArray *images;          /* struct epub_image *, first use order */
	GHashTable *chunk_of;       /* node -> its chunk */
	GHashTable *chunk_root;     /* division -> the chunk it heads */
	GHashTable *frag;           /* node -> id of its element */
	GHashTable *target;         /* node with an id -> fragment to link to */
	GHashTable *ids;            /* fragment ids in use */
	GHashTable *counters;       /* generated id prefix -> last number */
	GHashTable *fn_num;         /* FOOTNOTE -> number in its division */
	GHashTable *fn_ref;         /* FOOTNOTE -> id of its noteref */
	GHashTable *image_of;       /* source path -> struct epub_image */
	GHashTable *callout_of;     /* co/area id -> its callout (LISTITEM
	                               of a calloutlist naming it) */
	GPtrArray *formal;          /* titled figures, tables and examples,
	                               in book order, for the nav's lists */
	struct book_index *index;   /* the book's index terms, or NULL */
	const struct node *index_div; /* where the index is printed, or NULL */
	/* The printed edition's pages (pagemap.h), or NULL: each page start
	 * is marked where its text is written; page_at orders them. */
	const struct page_map *pages;
	GHashTable *text_ord;       /* N_TEXT -> its 1-based book order */
	GArray *page_pos;           /* struct epub_page, one per page */
	guint next_page;            /* the first page not yet marked */
	GPtrArray *page_hrefs;      /* "ch01.xhtml#page-3", per page */
	unsigned misnested;         /* writer slips (bugs), for tests */
	unsigned alt_missing;       /* images written with no alternative
	                               text of their own in the source */
	bool western_quotes;        /* a span.wq was written (quote.c) */
	bool biblio;                /* a p.biblioentry was written */
	GHashTable *mathml_files;   /* files ("ch01.xhtml") holding MathML */
	struct epub_formulas *formulas; /* or NULL: no formula images */
};

/* A printed page's start, in book order: a page with no text of its own
 * (the table of contents, a blank page) takes the next page's place. */
struct epub_page {
	guint ord;                  /* text node's book order; G_MAXUINT: end */
	int offset;
	const char *label;
	bool nav;                   /* a front-matter page without text (the
	                               contents, the lists): marked in the
	                               navigation document, which stands for
	                               it, not in the first chapter's heading */
};

/* The plan (plan.c). */
struct epub_doc *epub_doc_new(const struct book *b, const struct style *st,
    struct epub_fonts *fonts);
/* Marks the printed pages (from the PDF made in the same run). */
void epub_doc_set_pages(struct epub_doc *d, const struct page_map *pages);
void epub_doc_free(struct epub_doc *d);
/* The XHTML of one chunk, a complete document (content.c). */
char *epub_doc_render(struct epub_doc *d, const struct epub_chunk *c,
    size_t *len);
/* "ch03.xhtml#id" for a node, relative to from (NULL: to any file), or
 * NULL when it is not rendered (links.c). */
char *epub_doc_href(const struct epub_doc *d, const struct node *n,
    const struct epub_chunk *from);
/* The marks of the pages the navigation document stands for (struct
 * epub_page's nav), written at x's position (content.c). */
void epub_nav_page_marks(struct epub_doc *d, struct xhtml *x);
/* A node's heading as plain text: label and title (divisions.c). */
char *epub_heading_text(const struct node *n, const struct style *st);

/* The text hook for XHTML writers (content.c): ud is a struct
 * epub_face_hook, whose pos the caller points at the source of the text
 * being written. */
struct epub_face_hook {
	struct epub_fonts *fonts;
	const struct pos *pos;
};
void epub_face_hook(void *ud, int face, const char *text, size_t len);
/* The face of a new element tag inside one drawn in face. */
int epub_face_for(const char *tag, const char *lang, int face);

#endif
