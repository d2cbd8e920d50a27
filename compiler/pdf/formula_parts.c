/*
 * The boxes of MathML's layout schemata, from their children's boxes and
 * the MATH table's constants, as MathML Core sets them: fractions
 * (mfrac, a bar or a stack), radicals (msqrt, mroot), scripts (msub,
 * msup, msubsup), limits and accents (munder, mover, munderover) and
 * tables (mtable). formula_layout.c calls them on the way out of each
 * element; each takes its children's boxes and gives one.
 */
#include <math.h>

#include "formula_int.h"

bool
formula_is_accent(const struct node *script, const struct node *parent,
    bool under)
{
	const char *a = model_attr(parent, under ? "accentunder" : "accent");
	int l, r;
	unsigned flags;
	char *t;

	if (a == NULL)
		a = model_attr(script, "accent");
	if (a)
		return strcmp(a, "true") == 0;
	if (!named(script, "mo"))
		return false;
	t = model_text(script);
	mathml_op_lookup(t, 2, &l, &r, &flags);
	g_free(t);
	return (flags & OP_ACCENT) != 0;
}

struct mbox *
formula_fraction(struct lay *l, const struct node *n, struct mbox *num,
    struct mbox *den)
{
	const struct math_fonts *mf = l->mf;
	const struct mstyle *s = st(l, n);
	double sz = s->size, a = axis(l, sz), pad = 0.75;
	const char *lt = model_attr(n, "linethickness");
	double t = math_const(mf, HB_OT_MATH_CONSTANT_FRACTION_RULE_THICKNESS,
	    sz);
	struct mbox *r = mbox_new();
	double up, down, w;

	t = formula_length(lt, sz, t);
	if (lt && (strcmp(lt, "thin") == 0 || strcmp(lt, "medium") == 0 ||
	    strcmp(lt, "thick") == 0))
		t = math_const(mf, HB_OT_MATH_CONSTANT_FRACTION_RULE_THICKNESS,
		    sz) * (lt[1] == 'h' && lt[2] == 'i' ? 0.5 :
		    lt[1] == 'h' ? 2 : 1);
	if (t > 0) {
		up = math_const(mf, s->display ?
		    HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP :
		    HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_SHIFT_UP, sz);
		down = math_const(mf, s->display ?
		    HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN :
		    HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_SHIFT_DOWN, sz);
		up = MAX(up, a + t / 2 + num->desc + math_const(mf, s->display ?
		    HB_OT_MATH_CONSTANT_FRACTION_NUM_DISPLAY_STYLE_GAP_MIN :
		    HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_GAP_MIN, sz));
		down = MAX(down, den->asc - a + t / 2 + math_const(mf,
		    s->display ?
		    HB_OT_MATH_CONSTANT_FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN :
		    HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_GAP_MIN, sz));
	} else {
		double gap, delta;

		up = math_const(mf, s->display ?
		    HB_OT_MATH_CONSTANT_STACK_TOP_DISPLAY_STYLE_SHIFT_UP :
		    HB_OT_MATH_CONSTANT_STACK_TOP_SHIFT_UP, sz);
		down = math_const(mf, s->display ?
		    HB_OT_MATH_CONSTANT_STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN :
		    HB_OT_MATH_CONSTANT_STACK_BOTTOM_SHIFT_DOWN, sz);
		gap = math_const(mf, s->display ?
		    HB_OT_MATH_CONSTANT_STACK_DISPLAY_STYLE_GAP_MIN :
		    HB_OT_MATH_CONSTANT_STACK_GAP_MIN, sz);
		delta = (gap - ((up - num->desc) - (den->asc - down))) / 2;
		if (delta > 0) {
			up += delta;
			down += delta;
		}
	}
	w = MAX(num->w, den->w);
	r->asc = MAX(up + num->asc, a + t / 2);
	r->desc = MAX(down + den->desc, t / 2 - a);
	if (t > 0)
		mbox_rule(r, pad, -(a + t / 2), w, t);
	mbox_put(r, num, pad + (w - num->w) / 2, -up);
	mbox_put(r, den, pad + (w - den->w) / 2, down);
	r->w = w + 2 * pad;
	return r;
}

struct mbox *
formula_radical(struct lay *l, const struct node *n, struct mbox *body,
    struct mbox *index)
{
	const struct math_fonts *mf = l->mf;
	const struct mstyle *s = st(l, n);
	double sz = s->size;
	double gap = math_const(mf, s->display ?
	    HB_OT_MATH_CONSTANT_RADICAL_DISPLAY_STYLE_VERTICAL_GAP :
	    HB_OT_MATH_CONSTANT_RADICAL_VERTICAL_GAP, sz);
	double t = math_const(mf, HB_OT_MATH_CONSTANT_RADICAL_RULE_THICKNESS,
	    sz);
	double need = body->asc + body->desc + gap + t, up, x = 0;
	struct mbox *rad = math_token(mf, "√", NULL, sz), *r = mbox_new();
	double h;

	rad->ch = 0x221A;
	math_stretch(mf, rad, need, true, 0);
	h = rad->asc + rad->desc;
	if (h > need)
		gap += (h - need) / 2;
	/* The radical's top meets the rule's top. */
	up = body->asc + gap + t - rad->asc;
	r->asc = body->asc + gap + t + math_const(mf,
	    HB_OT_MATH_CONSTANT_RADICAL_EXTRA_ASCENDER, sz);
	r->desc = MAX(body->desc, rad->desc - up);
	if (index) {
		double before = math_const(mf,
		    HB_OT_MATH_CONSTANT_RADICAL_KERN_BEFORE_DEGREE, sz);
		double after = math_const(mf,
		    HB_OT_MATH_CONSTANT_RADICAL_KERN_AFTER_DEGREE, sz);
		double raise = math_const(mf,
		    HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT, sz);
		double base = (up - rad->desc) + raise * h;

		r->asc = MAX(r->asc, base + index->asc);
		x = MAX(0, before + index->w + after);
		mbox_put(r, index, before, -base);
	}
	{
		double rw = rad->w;

		mbox_put(r, rad, x, -up);
		x += rw;
	}
	mbox_rule(r, x, -(body->asc + gap + t), body->w, t);
	r->w = x + body->w;
	mbox_put(r, body, x, 0);
	return r;
}

/* How far a subscript drops (dn) and a superscript rises (up) beside
 * base, from the scripts' extents (MathML Core's msub, msup, msubsup);
 * mmultiscripts passes the largest of all its scripts'. Cramped (under
 * a radical, in a denominator or a subscript), a superscript rises
 * less, as TeX's cramped styles and MathML Core's compact math-shift
 * set it. A box, and a
 * large operator (TeX makes its glyph a box: an integral's limits at
 * its top and bottom, not at a letter's), drops them from its extents. */
static void
script_shifts(const struct math_fonts *mf, double sz, bool cramped,
    const struct mbox *base, const struct mbox *sub, const struct mbox *sup,
    double *dn, double *up)
{
	*dn = *up = 0;
	if (sub) {
		*dn = MAX(math_const(mf, HB_OT_MATH_CONSTANT_SUBSCRIPT_SHIFT_DOWN,
		    sz), sub->asc - math_const(mf,
		    HB_OT_MATH_CONSTANT_SUBSCRIPT_TOP_MAX, sz));
		if ((!base->token && !base->fenced) || (base->op & OP_LARGE))
			*dn = MAX(*dn, base->desc + math_const(mf,
			    HB_OT_MATH_CONSTANT_SUBSCRIPT_BASELINE_DROP_MIN,
			    sz));
	}
	if (sup) {
		*up = MAX(math_const(mf, cramped ?
		    HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP_CRAMPED :
		    HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP,
		    sz), sup->desc + math_const(mf,
		    HB_OT_MATH_CONSTANT_SUPERSCRIPT_BOTTOM_MIN, sz));
		if ((!base->token && !base->fenced) || (base->op & OP_LARGE))
			*up = MAX(*up, base->asc - math_const(mf,
			    HB_OT_MATH_CONSTANT_SUPERSCRIPT_BASELINE_DROP_MAX,
			    sz));
	}
	if (sub && sup) {
		double gap = (*up - sup->desc) - (sub->asc - *dn);
		double min = math_const(mf,
		    HB_OT_MATH_CONSTANT_SUB_SUPERSCRIPT_GAP_MIN, sz);

		if (gap < min) {
			double most = math_const(mf,
			    HB_OT_MATH_CONSTANT_SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT,
			    sz) - (*up - sup->desc);

			if (most > 0) {
				double d = MIN(most, min - gap);

				*up += d;
				gap += d;
			}
			if (gap < min)
				*dn += min - gap;
		}
	}
}

/* Scripts beside a base: MathML Core's msub, msup and msubsup. */
struct mbox *
formula_scripts(struct lay *l, const struct node *n, struct mbox *base,
    struct mbox *sub, struct mbox *sup)
{
	const struct math_fonts *mf = l->mf;
	double sz = st(l, n)->size;
	bool large = (base->op & OP_LARGE) != 0;
	/* A large operator's advance takes in its italic correction (an
	 * integral's slant): the superscript goes after it, the subscript
	 * is tucked under it (MathML Core, XeTeX). */
	double subx = base->w - (large ? base->italic : 0);
	double supx = base->w;
	double dn, up, w;
	struct mbox *r = mbox_new();

	script_shifts(mf, sz, st(l, n)->cramped, base, sub, sup, &dn, &up);
	mbox_inherit(r, base);
	w = base->w;
	mbox_put(r, base, 0, 0);
	if (sub) {
		r->asc = MAX(r->asc, sub->asc - dn);
		r->desc = MAX(r->desc, sub->desc + dn);
		w = MAX(w, subx + sub->w);
		mbox_put(r, sub, subx, dn);
	}
	if (sup) {
		r->asc = MAX(r->asc, sup->asc + up);
		r->desc = MAX(r->desc, sup->desc - up);
		w = MAX(w, supx + sup->w);
		mbox_put(r, sup, supx, -up);
	}
	r->w = w + math_const(mf, HB_OT_MATH_CONSTANT_SPACE_AFTER_SCRIPT, sz);
	return r;
}

/* The pairs of scripts (subscript, superscript; <none/> an empty box)
 * of scripts put in r from x, each pair as wide as its wider script
 * and a script space; prescripts right-aligned, towards the base. */
static double
script_pairs(const struct math_fonts *mf, double sz, struct mbox *r,
    GPtrArray *scripts, double x, double dn, double up, bool pre)
{
	double space = math_const(mf, HB_OT_MATH_CONSTANT_SPACE_AFTER_SCRIPT,
	    sz);

	for (guint i = 0; i + 1 < scripts->len; i += 2) {
		struct mbox *sub = scripts->pdata[i], *sup = scripts->pdata[i + 1];
		double pw = MAX(sub->w, sup->w);

		if (pre)
			x += space;
		r->asc = MAX(r->asc, MAX(sub->asc - dn, sup->asc + up));
		r->desc = MAX(r->desc, MAX(sub->desc + dn, sup->desc - up));
		mbox_put(r, sub, x + (pre ? pw - sub->w : 0), dn);
		mbox_put(r, sup, x + (pre ? pw - sup->w : 0), -up);
		scripts->pdata[i] = scripts->pdata[i + 1] = NULL;
		x += pw + (pre ? 0 : space);
	}
	return x;
}

struct mbox *
formula_multiscripts(struct lay *l, const struct node *n, struct mbox *base,
    GPtrArray *post, GPtrArray *pre)
{
	const struct math_fonts *mf = l->mf;
	double sz = st(l, n)->size, dn, up, x;
	struct mbox sub = { 0 }, sup = { 0 };
	struct mbox *r = mbox_new();
	GPtrArray *all[2] = { post, pre };

	/* One drop and one rise for all the scripts, from the largest. */
	for (int k = 0; k < 2; k++)
		for (guint i = 0; i < all[k]->len; i++) {
			struct mbox *b = all[k]->pdata[i], *to = i % 2 ? &sup : &sub;

			to->asc = MAX(to->asc, b->asc);
			to->desc = MAX(to->desc, b->desc);
		}
	script_shifts(mf, sz, st(l, n)->cramped, base, &sub, &sup, &dn, &up);
	mbox_inherit(r, base);
	x = script_pairs(mf, sz, r, pre, 0, dn, up, true);
	r->w = x + base->w;
	mbox_put(r, base, x, 0);
	r->w = script_pairs(mf, sz, r, post, r->w, dn, up, false);
	return r;
}

/* Limits or accents above and below a base: munder, mover and
 * munderover; on a movable-limits operator out of display style, the
 * scripts beside it. */
/* The lowest ink of b, above its baseline (y up). */
static double
ink_bottom(const struct mbox *b)
{
	return b->inked ? b->ink_bottom : -b->desc;
}

/* Whether an accent is a combining mark (U+0300 to U+036F, U+20D0 to
 * U+20FF), which a font draws above the x-height, not at a glyph's. */
static bool
combining(const struct mbox *accent)
{
	gunichar c = accent->ch;

	return (c >= 0x300 && c <= 0x36F) || (c >= 0x20D0 && c <= 0x20FF);
}

struct mbox *
formula_limits(struct lay *l, const struct node *n, struct mbox *base,
    struct mbox *under, struct mbox *over)
{
	const struct math_fonts *mf = l->mf;
	const struct mstyle *s = st(l, n);
	double sz = s->size, w, up = 0, dn = 0, ax = 0;
	bool large = (base->op & OP_LARGE) != 0;
	bool accent = over && formula_is_accent(n->last, n, false);
	struct mbox *r;

	if ((base->op & OP_MOVABLE) && !s->display)
		return formula_scripts(l, n, base, under, over);
	w = MAX(base->w, MAX(under ? under->w : 0, over ? over->w : 0));
	if (over && over->is_op && (over->op & OP_STRETCHY) &&
	    !over->stretch_v)
		math_stretch(mf, over, base->w, false, 0);
	if (under && under->is_op && (under->op & OP_STRETCHY) &&
	    !under->stretch_v)
		math_stretch(mf, under, base->w, false, 0);
	if (over) {
		if (large)
			up = base->asc + over->desc + MAX(math_const(mf,
			    HB_OT_MATH_CONSTANT_UPPER_LIMIT_GAP_MIN, sz),
			    math_const(mf,
			    HB_OT_MATH_CONSTANT_UPPER_LIMIT_BASELINE_RISE_MIN,
			    sz) - over->desc);
		else if (accent && base->token && combining(over))
			/* A combining accent (pandoc's \hat, \tilde, \vec,
			 * \dot) is drawn for a base as tall as the font's
			 * AccentBaseHeight: raised by what a letter passes
			 * it, where it was drawn over a lower one (OpenType
			 * MATH's rule, and TeX's). */
			up = MAX(0, base->asc - math_const(mf,
			    HB_OT_MATH_CONSTANT_ACCENT_BASE_HEIGHT, sz));
		else
			/* Its ink just above the base's: spacing accents,
			 * whatever height their glyphs were drawn for, and
			 * any accent over more than a letter. */
			up = base->asc - ink_bottom(over) + (accent ?
			    0.06 * sz : math_const(mf,
			    HB_OT_MATH_CONSTANT_OVERBAR_VERTICAL_GAP, sz));
	}
	if (under) {
		if (large)
			dn = base->desc + under->asc + MAX(math_const(mf,
			    HB_OT_MATH_CONSTANT_LOWER_LIMIT_GAP_MIN, sz),
			    math_const(mf,
			    HB_OT_MATH_CONSTANT_LOWER_LIMIT_BASELINE_DROP_MIN,
			    sz) - under->asc);
		else
			dn = base->desc + under->asc + math_const(mf,
			    HB_OT_MATH_CONSTANT_UNDERBAR_VERTICAL_GAP, sz);
	}
	w = MAX(base->w, MAX(under ? under->w : 0, over ? over->w : 0));
	r = mbox_new();
	mbox_inherit(r, base);
	if (accent && !large) {
		/* Centred on the base's accent attachment (an italic
		 * letter's is right of its middle). */
		w = MAX(base->w, under ? under->w : 0);
		/* A box of several (a row under a brace) at its middle. */
		ax = (w - base->w) / 2 + (base->token ? base->attach :
		    base->w / 2) -
		    (over->inked ? (over->ink_l + over->ink_r) / 2 :
		    over->w / 2);
	} else if (over) {
		ax = (w - over->w) / 2 + (large ? base->italic / 2 : 0);
	}
	if (over) {
		r->asc = MAX(r->asc, up + over->asc);
		mbox_put(r, over, ax, -up);
	}
	if (under) {
		r->desc = MAX(r->desc, dn + under->desc);
		mbox_put(r, under, (w - under->w) / 2 - (large ?
		    base->italic / 2 : 0), dn);
	}
	mbox_put(r, base, (w - base->w) / 2, 0);
	r->w = w;
	return r;
}

/* The alignment of column j: mtd's, else the table's list. */
static double
align_in(const struct node *table, const struct node *cell, int j, double room)
{
	const char *a = model_attr(cell, "columnalign");
	char **list = NULL;
	double x = room / 2;

	if (a == NULL && (a = model_attr(table, "columnalign")) != NULL) {
		int n;

		list = g_strsplit(a, " ", -1);
		n = (int)g_strv_length(list);
		a = n > 0 ? list[MIN(j, n - 1)] : NULL;
	}
	if (a && strcmp(a, "left") == 0)
		x = 0;
	else if (a && strcmp(a, "right") == 0)
		x = room;
	g_strfreev(list);
	return x;
}

/* Whether cell begins with a relation (= ≤ →): the right half of a
 * TeX align's pair of columns, as pandoc writes align and aligned. */
static bool
starts_with_relation(const struct node *cell)
{
	const struct node *c = cell->first;
	char *t;
	int brk;

	while (c && (c->kind != N_MML || named(c, "mrow")))
		c = c->kind == N_MML ? c->first : c->next;
	if (c == NULL || !named(c, "mo"))
		return false;
	t = model_text(c);
	brk = mathml_op_break(t);
	g_free(t);
	return brk == 2;
}

/* The space before column j: none before a column whose every cell
 * begins with a relation (it has the relation's space; TeX's align
 * sets its columns in pairs, right against left), else MathML's
 * default columnspacing. */
static double
column_space(const struct node *table, int j, double size)
{
	bool any = false;

	if (j == 0)
		return 0;
	for (const struct node *tr = table->first; tr; tr = tr->next) {
		int k = 0;

		if (tr->kind != N_MML)
			continue;
		for (const struct node *td = tr->first; td; td = td->next) {
			if (td->kind != N_MML)
				continue;
			if (k++ != j)
				continue;
			if (!starts_with_relation(td))
				return 0.8 * size;
			any = true;
		}
	}
	return any ? 0 : 0.8 * size;
}

/* Whether table stands right after an opening brace with nothing to
 * close it: TeX's cases, as pandoc writes it. */
static bool
after_open_brace(const struct node *table)
{
	const struct node *b = mathml_beside(table, false);
	char *t;
	bool yes;

	if (b == NULL || !named(b, "mo") || mathml_beside(table, true))
		return false;
	t = model_text(b);
	yes = strcmp(g_strstrip(t), "{") == 0;
	g_free(t);
	return yes;
}

/* The space between a row whose depth is desc and the next, whose
 * height is asc: TeX's \lineskip where the rows pass their struts
 * (which leave none), else rowsp. */
static double
row_gap(double desc, double asc, double pitch, double rowsp, double sz)
{
	if (pitch <= 0)
		return rowsp;
	return desc + asc > pitch + 1e-6 ? 0.1 * sz : 0;
}

bool
formula_table_aligns(const struct node *table)
{
	int cols = 0;

	for (const struct node *tr = table->first; tr; tr = tr->next)
		if (tr->kind == N_MML) {
			int k = 0;

			for (const struct node *td = tr->first; td;
			    td = td->next)
				k += td->kind == N_MML;
			cols = MAX(cols, k);
		}
	for (int j = 1; j < cols; j++)
		if (column_space(table, j, 1) == 0)
			return true;
	return false;
}

/*
 * A table (mtable): its cells' boxes in columns as wide as the widest,
 * MathML's 0.8em apart. Its rows as TeX sets an array, which is what
 * pandoc's matrices, cases and aligns come from: each as tall as a strut
 * of the line pitch (0.7 of it above the baseline, 0.3 below) or its
 * content, with no space between them but TeX's \lineskip (1pt) where
 * the content passes the strut; aligned equations (columns paired at
 * relations) a \jot (3pt at the text's size) further apart, as
 * amsmath opens them up; cases' rows (after an opening brace) 1.2 times
 * the pitch apart, amsmath's \arraystretch. Without a pitch, rows are
 * MathML's 1ex apart.
 */
struct mbox *
formula_table(struct lay *l, const struct node *n)
{
	double sz = st(l, n)->size, pitch = l->mf->pitch * sz;
	double rowsp = pitch > 0 ? 0 : 0.43 * sz;
	double jot = pitch > 0 && formula_table_aligns(n) ?
	    3.0 * sz / l->size0 : 0;
	GArray *colw = g_array_new(FALSE, TRUE, sizeof(double));
	GArray *rasc = g_array_new(FALSE, TRUE, sizeof(double));
	GArray *rdesc = g_array_new(FALSE, TRUE, sizeof(double));
	GArray *rgap = g_array_new(FALSE, TRUE, sizeof(double));
	GArray *colsp;
	struct mbox *r = mbox_new();
	double h = 0, top, y;
	int i = 0;

	/* cases: amsmath's \arraystretch 1.2 */
	if (pitch > 0 && after_open_brace(n))
		pitch *= 1.2;

	for (const struct node *tr = n->first; tr; tr = tr->next) {
		int j = 0;

		if (tr->kind != N_MML)
			continue;
		g_array_set_size(rasc, i + 1);
		g_array_set_size(rdesc, i + 1);
		g_array_set_size(rgap, i + 1);
		for (const struct node *td = tr->first; td; td = td->next) {
			struct mbox *b = g_hash_table_lookup(l->box, td);

			if (b == NULL)
				continue;
			if ((int)colw->len <= j)
				g_array_set_size(colw, j + 1);
			g_array_index(colw, double, j) = MAX(g_array_index(
			    colw, double, j), b->w);
			g_array_index(rasc, double, i) = MAX(g_array_index(
			    rasc, double, i), b->asc);
			g_array_index(rdesc, double, i) = MAX(g_array_index(
			    rdesc, double, i), b->desc);
			j++;
		}
		if (pitch > 0) {
			g_array_index(rasc, double, i) = MAX(g_array_index(
			    rasc, double, i), 0.7 * pitch);
			g_array_index(rdesc, double, i) = MAX(g_array_index(
			    rdesc, double, i), 0.3 * pitch);
		}
		/* the space above it */
		if (i > 0)
			g_array_index(rgap, double, i) = row_gap(g_array_index(
			    rdesc, double, i - 1), g_array_index(rasc, double,
			    i), pitch, rowsp, sz) + jot;
		h += g_array_index(rasc, double, i) + g_array_index(rdesc,
		    double, i) + g_array_index(rgap, double, i);
		i++;
	}
	colsp = g_array_sized_new(FALSE, TRUE, sizeof(double), colw->len);
	for (guint j = 0; j < colw->len; j++) {
		double sp = column_space(n, (int)j, sz);

		g_array_append_val(colsp, sp);
	}
	top = axis(l, sz) + h / 2;
	y = top;
	i = 0;
	for (const struct node *tr = n->first; tr; tr = tr->next) {
		double x = 0;
		int j = 0;

		if (tr->kind != N_MML)
			continue;
		y -= g_array_index(rgap, double, i);
		y -= g_array_index(rasc, double, i);
		for (const struct node *td = tr->first; td; td = td->next) {
			struct mbox *b = g_hash_table_lookup(l->box, td);
			double cw;

			if (b == NULL)
				continue;
			cw = g_array_index(colw, double, j);
			x += g_array_index(colsp, double, j);
			g_hash_table_steal(l->box, td);
			mbox_put(r, b, x + align_in(n, td, j, cw - b->w), -y);
			x += cw;
			j++;
		}
		r->w = MAX(r->w, x);
		y -= g_array_index(rdesc, double, i);
		i++;
	}
	r->asc = top;
	r->desc = h - top;
	g_array_free(colw, TRUE);
	g_array_free(colsp, TRUE);
	g_array_free(rasc, TRUE);
	g_array_free(rdesc, TRUE);
	g_array_free(rgap, TRUE);
	return r;
}

/* One of mpadded's attributes in points: a length, or (MathML 3) a
 * percentage or multiple of the content's width, height or depth, and
 * with a sign, added to or taken from self (the content's own value of
 * that dimension, also what an absent or unreadable value gives). */
static double
padded_len(const char *v, double size, double self, const struct mbox *b)
{
	static const char *const pseudo[] = { "width", "height", "depth" };
	char *end;
	double x;
	bool pct = false, unit = true;
	int sign = 0;

	if (v == NULL)
		return self;
	while (*v == ' ')
		v++;
	if (*v == '+' || *v == '-')
		sign = *v++ == '+' ? 1 : -1;
	x = g_ascii_strtod(v, &end);
	if (end == v)
		return self;
	if (*end == '%') {
		x /= 100;
		pct = true;
		end++;
	}
	while (*end == ' ')
		end++;
	for (int i = 0; i < 3 && unit; i++)
		if (strcmp(end, pseudo[i]) == 0) {
			x *= i == 0 ? b->w : i == 1 ? b->asc : b->desc;
			unit = false;
		}
	if (unit && *end == '\0')
		x *= self;      /* a percentage or bare number: of self */
	else if (unit && (pct ||
	    (x = formula_length(v, size, NAN), isnan(x))))
		return self;
	return sign > 0 ? self + x : sign < 0 ? self - x : x;
}

struct mbox *
formula_padded(const struct node *n, double size, struct mbox *content)
{
	struct mbox *r = mbox_new();
	double w = padded_len(model_attr(n, "width"), size, content->w,
	    content);
	double h = padded_len(model_attr(n, "height"), size, content->asc,
	    content);
	double d = padded_len(model_attr(n, "depth"), size, content->desc,
	    content);
	double ls = padded_len(model_attr(n, "lspace"), size, 0, content);
	double vo = padded_len(model_attr(n, "voffset"), size, 0, content);

	mbox_put(r, content, ls, -vo);
	r->w = MAX(0, w);
	r->asc = MAX(0, h);
	r->desc = MAX(0, d);
	return r;
}
