/*
 * The layout engine's private header: what its files share, and no file
 * outside them includes (layout.h is the engine's interface). The
 * environment, the walk's frames, paragraphs being flattened and the
 * options they are set with, the records of what xrefs and index lines
 * printed, and the functions one file gives the others. The files:
 *
 *   layout_env.c      helpers, the environment, layouts, boxes
 *   layout_inline.c   flattening inline content; what xrefs print
 *   layout_para.c     paragraphs set (and cached) into line boxes
 *   layout_notes.c    footnotes
 *   layout_listing.c  listings: highlighting, line numbers, callouts
 *   layout_figure.c   images, figures and captions
 *   layout_table.c    tables
 *   layout_index.c    the back-of-book index
 *   layout_front.c    front matter; running heads' and folios' boxes
 *   layout.c          the body walk, its blocks, the passes, the helper
 */
#ifndef BOOKC_PDF_LAYOUT_INT_H
#define BOOKC_PDF_LAYOUT_INT_H

#include "layout.h"
#include "model.h"
#include "style.h"

#define PS ((double)PANGO_SCALE)

enum font_role { F_BODY, F_HEADING, F_CODE, F_SMALL };

struct layout_env {
	PangoContext *ctx;
	const struct style *st;
	const struct book *book;
	const char *lang;
	bool set_twice;         /* BOOKC_SET_TWICE: see typo_opts */
	struct book_index *index;       /* the book's index terms, or NULL */
	bool index_borrowed;    /* index is the main env's (a helper's) */
	gsize text_total;       /* text bytes in the book */
	guint boxes_made;       /* by the last pass */
	const struct node *index_div;   /* the index division, or NULL (a
	                                   walk of the book to find) */
	struct layout_metrics m;
	PangoFontDescription *fonts[4];

	/* Per pass. */
	struct layout *lay;
	GHashTable *pages;      /* dest name -> page label, or NULL */
	GPtrArray *xrefs;       /* struct xref_use: what each xref printed,
	                           in walk order */
	guint xrefs_ok;         /* the first xrefs known right (see
	                           layout_xrefs_frontier) */
	int pass;               /* 1 for the first */
	GByteArray *numbered;   /* by xref serial: printed a page number in
	                           the last pass, if that was not the first
	                           (see xref_text) */
	GPtrArray *index_uses;  /* struct index_use: each index line's */
	bool even_digits;       /* every face's figures (hwid) one width */
	bool unsure;            /* an index entry printed a page number its
	                           target's placing may still change */
	struct layout_pager pager;  /* see layout_set_pager, or zeros */
	GHashTable *urls_seen;  /* URLs already given a footnote */
	GHashTable *fn_numbers; /* struct node * (footnote) -> number */
	int fn_count;           /* footnotes in this chapter */
	int fn_serial;          /* footnotes in the book, for names */
	unsigned xref_serial;   /* xrefs in walk order, for names */
	unsigned para_serial;   /* paragraphs with xrefs, likewise */
	bool in_footnote;

	/* Pending attachments for the next box. */
	GPtrArray *pending_dests;
	const char *pending_marker;
	double pending_marker_x;
	bool pending_marker_bullet;
	int keep_lines;         /* lines still kept with a heading */
	bool after_opening;     /* the title or contents block is all the
	                           body has yet: the first chapter follows
	                           it on its page (layout_body_opening) */

	/* Every paragraph set, by everything that decides its lines (see
	 * set_para): the body is laid out again while "page N" references
	 * move, and only paragraphs whose text changed are set again. Owns
	 * the paragraphs; layouts borrow them. */
	GHashTable *paras;      /* struct para_key * -> struct typo_para * */
	unsigned gen;           /* odd: in the walk of a layout_body pass;
	                           even: between walks */
	GHashTable *dests;      /* struct node * -> name (owned) */
	unsigned dest_serial;
	GHashTable *images;     /* IMAGEDATA -> struct image_info *, or NULL
	                           when it cannot be drawn */
	GHashTable *maths;      /* N_MATH -> struct math_box * (math.h) */
	struct math_fonts *math_fonts;  /* made at the first formula */
	bool math_tried;        /* math_fonts was asked for */
	GHashTable *cell_widths;  /* entry (| 1: bold) -> double[2], see
	                             cell_widths */
	const char *bg;         /* current background, or NULL */
	double bg_x, bg_w;

	/* Setting ahead on a second thread (see layout_env_helper): the
	 * helper walks the book from split on, with its own context and
	 * cache, while this env walks up to split; this env then follows
	 * it, taking the paragraphs it finds in the helper's cache, and the
	 * helper stops where this walk catches up. The key holds every
	 * input of a paragraph, so a guess of the helper's that differs
	 * (footnote numbers, URLs seen earlier) is only a miss. */
	struct layout_env *helper;
	GThread *helper_thread;
	bool helper_ready;      /* past split: helper->paras may be read
	                           (under its lock while it runs) */
	GMutex paras_lock;      /* a helper's: over paras and their keys'
	                           gen, while the main walk reads them */
	struct layout_env *main_env;    /* a helper's: the env it helps */
	gint walked;            /* nodes entered past split (atomic) */
	const struct node *split;  /* a division: the helper walks its
	                              ancestors and all after it */
	bool speculative;       /* this is a helper: its boxes are dropped */
	char guess[8];          /* first pass: a stand-in page number with as
	                           many digits as the book will likely need */
};

/* One block container on the walk's explicit stack. */
struct frame {
	const struct node *n;
	double left, right;     /* insets from the measure's edges */
	const char *bg;
	double bg_x, bg_w;
	int item;               /* lists: next item number */
	int depth;              /* list nesting */
	guint first_box;
	const struct lstruct *sp;  /* structure element its boxes go in */
};

struct flat_link {
	int s, e;
	const char *uri, *dest;
};

struct flat_mark {
	int at;
	const char *dest;       /* anchor, or NULL */
	int fn;                 /* footnote index, or -1 */
};

/* A paragraph being flattened. */
/* Where a text node's characters begin in the flattened text, so that a
 * line can name the place of the book it starts at (the EPUB marks
 * printed page starts there). */
struct flat_seg {
	int at;
	int len;                /* strlen of the node's text */
	const struct node *text;
};

struct flat {
	GArray *segs;           /* struct flat_seg, in text order */
	GString *text;
	PangoAttrList *attrs;
	GArray *spans;          /* struct typo_span */
	GArray *links;          /* struct flat_link */
	GArray *marks;          /* struct flat_mark */
	GArray *tabs;           /* struct layout_span: expanded tabs */
	const char *start;      /* a mark at the start, for its xrefs: what
	                           one prints may move every line */
	bool verbatim;
	bool toc_entry;         /* a contents entry: an sbr is a space, a
	                           footnote (an annotation) has no mark */
	int col;
	int quote_depth;
	gsize wide_at;          /* offset_in_para's sum: text before this */
	double wide_w;
	GArray *images;         /* struct flat_image: inline images, each an
	                           object character U+FFFC of its width */
	double image_max;       /* their widest (the cell's, the
	                           paragraph's measure); 0: the measure */
	const char *lang;       /* the first flattened root's language */
};

/* An inline image in a flat: at the byte of its U+FFFC. */
struct flat_image {
	int at;
	struct layout_image li;         /* x is set per line */
};

struct para_opts {
	enum font_role font;
	double size;            /* 0: the font's own */
	bool bold;
	const char *color;
	const char *lang;
	double x, width;        /* within the measure */
	double indent;
	double pitch;
	enum typo_align align;
	char block;             /* struct lbox block; 0: 'o' */
	unsigned char level;    /* heading level for 'h' (struct lbox) */
	const struct lstruct *sp;  /* (struct lbox) */
	bool display;           /* an equation's paragraph: a line holding
	                           a formula takes the whole pitches it
	                           needs, the formula centred in them */
};

/*
 * The paragraph cache's key: every input of typo_para_new in binary, with
 * its hash and the pass that last used it (see layout_body's sweep).
 */
struct para_key {
	guint hash;
	unsigned gen;
	gsize len;
	char data[];
};

/* What an xref printed: its target's page label, or "" while the
 * target is in view. here names the xref's own position. */
struct xref_use {
	const char *here, *target;      /* interned */
	const char *start;      /* the start of its paragraph, or NULL */
	char *printed;
	unsigned serial;        /* in walk order, from 1 */
};

/* What an index line printed: its terms' destinations, and the page
 * labels it printed for them, a label named once in a row. */
struct index_use {
	GPtrArray *dests;       /* char * */
	GPtrArray *printed;     /* char * */
};

/* layout_env.c */
struct layout *layout_new_sized(guint reserve);
const char *layout_intern(struct layout_env *env, const char *s);
const char *layout_dest_of(struct layout_env *env, const struct node *n);
double layout_ceil_to(double v, double unit);
double layout_baseline_in(double pitch, double size);
const char *layout_outline_title(struct layout_env *env, const char *label,
    const char *title);
bool layout_is_print(const struct layout_env *env);
double layout_heading_size(const struct layout_env *env, unsigned depth);
struct layout_env *layout_env_new_from(PangoContext *ctx,
    const struct style *st, const struct book *book,
    const struct layout_env *from);
void layout_add_dest(struct lbox *b, const char *name);
struct lbox *layout_push_to(struct layout_env *env, GArray *arr,
    struct lbox *b);
struct lbox *layout_push(struct layout_env *env, struct lbox *b);
void layout_space(struct layout_env *env, double h, unsigned flags);
void layout_page_break(struct layout_env *env, unsigned flags);
const struct lstruct *layout_new_struct(struct layout_env *env,
    enum lstruct_kind kind, const struct lstruct *parent);
/* An LS_L whose items are numbered so (struct lstruct). */
const struct lstruct *layout_new_list(struct layout_env *env,
    const struct lstruct *parent, const char *numbering);

/* layout_inline.c */
void flat_init(struct flat *f, bool verbatim);
void flat_done(struct flat *f);
void flat_attr(struct flat *f, PangoAttribute *a, int s, int e);
void flat_span(struct flat *f, int s, int e, unsigned flags);
void flat_color(struct flat *f, const char *hex, int s, int e);
void flat_label_title(struct layout_env *env, struct flat *f,
    const char *label, const struct node *title);
void xref_use_free(gpointer p);
void index_use_free(gpointer p);
bool layout_same_width(const struct layout_env *env, const char *a,
    const char *b);
const char *layout_label_of(struct layout_env *env, const char *dest,
    bool *sure);
const char *xref_next(const struct layout_env *env, const struct xref_use *u,
    const char *label, const char *mine);
void layout_flatten(struct layout_env *env, const struct node *root,
    struct flat *f);

/* layout_para.c */
guint para_key_hash(gconstpointer k);
gboolean para_key_equal(gconstpointer a, gconstpointer b);
struct typo_para *set_para(struct layout_env *env, struct layout *lay,
    struct flat *f, const struct para_opts *po);
guint emit_lines(struct layout_env *env, GArray *arr, struct typo_para *tp,
    const struct flat *f, const struct para_opts *po, double size, bool body,
    unsigned extra_flags);
void para_flat(struct layout_env *env, struct flat *f,
    const struct para_opts *po, unsigned extra_flags);
void para_node(struct layout_env *env, const struct node *root,
    const struct para_opts *po, unsigned extra_flags);
void para_text(struct layout_env *env, const char *text,
    const struct para_opts *po, unsigned extra_flags);
struct para_opts body_opts(const struct layout_env *env,
    const struct frame *fr);

/* layout_notes.c */
int footnote_node(struct layout_env *env, const struct node *n, int number);
int footnote_url(struct layout_env *env, const char *url, int number);
int layout_fn_number(struct layout_env *env, const struct node *fn);

/* layout_listing.c */
void listing_phrase(struct layout_env *env, struct flat *f,
    const struct node *n, int s, int e);
void listing_callout_item(struct layout_env *env, const struct node *item);
void listing_callout_item_links(struct layout_env *env,
    const struct node *item, guint first);
void verbatim_block(struct layout_env *env, const struct node *n,
    const struct frame *fr);

/* layout_figure.c */
double layout_parse_length(const char *s);
void caption_paras(struct layout_env *env, const struct node *cap,
    const struct frame *fr);
void formal_caption(struct layout_env *env, const struct node *n,
    const struct frame *fr, unsigned flags);
void layout_mediaobject(struct layout_env *env, const struct node *n,
    const struct frame *fr);
bool layout_inline_image(struct layout_env *env, const struct node *media,
    double max_w, struct layout_image *out);

/* layout_table.c */
void table_block(struct layout_env *env, const struct node *t,
    const struct frame *fr);

/* layout_index.c */
void layout_index_entries(struct layout_env *env, const struct frame *fr,
    const struct node *div);

/* layout.c */
bool para_indented(const struct node *n);
/* layout_front.c: the title and contents blocks that open the body */
void layout_body_opening(struct layout_env *env);
void layout_set_book_credits(struct layout_env *env, const struct node *book,
    struct para_opts *po);
bool layout_listed(const struct layout_env *env, const struct node *n);
void layout_pass_begin(struct layout_env *env, GHashTable *pages);
struct layout *layout_pass_end(struct layout_env *env);
gsize layout_text_size(const struct node *n);

#endif
