/*
 * menclose: its content with the notations MathML 3 names drawn about it
 * (MathML Core left menclose to CSS; pandoc writes it for \boxed). Each
 * side a notation rules is set off by a gap and a rule of the math font's
 * fraction rule thickness, as TeX's \fbox sets its box (\fboxsep, 3pt at
 * 10pt: 0.3 em); strikes cross the content's box and take no room;
 * roundedbox and circle are stroked curves. The notation MathML 3 gives
 * by default, longdiv, and the arrows and phasorangle, are ruled on the
 * sides they stand on (a long division's left and top).
 */
#include <math.h>

#include "formula_int.h"

enum {
	EN_LEFT = 1, EN_RIGHT = 2, EN_TOP = 4, EN_BOTTOM = 8,
	EN_ROUNDED = 16, EN_CIRCLE = 32, EN_HSTRIKE = 64, EN_VSTRIKE = 128,
	EN_UP = 256, EN_DOWN = 512
};

static const struct {
	const char *name;
	unsigned bits;
} notations[] = {
	{ "actuarial", EN_TOP | EN_RIGHT },
	{ "bottom", EN_BOTTOM },
	{ "box", EN_LEFT | EN_RIGHT | EN_TOP | EN_BOTTOM },
	{ "circle", EN_CIRCLE },
	{ "downdiagonalstrike", EN_DOWN },
	{ "horizontalstrike", EN_HSTRIKE },
	{ "left", EN_LEFT },
	{ "longdiv", EN_LEFT | EN_TOP },
	{ "madruwb", EN_BOTTOM | EN_RIGHT },
	{ "northeastarrow", EN_UP },
	{ "phasorangle", EN_BOTTOM | EN_UP },
	{ "radical", EN_LEFT | EN_TOP },
	{ "right", EN_RIGHT },
	{ "roundedbox", EN_ROUNDED },
	{ "top", EN_TOP },
	{ "updiagonalarrow", EN_UP },
	{ "updiagonalstrike", EN_UP },
	{ "verticalstrike", EN_VSTRIKE },
};

static unsigned
notation_bits(const char *v)
{
	char **words = g_strsplit_set(v ? v : "longdiv", " \t\n\r", -1);
	unsigned bits = 0;

	for (char **w = words; *w; w++)
		for (size_t i = 0; i < G_N_ELEMENTS(notations); i++)
			if (strcmp(*w, notations[i].name) == 0)
				bits |= notations[i].bits;
	g_strfreev(words);
	return bits;
}

static void
stroke(struct mbox *b, enum math_item_kind kind, double x, double y,
    double w, double h, double t)
{
	struct math_item it = { .kind = kind, .x = x, .y = y, .w = w, .h = h,
	    .size = t };

	g_array_append_val(b->items, it);
}

struct mbox *
formula_enclose(struct lay *l, const struct node *n, struct mbox *content)
{
	double sz = st(l, n)->size;
	double t = math_const(l->mf,
	    HB_OT_MATH_CONSTANT_FRACTION_RULE_THICKNESS, sz);
	double gap = 0.3 * sz;
	unsigned bits = notation_bits(model_attr(n, "notation"));
	struct mbox *r = mbox_new();
	double pl, pr, pt, pb, w, asc, desc;

	if (bits & (EN_ROUNDED | EN_CIRCLE))
		bits |= EN_LEFT | EN_RIGHT | EN_TOP | EN_BOTTOM;
	pl = bits & EN_LEFT ? gap + t : 0;
	pr = bits & EN_RIGHT ? gap + t : 0;
	pt = bits & EN_TOP ? gap + t : 0;
	pb = bits & EN_BOTTOM ? gap + t : 0;
	if (bits & EN_CIRCLE) {
		/* The ellipse through the corners of the gapped box. */
		double ex = (content->w / 2 + gap) * (M_SQRT2 - 1);
		double ey = ((content->asc + content->desc) / 2 + gap) *
		    (M_SQRT2 - 1);

		pl += ex;
		pr += ex;
		pt += ey;
		pb += ey;
	}
	w = pl + content->w + pr;
	asc = content->asc + pt;
	desc = content->desc + pb;
	r->italic = content->italic;
	mbox_put(r, content, pl, 0);        /* frees content */
	r->w = w;
	r->asc = asc;
	r->desc = desc;
	if (bits & EN_CIRCLE)
		stroke(r, MI_ELLIPSE, t / 2, t / 2 - asc, w - t, asc + desc - t,
		    t);
	else if (bits & EN_ROUNDED)
		stroke(r, MI_ROUNDED, t / 2, t / 2 - asc, w - t, asc + desc - t,
		    t);
	else {
		if (bits & EN_TOP)
			mbox_rule(r, 0, -asc, w, t);
		if (bits & EN_BOTTOM)
			mbox_rule(r, 0, desc - t, w, t);
		if (bits & EN_LEFT)
			mbox_rule(r, 0, -asc, t, asc + desc);
		if (bits & EN_RIGHT)
			mbox_rule(r, w - t, -asc, t, asc + desc);
	}
	/* Strikes cross the content and its gaps, inside the rules. */
	{
		double x0 = bits & EN_LEFT ? t : 0, y0 = -asc + (bits & EN_TOP ?
		    t : 0);
		double x1 = w - (bits & EN_RIGHT ? t : 0), y1 = desc -
		    (bits & EN_BOTTOM ? t : 0);
		double mid = -axis(l, sz);

		if (bits & EN_HSTRIKE)
			mbox_rule(r, x0, mid - t / 2, x1 - x0, t);
		if (bits & EN_VSTRIKE)
			mbox_rule(r, (x0 + x1 - t) / 2, y0, t, y1 - y0);
		if (bits & EN_UP)
			stroke(r, MI_LINE, x0, y1, x1 - x0, y0 - y1, t);
		if (bits & EN_DOWN)
			stroke(r, MI_LINE, x0, y0, x1 - x0, y1 - y0, t);
	}
	return r;
}
