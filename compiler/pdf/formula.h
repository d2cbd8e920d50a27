/*
 * Formulas in the PDF: MathML (the model's N_MATH) laid out with the
 * OpenType MATH table of a math font through HarfBuzz, into a box of
 * positioned glyph runs and rules (formula.c, formula_layout.c), which the
 * device draws (formula_draw.c) knowing nothing of MathML. The layout never
 * draws; the box is all the device sees.
 */
#ifndef BOOKC_PDF_FORMULA_H
#define BOOKC_PDF_FORMULA_H

#include <stdbool.h>
#include <cairo.h>
#include <pango/pango.h>

#include "model.h"

/* The faces a formula is set in: the math font, and the body's face for
 * what the math font lacks (Han in mtext). One per layout environment. */
struct math_fonts;

/* NULL after a diagnostic when the math font is not installed. pitch:
 * the text's line pitch in em, which a table's rows take as TeX's array
 * does (0: MathML's default spacing). */
struct math_fonts *math_fonts_new(PangoContext *ctx, const char *math_family,
    const char *text_family, double pitch);
void math_fonts_free(struct math_fonts *mf);

/* MI_LINE from (x, y) by (w, h); MI_ELLIPSE and MI_ROUNDED (a rounded
 * rectangle) in the box x, y, w, h: stroked size wide (menclose). */
enum math_item_kind { MI_GLYPHS, MI_RULE, MI_LINE, MI_ELLIPSE, MI_ROUNDED };

/* Coordinates from the box's origin (its left, on its baseline), y down,
 * in points before the box's scale. */
struct math_item {
	enum math_item_kind kind;
	double x, y, w, h;              /* MI_RULE: the filled rectangle */
	cairo_font_face_t *face;        /* MI_GLYPHS */
	double size;
	char *utf8;                     /* the characters the glyphs show */
	int len;
	cairo_glyph_t *glyphs;          /* absolute positions */
	int nglyphs;
	cairo_text_cluster_t *clusters;
	int nclusters;
};

struct math_box {
	double w, asc, desc;    /* scaled */
	double scale;           /* 1, or less: a display formula shrunk to
	                           the measure */
	GArray *items;          /* struct math_item */
	char *alt;              /* for the structure tree's /Alt */
	double rgb[3];          /* the text's colour */
	/* A long inline formula is cut into pieces a line may end between
	 * (after its top-level relations and binary operators, as TeX
	 * breaks inline math): the next piece, and whether this one goes
	 * on from the one before (drawn as an artifact: the first piece's
	 * Formula and /Alt stand for the whole). */
	struct math_box *next;
	bool continued;
	/* The space after the operator a piece ends with (scaled): the
	 * piece's width holds it, and a line ending after the piece does
	 * without it, as TeX discards the glue at a break. */
	double end_space;
};

/* Lays out formula math at size (pt); display sets it as a block. A
 * number ("(3)") puts the formula centred in a box max_w wide with the
 * number at its right; a display box wider than max_w (> 0) is broken
 * into lines, else scaled down with a warning. An inline formula wider
 * than a third of max_w comes in pieces (next); one still wider than
 * max_w is scaled down with a warning. max_w 0: nothing is broken or
 * scaled; below 0: an inline formula is cut into pieces wherever a line
 * may end, nothing scaled (the EPUB's images of its pieces). color:
 * "#rrggbb". */
struct math_box *math_layout(struct math_fonts *mf, const struct node *math,
    double size, double max_w, const char *number, const char *color);
void math_box_free(struct math_box *b);

/* Draws b with its origin at (x, baseline). */
void math_draw(cairo_t *cr, const struct math_box *b, double x,
    double baseline);
/* The path of an MI_LINE, MI_ELLIPSE or MI_ROUNDED item (stroked
 * it->size wide), as the current path of cr. */
void math_item_path(cairo_t *cr, const struct math_item *it);

#endif
