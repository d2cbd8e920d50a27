/*
 * Private to the formula layout (formula.c: fonts, tokens, operators,
 * stretching; formula_layout.c: the tree walked, rows and tokens;
 * formula_parts.c: fractions, radicals, scripts, limits, tables).
 */
#ifndef BOOKC_PDF_FORMULA_INT_H
#define BOOKC_PDF_FORMULA_INT_H

#include <hb.h>
#include <hb-ot.h>

#include <string.h>

#include "formula.h"
#include "mathml.h"

struct math_face {
	PangoFont *font;
	hb_font_t *hb;          /* scaled to units per em */
	double upem;
	cairo_font_face_t *face;
};

struct math_fonts {
	struct math_face math, text;
	double pitch;           /* the text's line pitch, in em (tables) */
};

/* A laid out subtree: the items, its metrics, and what a row or a
 * script needs to know of it. */
struct mbox {
	GArray *items;          /* struct math_item */
	double w, asc, desc;
	double italic;          /* italic correction of its last glyph */
	bool inked;             /* ink_*: its glyphs' ink (rules left out) */
	double ink_l, ink_r;    /* left and right, from its origin */
	double ink_bottom;      /* lowest, above the baseline (y up) */
	double attach;          /* where an accent over it centres (its
	                           glyph's top accent attachment, else the
	                           middle of its ink) */
	double lspace, rspace;  /* an operator's (or embellished one's) */
	unsigned op;            /* OP_* of its core operator, 0: none */
	bool is_op;             /* an mo, or embellished (scripts on one) */
	bool token;             /* a token element (scripts drop from a
	                           box, not from a character) */
	bool fenced;            /* a row in fences of their own size, (a+b):
	                           scripts rise and drop as from a character,
	                           TeX's closing parenthesis they attach to */
	bool stretch_v;         /* stretchy along the block axis */
	gunichar ch;            /* the operator's character, to stretch */
	double size;
	int brk;                /* an infix operator a display line may
	                           break before: 2 a relation, 1 a binary
	                           operator, 0 not */
};

/* A child of the formula's top-level row, as row() put it there: where
 * its items begin, its origin and extents, and its brk. */
struct row_piece {
	guint item;
	double x, w, asc, desc;
	int brk;
};

double math_const(const struct math_fonts *mf, hb_ot_math_constant_t c,
    double size);
void math_items_free(GArray *items);
struct mbox *mbox_new(void);
void mbox_free(struct mbox *b);
/* Moves src's items into dst, shifted by dx, dy. Frees src. */
void mbox_put(struct mbox *dst, struct mbox *src, double dx, double dy);
/* An embellished operator's box takes its core's spacing and
 * properties, and starts from its metrics. */
void mbox_inherit(struct mbox *to, const struct mbox *core);
void mbox_rule(struct mbox *b, double x, double y, double w, double h);
/* Moves an item (and its glyphs) by dx, dy. */
void math_item_shift(struct math_item *it, double dx, double dy);
/* A token's text: mi, mn, mo, mtext, ms (variant: "normal", "italic",
 * "bold" or NULL for the element's default). */
struct mbox *math_token(const struct math_fonts *mf, const char *text,
    const char *variant, double size);
/* The operator box b (its ch) remade at least target long: vertical
 * (centred on the axis when symmetric) or horizontal. */
void math_stretch(const struct math_fonts *mf, struct mbox *b,
    double target, bool vertical, double axis);
/* A display style large operator made its display size. */
void math_large_op(const struct math_fonts *mf, struct mbox *b);

/* ---- formula_layout.c and formula_parts.c ------------------------- */

/* The style an element is set in. */
struct mstyle {
	int level;              /* script level */
	bool display;           /* displaystyle */
	double size;
	int index;              /* among its parent's elements */
	bool aligns;            /* an mtable set as TeX's align: its
	                           cells in display style */
	bool cramped;           /* TeX's cramped style: under a radical,
	                           in a denominator, a subscript or an
	                           underscript (superscripts rise less) */
};

struct lay {
	const struct math_fonts *mf;
	double size0;           /* the formula's size at script level 0 */
	GHashTable *style;      /* node -> struct mstyle * */
	GHashTable *box;        /* node -> struct mbox * */
	const struct node *top; /* the formula's top-level row */
	bool recording;         /* row() is setting top: it fills pieces */
	GArray *pieces;         /* struct row_piece */
};

static inline bool
named(const struct node *n, const char *name)
{
	return n->kind == N_MML && strcmp(n->name, name) == 0;
}

static inline bool
attr_is(const struct node *n, const char *name, const char *value)
{
	const char *v = model_attr(n, name);

	return v && strcmp(v, value) == 0;
}

static inline struct mstyle *
st(const struct lay *l, const struct node *n)
{
	return g_hash_table_lookup(l->style, n);
}

static inline double
axis(const struct lay *l, double size)
{
	return math_const(l->mf, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, size);
}

/* A MathML length in points (em and ex of size; the named spaces). */
double formula_length(const char *v, double size, double dflt);
/* Whether script (under or over parent) is an accent: the attribute,
 * else the operator dictionary. */
bool formula_is_accent(const struct node *script, const struct node *parent,
    bool under);
struct mbox *formula_fraction(struct lay *l, const struct node *n,
    struct mbox *num, struct mbox *den);
/* msqrt (index NULL) and mroot. */
struct mbox *formula_radical(struct lay *l, const struct node *n,
    struct mbox *body, struct mbox *index);
struct mbox *formula_scripts(struct lay *l, const struct node *n,
    struct mbox *base, struct mbox *sub, struct mbox *sup);
/* mmultiscripts: post and pre, its scripts after and before the
 * base, in pairs (subscript, superscript); they are taken. */
struct mbox *formula_multiscripts(struct lay *l, const struct node *n,
    struct mbox *base, GPtrArray *post, GPtrArray *pre);
/* mpadded's box around its content's. */
struct mbox *formula_padded(const struct node *n, double size,
    struct mbox *content);
struct mbox *formula_limits(struct lay *l, const struct node *n,
    struct mbox *base, struct mbox *under, struct mbox *over);
/* menclose's box: content with its notations drawn about it
 * (formula_enclose.c). */
struct mbox *formula_enclose(struct lay *l, const struct node *n,
    struct mbox *content);
/* Whether table is TeX's align or aligned as pandoc writes it: a
 * column after the first whose every cell begins with a relation. */
bool formula_table_aligns(const struct node *table);
/* The table's box; its cells' boxes taken from l->box. */
struct mbox *formula_table(struct lay *l, const struct node *n);

/* ---- formula_break.c ---------------------------------------------- */

/* b, the formula's box, broken into lines none wider than room at the
 * operators of its top-level row (l->pieces); *last: the last line's
 * baseline below the first's. The number of lines: 1 when it is not
 * broken (it fits, or cannot be broken to fit). */
int formula_break(const struct lay *l, struct mbox *b, double room,
    double *last);
/* b, an inline formula's box, cut after the operators of its top-level
 * row an inline line may break after (TeX's rule): the pieces, each
 * from its origin, which together are b; b itself when it has none. */
GPtrArray *formula_split(const struct lay *l, struct mbox *b);

#endif
