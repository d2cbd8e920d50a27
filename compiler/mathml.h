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
/* Is every element of the formula MathML Core (what the PDF lays out)? */
bool mathml_is_all_core(const struct node *math);
/* Is the formula set as a block (display="block")? */
bool mathml_is_display(const struct node *math);

#endif
