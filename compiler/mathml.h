/*
 * MathML in the model: which elements are MathML Core, the validation
 * step that normalises a formula (token whitespace, display, alttext) and
 * reports elements outside Core, and the compact text form -T tree prints.
 */
#ifndef BOOKC_MATHML_H
#define BOOKC_MATHML_H

#include <stdbool.h>
#include <glib.h>

#include "model.h"

/* Is name (a MathML local name) an element of MathML Core? */
bool mathml_is_core(const char *name);
/* Is it a token element, whose content is text (mi, mn, mo, mtext, ms,
 * and the annotation that a back end skips)? */
bool mathml_is_token(const char *name);
/* Validation: every formula of the book normalised (see model.h). */
void mathml_fold(struct book *b);
/* Validation, after mathml_fold: what the MathML 3 schema refuses
 * (a wrong number of children, an attribute value) mended, with a
 * warning (mathml_check.c). */
void mathml_check(struct book *b);
/* A formula as one line: <mfrac><mi>a</mi><mn>2</mn></mfrac>, attributes
 * sorted, text escaped. */
void mathml_compact(GString *s, const struct node *math);
/* The display formula of an equation or informalequation eq (the MathML
 * of its paragraph), or NULL. */
const struct node *mathml_of_equation(const struct node *eq);
/* The image standing for eq's formula where MathML cannot be set: the
 * imagedata of the mediaobject beside it (the formula's altimg is made
 * one), or NULL. */
const struct node *mathml_fallback(const struct node *eq);
/* The image standing for formula math, display (mathml_fallback) or
 * inline (the imagedata of the inlinemediaobject beside it in its
 * inlineequation: its altimg is made one), or NULL. */
const struct node *mathml_image_of(const struct node *math);
/* The formula an inlinemediaobject is the image of (it stands beside
 * it in an inlineequation), or NULL. */
const struct node *mathml_formula_of_image(const struct node *media);
/* Is every element of the formula one the PDF lays out (MathML Core's,
 * and menclose)? */
bool mathml_is_all_laid_out(const struct node *math);
/* Is the formula set as a block (display="block")? */
bool mathml_is_display(const struct node *math);

/* An operator's properties (the MathML operator dictionary, in part). */
enum { OP_STRETCHY = 1, OP_LARGE = 2, OP_MOVABLE = 4, OP_SYMMETRIC = 8,
    OP_ACCENT = 16, OP_FUNC = 32 };
/* Spacing (em/18) and properties of text as an mo in form (0 prefix,
 * 1 infix, 2 postfix), from the dictionary (mathml_ops.c). A word of
 * letters it does not know is a function's name (OP_FUNC: pandoc's
 * <mo>sgn</mo> for \operatorname{sgn}, det, Pr), thin spaces beside it. */
void mathml_op_lookup(const char *text, int form, int *lspace, int *rspace,
    unsigned *flags);
/* What a line may break at, after (inline, as TeX) or before (display):
 * 2 for an infix relation (= < ∈, and any operator the dictionary
 * does not know but a function's name), 1 for an infix binary operator (+ − ×), by
 * its dictionary spacing; 0 for any other text. */
int mathml_op_break(const char *text);
/* The row a formula breaks in: the formula's, or that of the one row
 * it holds (an mrow, an mstyle, a semantics' formula); NULL when that is
 * a semantics. */
const struct node *mathml_top_row(const struct node *math);
/* A long inline formula (at least MATHML_LONG_INLINE characters) is
 * cut into pieces the EPUB's reading system may wrap between: after the
 * children of its top-level row for which this is true, infix relations
 * and binary operators as TeX breaks inline math, none of a run of
 * relations but the last, none the row ends with. */
#define MATHML_LONG_INLINE 24
bool mathml_is_long_inline(const struct node *math);
/* The characters of n's text, its annotations left out. */
long mathml_text_length(const struct node *n);
bool mathml_breaks_after(const struct node *child);
/* The element beside n in its row (after: the next one), or NULL. */
const struct node *mathml_beside(const struct node *n, bool after);

#endif
