/*
 * MathML's operator dictionary, in the part bookc uses: each operator's
 * spacing (in em/18) and properties by its text and form. Both back ends
 * read it: the PDF spaces and stretches operators with it, and both
 * decide from it where a long inline formula may break (mathml.c).
 */
#include <string.h>

#include <glib.h>

#include "mathml.h"

/* form: -1 any, 0 prefix, 1 infix, 2 postfix; spaces in em/18. */
struct op_entry {
	const char *text;
	int form, l, r;
	unsigned flags;
};

#define FENCE (OP_STRETCHY | OP_SYMMETRIC)
#define LARGE (OP_LARGE | OP_SYMMETRIC | OP_MOVABLE)
#define INTEGRAL (OP_LARGE | OP_SYMMETRIC)

static const struct op_entry ops[] = {
	{ "(", -1, 0, 0, FENCE }, { ")", -1, 0, 0, FENCE },
	{ "[", -1, 0, 0, FENCE }, { "]", -1, 0, 0, FENCE },
	{ "{", -1, 0, 0, FENCE }, { "}", -1, 0, 0, FENCE },
	{ "|", -1, 0, 0, FENCE }, { "‖", -1, 0, 0, FENCE },
	/* pandoc's \lVert \rVert (infix, "parallel to", a relation) ... */
	{ "∥", 0, 0, 0, FENCE }, { "∥", 2, 0, 0, FENCE },
	/* and of vmatrix (infix, "divides", a relation) */
	{ "∣", 0, 0, 0, FENCE }, { "∣", 2, 0, 0, FENCE },
	{ "⟨", -1, 0, 0, FENCE }, { "⟩", -1, 0, 0, FENCE },
	{ "⌈", -1, 0, 0, FENCE }, { "⌉", -1, 0, 0, FENCE },
	{ "⌊", -1, 0, 0, FENCE }, { "⌋", -1, 0, 0, FENCE },
	{ "∑", -1, 1, 2, LARGE }, { "∏", -1, 1, 2, LARGE },
	{ "∐", -1, 1, 2, LARGE }, { "⋃", -1, 1, 2, LARGE },
	{ "⋂", -1, 1, 2, LARGE }, { "⨁", -1, 1, 2, LARGE },
	{ "⨂", -1, 1, 2, LARGE }, { "⋀", -1, 1, 2, LARGE },
	{ "⋁", -1, 1, 2, LARGE },
	{ "∫", -1, 0, 1, INTEGRAL }, { "∬", -1, 0, 1, INTEGRAL },
	{ "∭", -1, 0, 1, INTEGRAL }, { "∮", -1, 0, 1, INTEGRAL },
	{ "lim", -1, 1, 2, OP_MOVABLE }, { "max", -1, 1, 2, OP_MOVABLE },
	{ "min", -1, 1, 2, OP_MOVABLE }, { "sup", -1, 1, 2, OP_MOVABLE },
	{ "inf", -1, 1, 2, OP_MOVABLE },
	{ "+", 0, 0, 1, 0 }, { "-", 0, 0, 1, 0 }, { "−", 0, 0, 1, 0 },
	{ "±", 0, 0, 1, 0 }, { "∓", 0, 0, 1, 0 }, { "¬", 0, 2, 1, 0 },
	{ "+", -1, 4, 4, 0 }, { "-", -1, 4, 4, 0 }, { "−", -1, 4, 4, 0 },
	{ "±", -1, 4, 4, 0 }, { "∓", -1, 4, 4, 0 }, { "×", -1, 4, 4, 0 },
	{ "÷", -1, 4, 4, 0 }, { "⋅", -1, 4, 4, 0 }, { "·", -1, 4, 4, 0 },
	{ "∗", -1, 4, 4, 0 }, { "∘", -1, 4, 4, 0 }, { "∙", -1, 4, 4, 0 },
	{ "∪", -1, 4, 4, 0 }, { "∩", -1, 4, 4, 0 }, { "∧", -1, 4, 4, 0 },
	{ "∨", -1, 4, 4, 0 }, { "⊕", -1, 4, 4, 0 }, { "⊗", -1, 4, 4, 0 },
	{ "∖", -1, 4, 4, 0 }, { "/", -1, 0, 0, 0 },
	{ ",", -1, 0, 3, 0 }, { ";", -1, 0, 3, 0 }, { ".", -1, 0, 0, 0 },
	{ "!", -1, 0, 0, 0 }, { "′", -1, 0, 0, 0 }, { "″", -1, 0, 0, 0 },
	{ "\u2061", -1, 0, 0, 0 }, { "\u2062", -1, 0, 0, 0 },
	{ "\u2063", -1, 0, 0, 0 }, { "\u2064", -1, 0, 0, 0 },
	{ "^", -1, 0, 0, OP_ACCENT | OP_STRETCHY },
	{ "ˆ", -1, 0, 0, OP_ACCENT | OP_STRETCHY },
	{ "~", -1, 0, 0, OP_ACCENT | OP_STRETCHY },
	{ "˜", -1, 0, 0, OP_ACCENT | OP_STRETCHY },
	{ "¯", -1, 0, 0, OP_ACCENT | OP_STRETCHY },
	{ "‾", -1, 0, 0, OP_ACCENT | OP_STRETCHY },
	{ "→", -1, 5, 5, OP_STRETCHY }, { "←", -1, 5, 5, OP_STRETCHY },
	{ "↔", -1, 5, 5, OP_STRETCHY },
	{ "⏞", -1, 0, 0, OP_STRETCHY }, { "⏟", -1, 0, 0, OP_STRETCHY },
	{ "˙", -1, 0, 0, OP_ACCENT }, { "¨", -1, 0, 0, OP_ACCENT },
};

void
mathml_op_lookup(const char *text, int form, int *lspace, int *rspace,
    unsigned *flags)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++)
		if ((ops[i].form == -1 || ops[i].form == form) &&
		    strcmp(ops[i].text, text) == 0) {
			*lspace = ops[i].l;
			*rspace = ops[i].r;
			*flags = ops[i].flags;
			return;
		}
	/* A word of two or more letters: a function's name, spaced as TeX
	 * spaces \operatorname (an Op atom: a thin space each side). */
	if (text[0] && text[1]) {
		const char *c = text;

		while (g_ascii_isalpha(*c))
			c++;
		if (*c == '\0') {
			*lspace = *rspace = 3;
			*flags = OP_FUNC;
			return;
		}
	}
	/* Not in the table: a relation's spacing, MathML's default (and
	 * what = < > → ∈ ≤ and the other relations have). */
	*lspace = *rspace = 5;
	*flags = 0;
}

int
mathml_op_break(const char *text)
{
	int l, r;
	unsigned flags;

	mathml_op_lookup(text, 1, &l, &r, &flags);
	if (l != r)
		return 0;
	return l == 5 ? 2 : l == 4 ? 1 : 0;
}
