/*
 * The PDF layout engine: turns the document model into a flat list of
 * boxes (lines of typeset paragraphs, spaces, rules, images, table rows,
 * page breaks) with the hints pagination needs (keeps, discardable space,
 * footnotes, running-head marks, link areas and link targets).
 *
 * It uses Pango (through typo.h) to set type, but knows nothing of pages
 * or Cairo surfaces: paginate.c fills pages from the boxes and device.c
 * draws them. All sizes here are PDF points; x is measured from the left
 * of the text measure, a box's y comes from pagination.
 */
#ifndef BOOKC_PDF_LAYOUT_H
#define BOOKC_PDF_LAYOUT_H

#include <stdbool.h>
#include <glib.h>
#include <pango/pango.h>

#include "backend.h"
#include "typo.h"

enum lbox_kind {
	LB_LINE,        /* one line of a typeset paragraph */
	LB_SPACE,       /* vertical space */
	LB_RULE,        /* a horizontal rule */
	LB_IMAGE,       /* a PNG, JPEG or SVG image, or a placeholder when
	                   path is NULL */
	LB_ROW,         /* a table row: its cells' lines are the kids */
	LB_BREAK        /* start a new page */
};

#define LBF_KEEP_NEXT  0x001  /* no page break between this box and next */
#define LBF_DISCARD    0x002  /* vanishes at the top of a page */
#define LBF_RECTO      0x004  /* LB_BREAK: the next page is right-hand */
#define LBF_CONTINUED  0x008  /* LB_LINE: wrapped code line, draw a mark */
#define LBF_HEADER     0x010  /* LB_ROW: a header row */
#define LBF_RULE_ABOVE 0x020  /* LB_ROW: heavy rule above */
#define LBF_RULE_MID   0x040  /* LB_ROW: light rule below (after header) */
#define LBF_RULE_BELOW 0x080  /* LB_ROW: heavy rule below */
#define LBF_OPENING    0x100  /* a chapter opening: no running head */
#define LBF_NOFOLIO    0x200  /* LB_BREAK: pages of this stretch show no
                                 page number (title page) */
#define LBF_PARA_FIRST 0x400  /* LB_LINE: first line of its paragraph */
#define LBF_PARA_LAST  0x800  /* LB_LINE: last line of its paragraph (or
                                 of a line the text itself ends) */
#define LBF_ARTIFACT   0x1000 /* page furniture (running heads, page
                                 numbers, a repeated table header): kept
                                 out of the PDF's structure tree */
#define LBF_LABEL      0x2000 /* LB_LINE: marker is its list item's label */
#define LBF_OPEN_BOTTOM 0x4000 /* LB_ROW: its table's frame has no bottom
                                  rule, so none where the table breaks */
#define LBF_HEADING_ON 0x8000 /* LB_LINE: a chapter title's first line,
                                 after its label's line: one heading
                                 element with it in the tagged PDF */

/*
 * Where a box sits in the tagged PDF's structure tree above its
 * paragraph: lists (L > LI > Lbl, LBody), tables (Table > TR > TH, TD),
 * block quotes and footnotes, innermost first through parent; a box's
 * NULL is the document itself. The paragraph-level element (P, H1..H6,
 * Code) comes from a line's block, a Figure from an image. A Note has no
 * parent: the device opens it where its page places the footnote.
 */
enum lstruct_kind {
	LS_L, LS_LI, LS_LBL, LS_LBODY,
	LS_TABLE, LS_TR, LS_TH, LS_TD,
	LS_QUOTE, LS_NOTE,
	LS_TOC                  /* the contents or a list of figures: its
	                           lines are TOCI */
};

struct lstruct {
	enum lstruct_kind kind;
	const struct lstruct *parent;
	const char *numbering;  /* LS_L: its /ListNumbering ("Decimal",
	                           "Disc"...), NULL for none */
};

struct layout_link {
	double x, w;            /* from the box's left */
	const char *uri;        /* external link, or NULL */
	const char *dest;       /* internal destination name, or NULL */
	const char *text;       /* what the link says (interned), or NULL */
};

/* A byte range of a line's layout text. */
struct layout_span {
	int s, e;
};

/* An inline image (inlinemediaobject) on a line: its bottom on the
 * line's baseline, x from the box's left; drawn as an LB_IMAGE is. */
struct layout_image {
	double x, w, h;
	const char *image;      /* absolute path */
	bool image_jpeg, image_svg;
	const char *alt;        /* its alternative text */
	const struct math_box *math;    /* a formula instead (math.h): h
	                           its height above the baseline */
};

/* A rule a table's cells or frame ask for (colsep, rowsep, frame):
 * a filled rectangle, x from the measure's left as a row's kids are, y
 * from the row's top. */
struct layout_rule {
	double x, y, w, h;
};

struct layout_outline {
	int level;              /* 1: chapter (or front matter), 2..: sections */
	const char *title;
	const char *dest;
};

struct lbox {
	enum lbox_kind kind;
	unsigned flags;
	double x, w, h;         /* left, width and advance height */
	double dy;              /* kids of a row: top, from the row's top */

	/* LB_LINE */
	/* Lines borrowed from a typo_para the layout (or the env's
	 * paragraph cache) owns. */
	const struct typo_line *line;
	double baseline;        /* from the box's top */
	const struct typo_line *marker; /* list label, drawn ending at
	                                   marker_x */
	double marker_x;
	const struct typo_line *tail;   /* TOC page number, drawn ending at
	                                   tail_x */
	double tail_x;
	double lead_x0, lead_x1;/* TOC dot leaders between these, or 0 */
	/* What the line is, for the page dump and the checks that read it:
	 * block 'p' paragraph, 'h' heading, 'v' verbatim, 'c' table cell,
	 * 'n' footnote, 'o' anything else; align as it was set; right the
	 * end of its measure (from the measure's left). */
	char block;
	GArray *tabs;           /* 'v' lines: struct layout_span, the spaces
	                           a tab of the source was expanded to (the
	                           device gives them back as a tab), or NULL */
	const struct node *src; /* LB_LINE: the text node the line starts
	                           in (NULL: generated text), and the byte */
	int src_off;            /* offset there: for the EPUB's page marks */
	unsigned char level;    /* 'h' lines: heading level 1..6 for the
	                           structure tree (H1..H6), 0 if none */
	const struct lstruct *sp;  /* lines, images, cells: see lstruct */
	enum typo_align align;
	double right;

	/* backgrounds (code, notes), any kind */
	const char *bg;         /* #rrggbb or NULL */
	double bg_x, bg_w;

	/* LB_RULE; LB_ROW: its rules above and below, 0 for 0.8 */
	double weight;          /* thickness, centred in h */
	const char *color;

	/* LB_IMAGE */
	const char *image;      /* absolute path, or NULL: placeholder */
	bool image_jpeg;        /* a JPEG (else a PNG) */
	bool image_svg;         /* an SVG, drawn as vectors */
	const char *alt;        /* its alternative text ("" for none) */
	GArray *images;         /* LB_LINE: struct layout_image, the inline
	                           images drawn on it, or NULL */

	/* LB_ROW */
	GArray *kids;           /* struct lbox (LB_LINE); a cell without
	                           text has one without a line */
	int header;             /* index of the first header row to repeat on
	                           a new page, or -1 */
	int nheader;            /* how many header rows */
	GArray *rules;          /* struct layout_rule its table asks for
	                           beside its frame's top and bottom, or
	                           NULL */

	/* Attachments. */
	GArray *links;          /* struct layout_link, or NULL */
	GPtrArray *dests;       /* destination names placed here, or NULL */
	GArray *fns;            /* int: footnotes referenced on this line */
	struct layout_outline *outline;
	const char *chapter_mark;  /* running head from here on */
	const char *section_mark;  /* "" ends the section's head */
};

struct layout_fn {
	GArray *boxes;          /* struct lbox (lines) */
	double h;
};

/* The page geometry every module agrees on (points). */
struct layout_metrics {
	double page_w, page_h;
	double em, pitch;       /* body size and baseline-to-baseline */
	double measure;         /* text width: a whole number of em */
	double left_recto;      /* x of the measure on right-hand pages */
	double left_verso;      /* ... and on left-hand pages */
	double top;             /* y of the text block */
	double body_h;          /* text block height: whole lines */
	double foot_y;          /* baseline of page numbers */
	double head_y;          /* baseline of running heads */
	bool two_sided;
};

/* A stream of boxes and everything they borrow. */
struct layout {
	GArray *boxes;          /* struct lbox */
	GPtrArray *fns;         /* struct layout_fn * */
	GPtrArray *paras;       /* struct typo_para *, owned; the body's
	                           paragraphs live in the env's cache */
	GStringChunk *strings;
	GPtrArray *structs;     /* struct lstruct *, owned */
};

struct layout_env;

/* Fonts must already be checked; ctx is set up as typo.h requires. */
struct layout_env *layout_env_new(PangoContext *ctx, const struct style *st,
    const struct book *book);
void layout_env_free(struct layout_env *env);
/* For a big book: a helper environment on ctx (a context of another font
 * map: Pango's are not thread-safe) that sets the later part of the body
 * on a second thread while env lays out the first part; each
 * layout_body then runs both. The boxes are env's alone and the same
 * with or without the helper. Returns false (and does nothing) when the
 * book is too small to gain. */
bool layout_env_helper(struct layout_env *env, PangoContext *ctx);
const struct layout_metrics *layout_metrics(const struct layout_env *env);

/* The body: every division after the book's info. pages maps destination
 * names to page labels from an earlier pass (for "see page N" in print
 * styles), or is NULL on the first pass. It frees the paragraphs set
 * earlier that this pass did not use, so the layouts of earlier calls,
 * and pages made from them, must be freed before. */
struct layout *layout_body(struct layout_env *env, GHashTable *pages);
/*
 * Whether the page labels the last layout_body printed (in xrefs and the
 * index) are the ones in pages: settled, the body need not be laid out
 * again; SETTLE_NEXT, some labels change but keep their width (as many
 * figures, which are set of one width), so the next pass puts every box
 * where this one did, and is the last; else unsettled. *changes: how
 * many xrefs and index lines would print something else.
 */
enum layout_settle {
	LAYOUT_SETTLED,
	LAYOUT_SETTLE_NEXT,
	LAYOUT_UNSETTLED
};
enum layout_settle layout_xrefs_settle(const struct layout_env *env,
    GHashTable *pages, guint *changes);

/*
 * Pagination while the body is laid out, so "see page N" of a target
 * already placed prints its page at once (pdf.c). begin(arg, l) when a
 * pass starts l; progress(arg) where the boxes so far are final, to place
 * what they decide; label(arg, dest) the label of the page dest was
 * placed on, or NULL; waiting(arg, dest) whether it is on a box laid out
 * but not placed; next(arg, dest, dy) the label of the page a box laid
 * out now would be on, dy below its top, or given dest the page of the
 * box waiting with it (estimates). walked(arg), if set, when the walk is
 * over, just before the paragraphs that only earlier passes used are
 * freed: pages of those passes must be done with by then.
 */
struct layout_pager {
	void (*begin)(void *arg, const struct layout *l);
	void (*progress)(void *arg);
	void (*walked)(void *arg);
	const char *(*label)(void *arg, const char *dest);
	bool (*waiting)(void *arg, const char *dest);
	const char *(*next)(void *arg, const char *dest, double dy);
	void *arg;
};
void layout_set_pager(struct layout_env *env, const struct layout_pager *p);

/* Whether a destination name only marks a place for the passes (where
 * an xref, or its paragraph, is): nothing links to it. */
bool layout_dest_is_mark(const char *name);

/* During a pass with a pager, over pages (dest -> label, as placed so
 * far): the page number up to which (exclusive) everything the xrefs
 * printed is known to be right, G_MAXINT if no placed xref is in doubt,
 * -1 if nothing can be known before the pass ends. An xref known wrong
 * holds it where it is for the rest of the pass. */
int layout_xrefs_frontier(struct layout_env *env, GHashTable *pages);
/* The front matter: title page, then the table of contents and the lists
 * of figures and of tables (as the style's [toc] keys say, when the book
 * has any), with the page labels in pages. */
struct layout *layout_front(struct layout_env *env, GHashTable *pages);
/* Whether the style puts a front matter of its own before the body (a
 * title page, or the contents on pages of their own). */
bool layout_has_front(const struct layout_env *env);
/* The style env lays out with (for pagination's page furniture). */
const struct style *layout_style(const struct layout_env *env);

/* LR_FOLIO_EVEN: a page number "N / total", its figures of one width
 * (hwid), so that a total the next pass changes moves no text. */
enum layout_role { LR_HEAD, LR_FOLIO, LR_FOLIO_EVEN };
/* One line of small text for running heads and page numbers, aligned
 * within width; its paragraph is kept in l. */
struct lbox layout_text_box(struct layout_env *env, struct layout *l,
    const char *text, enum layout_role role, enum typo_align align,
    double width);

struct layout *layout_new(void);
void layout_free(struct layout *l);

#endif
