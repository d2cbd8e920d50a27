/*
 * A formula's boxes put together, as MathML Core lays out its elements
 * with the MATH table's constants: tokens, rows with operator spacing
 * and stretched fences, spaces and phantoms here, the schemata
 * (fractions, radicals, scripts, limits, tables) in formula_parts.c;
 * script levels and display style passed down. The tree
 * is walked without recursion: each element's style is set on the way in
 * (from its parent's and its place there), its box made on the way out
 * from its children's, which are then let go.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "mathml.h"
#include "formula_int.h"

static double
level_size(const struct lay *l, int level)
{
	if (level <= 0)
		return l->size0;
	return l->size0 * math_const(l->mf, level == 1 ?
	    HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN :
	    HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN, 0);
}

/* A MathML length in points (em and ex of size; the named spaces). */
double
formula_length(const char *v, double size, double dflt)
{
	static const struct { const char *name; double em; } named_sp[] = {
		{ "veryverythinmathspace", 1 / 18.0 },
		{ "verythinmathspace", 2 / 18.0 },
		{ "thinmathspace", 3 / 18.0 },
		{ "mediummathspace", 4 / 18.0 },
		{ "thickmathspace", 5 / 18.0 },
		{ "verythickmathspace", 6 / 18.0 },
		{ "veryverythickmathspace", 7 / 18.0 },
	};
	char *end;
	double x;

	if (v == NULL)
		return dflt;
	for (size_t i = 0; i < G_N_ELEMENTS(named_sp); i++)
		if (strcmp(v, named_sp[i].name) == 0)
			return named_sp[i].em * size;
	x = g_ascii_strtod(v, &end);
	if (end == v)
		return dflt;
	while (*end == ' ')
		end++;
	if (strcmp(end, "em") == 0)
		return x * size;
	if (strcmp(end, "ex") == 0)
		return x * size * 0.43;
	if (strcmp(end, "px") == 0)
		return x * 0.75;
	if (strcmp(end, "pt") == 0 || *end == '\0')
		return *end ? x : x * size;
	if (strcmp(end, "mm") == 0)
		return x * 72 / 25.4;
	if (strcmp(end, "cm") == 0)
		return x * 72 / 2.54;
	if (strcmp(end, "in") == 0)
		return x * 72;
	return dflt;
}

/* The index of n among its parent's elements. */
static int
elem_index(const struct lay *l, const struct node *n)
{
	const struct node *c = n->prev;

	/* The element before has its style, and with it its index: a row
	 * of thousands stays linear. */
	while (c && c->kind != N_MML)
		c = c->prev;
	return c ? st(l, c)->index + 1 : 0;
}

/* The style of n, from its parent's and its place there. */
static struct mstyle *
style_of(struct lay *l, const struct node *n)
{
	struct mstyle *s = g_new(struct mstyle, 1);
	const struct node *p = n->kind == N_MATH ? NULL : n->parent;
	const char *v;

	if (p == NULL) {
		s->level = 0;
		s->display = attr_is(n, "display", "block");
		s->aligns = false;
		s->cramped = false;
	} else {
		int i = elem_index(l, n);

		*s = *(struct mstyle *)g_hash_table_lookup(l->style, p);
		if (named(p, "mfrac")) {
			if (!s->display)
				s->level++;
			s->display = false;
		} else if ((named(p, "msub") || named(p, "msup") ||
		    named(p, "msubsup") || named(p, "mmultiscripts")) &&
		    i > 0) {
			s->level++;
			s->display = false;
		} else if ((named(p, "munder") || named(p, "mover") ||
		    named(p, "munderover")) && i > 0) {
			bool under = i == 1 && !named(p, "mover");

			if (!formula_is_accent(n, p, under))
				s->level++;
			s->display = false;
		} else if (named(p, "mroot") && i == 1) {
			s->level += 2;
			s->display = false;
		} else if (named(p, "mtable")) {
			/* TeX's align sets its cells in display style, its
			 * cases and matrices in text style. */
			s->display = s->aligns;
		}
		s->aligns = false;
		if ((named(p, "mfrac") && i == 1) || named(p, "msqrt") ||
		    (named(p, "mroot") && i == 0) || ((named(p, "msub") ||
		    named(p, "msubsup") || named(p, "munder") ||
		    named(p, "munderover")) && i == 1))
			s->cramped = true;
	}
	if (named(n, "mtable"))
		s->aligns = s->display && formula_table_aligns(n);
	if ((v = model_attr(n, "displaystyle")) != NULL)
		s->display = strcmp(v, "true") == 0;
	if ((v = model_attr(n, "scriptlevel")) != NULL) {
		int k = atoi(v);

		s->level = (*v == '+' || *v == '-') ? s->level + k : k;
		if (s->level < 0)
			s->level = 0;
	}
	s->size = level_size(l, s->level);
	s->index = p ? elem_index(l, n) : 0;
	return s;
}

/* The children's boxes, in order, taken out of the table. */
static GPtrArray *
take_kids(struct lay *l, const struct node *n)
{
	GPtrArray *a = g_ptr_array_new();

	for (const struct node *c = n->first; c; c = c->next) {
		struct mbox *b = g_hash_table_lookup(l->box, c);

		if (b) {
			g_hash_table_steal(l->box, c);
			g_ptr_array_add(a, b);
		}
	}
	return a;
}

static void
free_kids(GPtrArray *a)
{
	for (guint i = 0; i < a->len; i++)
		mbox_free(a->pdata[i]);
	g_ptr_array_free(a, TRUE);
}

/* A row: fences stretched to what they hold, operators spaced. One
 * element alone is the row, its spacing kept for the row's own row. */
static struct mbox *
row(struct lay *l, GPtrArray *kids, double size)
{
	struct mbox *r = mbox_new();
	double asc = 0, desc = 0, a = axis(l, size), x = 0;
	bool one = kids->len == 1, grown = false;

	for (guint i = 0; i < kids->len; i++) {
		struct mbox *b = kids->pdata[i];

		if (!b->stretch_v) {
			asc = MAX(asc, b->asc);
			desc = MAX(desc, b->desc);
		}
	}
	for (guint i = 0; i < kids->len; i++) {
		struct mbox *b = kids->pdata[i];
		/* TeX's \delimiterfactor 901 and \delimitershortfall
		 * 5pt: a fence may fall a little short of what it holds. */
		double target = 2 * MAX(asc - a, desc + a);

		target = MAX(target * 0.901, target - 0.5 * size);

		if (b->stretch_v && target > b->asc + b->desc) {
			math_stretch(l->mf, b, target, true, axis(l, b->size));
			grown = true;
		}
	}
	/* pandoc writes (a+b)^2 as a superscript on the row; TeX puts it
	 * on the parenthesis, a character, unless \left made it grow. */
	r->fenced = kids->len > 2 && !grown &&
	    ((struct mbox *)kids->pdata[0])->stretch_v &&
	    ((struct mbox *)kids->pdata[kids->len - 1])->stretch_v;
	for (guint i = 0; i < kids->len; i++) {
		struct mbox *b = kids->pdata[i];
		double adv = b->w + (one ? 0 : b->rspace);

		if (one) {
			mbox_inherit(r, b);
			r->stretch_v = b->stretch_v;
			r->ch = b->ch;
			r->token = b->token;
			r->fenced = b->fenced;
		} else {
			x += b->lspace;
		}
		if (l->recording) {
			struct row_piece pc = { r->items->len, x, b->w, b->asc,
			    b->desc, b->brk };

			g_array_append_val(l->pieces, pc);
		}
		r->asc = MAX(r->asc, b->asc);
		r->desc = MAX(r->desc, b->desc);
		r->italic = b->italic;
		mbox_put(r, b, x, 0);   /* frees b */
		x += adv;
		if (!one)
			r->italic = 0;
	}
	r->w = x;
	g_ptr_array_free(kids, TRUE);
	return r;
}

/* Whether n is an operator an operand should follow: an mo but a
 * closing fence, a postfix one or a prime (x), n!, f′). */
static bool
op_opens(const struct node *n)
{
	char *t;
	bool opens;

	if (n == NULL || !named(n, "mo") || attr_is(n, "form", "postfix"))
		return false;
	t = model_text(n);
	opens = t[0] && strchr(")]}|!.", t[0]) == NULL &&
	    strstr("⟩⌉⌋‖∥′″", t) == NULL;
	g_free(t);
	return opens;
}

/* The form of an mo: its attribute, else its place in its row. */
static int
op_form(const struct node *n)
{
	const char *f = model_attr(n, "form");
	const struct node *at = n;
	bool before, after;

	if (f)
		return strcmp(f, "prefix") == 0 ? 0 :
		    strcmp(f, "postfix") == 0 ? 2 : 1;
	/* An embellished operator's place is its outermost element's. */
	while (at->parent && at->parent->kind == N_MML &&
	    (named(at->parent, "msub") || named(at->parent, "msup") ||
	    named(at->parent, "msubsup") || named(at->parent, "munder") ||
	    named(at->parent, "mover") || named(at->parent, "munderover")) &&
	    mathml_beside(at, false) == NULL)
		at = at->parent;
	before = mathml_beside(at, false) != NULL;
	after = mathml_beside(at, true) != NULL;
	if (!before && !after)
		return 1;
	/* After another operator (= −2, pandoc's align cell "=−2"), a sign,
	 * as TeX makes a binary operator after a relation an ordinary one. */
	if (before && after && op_opens(mathml_beside(at, false)))
		return 0;
	return !before ? 0 : !after ? 2 : 1;
}

/* A function's name (sgn, det, Pr) as TeX spaces an Op atom: no space
 * before it at the start of its row or after an operator (which has
 * its own), none after it before an opening fence: sgn(b), not sgn (b). */
static void
func_spaces(const struct node *n, int *ls, int *rs)
{
	const struct node *prev = mathml_beside(n, false);
	const struct node *next = mathml_beside(n, true);

	if (prev == NULL || (named(prev, "mo") && !attr_is(prev, "form",
	    "postfix")))
		*ls = 0;
	while (next && named(next, "mrow") && next->first)
		next = next->first->kind == N_MML ? next->first :
		    mathml_beside(next->first, true);
	if (next && named(next, "mo")) {
		char *t = model_text(next);

		if (attr_is(next, "form", "prefix") ||
		    strchr("([{|", t[0]) != NULL || strcmp(t, "⟨") == 0 ||
		    strcmp(t, "‖") == 0 || strcmp(t, "∥") == 0)
			*rs = 0;
		g_free(t);
	}
}

static struct mbox *
token(struct lay *l, const struct node *n)
{
	const struct mstyle *s = st(l, n);
	char *t = model_text(n);
	const char *variant = model_attr(n, "mathvariant");
	struct mbox *b;

	/* An mstyle's mathvariant is inherited (pandoc's \mathrm{d}:
	 * <mstyle mathvariant="normal"><mi>d</mi></mstyle>). */
	for (const struct node *p = n->parent; variant == NULL && p &&
	    p->kind == N_MML; p = p->parent)
		if (named(p, "mstyle"))
			variant = model_attr(p, "mathvariant");

	if (named(n, "mi") && variant == NULL &&
	    g_utf8_strlen(t, -1) == 1)
		variant = "italic";
	if (named(n, "ms")) {
		const char *lq = model_attr(n, "lquote");
		const char *rq = model_attr(n, "rquote");
		char *q = g_strconcat(lq ? lq : "\"", t, rq ? rq : "\"",
		    NULL);

		g_free(t);
		t = q;
	}
	b = math_token(l->mf, t, variant, s->size);
	if (named(n, "mo")) {
		int ls, rs, form = op_form(n);
		unsigned flags;
		const char *v;

		mathml_op_lookup(t, form, &ls, &rs, &flags);
		/* In a script, TeX leaves out the spaces of relations, binary
		 * operators and punctuation (x_{i=1}, R^{m×n}, x_{1,2}); large
		 * operators and function names keep their thin ones. */
		if (s->level > 0 && !(flags & (OP_LARGE | OP_MOVABLE |
		    OP_FUNC)))
			ls = rs = 0;
		if (flags & OP_FUNC)
			func_spaces(n, &ls, &rs);
		/* The dictionary's relations and binary operators. */
		if (form == 1)
			b->brk = mathml_op_break(t);
		if ((v = model_attr(n, "largeop")) != NULL)
			flags = strcmp(v, "true") == 0 ?
			    flags | OP_LARGE | OP_SYMMETRIC : flags & ~OP_LARGE;
		if ((v = model_attr(n, "movablelimits")) != NULL)
			flags = strcmp(v, "true") == 0 ? flags | OP_MOVABLE :
			    flags & ~OP_MOVABLE;
		b->is_op = true;
		b->op = flags;
		b->ch = g_utf8_strlen(t, -1) == 1 ? g_utf8_get_char(t) : 0;
		b->lspace = formula_length(model_attr(n, "lspace"), s->size,
		    ls * s->size / 18);
		b->rspace = formula_length(model_attr(n, "rspace"), s->size,
		    rs * s->size / 18);
		v = model_attr(n, "stretchy");
		b->stretch_v = v ? strcmp(v, "true") == 0 :
		    (flags & OP_STRETCHY) && (flags & OP_SYMMETRIC);
		if (b->stretch_v)
			b->op |= OP_SYMMETRIC;
		if ((flags & OP_LARGE) && s->display)
			math_large_op(l->mf, b);
	}
	g_free(t);
	return b;
}

static struct mbox *
kid(GPtrArray *k, guint i)
{
	return i < k->len ? k->pdata[i] : NULL;
}

/* mmultiscripts: its base, the scripts after it, <mprescripts/>, the
 * scripts before it, each script's box taken from the table. */
static struct mbox *
multiscripts(struct lay *l, const struct node *n)
{
	GPtrArray *post = g_ptr_array_new(), *pre = g_ptr_array_new();
	GPtrArray *to = post;
	struct mbox *base = NULL, *r;

	for (const struct node *c = n->first; c; c = c->next) {
		struct mbox *b = g_hash_table_lookup(l->box, c);

		if (b == NULL)
			continue;
		g_hash_table_steal(l->box, c);
		if (named(c, "mprescripts")) {
			mbox_free(b);
			to = pre;
		} else if (base == NULL) {
			base = b;
		} else {
			g_ptr_array_add(to, b);
		}
	}
	r = formula_multiscripts(l, n, base ? base : mbox_new(), post, pre);
	/* An odd script out, if any. */
	g_ptr_array_set_free_func(post, (GDestroyNotify)mbox_free);
	g_ptr_array_set_free_func(pre, (GDestroyNotify)mbox_free);
	g_ptr_array_free(post, TRUE);
	g_ptr_array_free(pre, TRUE);
	return r;
}

/* n's box, from its children's. */
static struct mbox *
compose(struct lay *l, const struct node *n)
{
	const char *name = n->name;
	double sz = st(l, n)->size;
	GPtrArray *k;
	struct mbox *b;

	if (n->kind == N_MML && mathml_is_token(name))
		return token(l, n);
	if (named(n, "mtr") || named(n, "mlabeledtr"))
		return NULL;            /* the table takes its cells */
	if (named(n, "mtable"))
		return formula_table(l, n);
	if (named(n, "mspace")) {
		b = mbox_new();
		b->w = formula_length(model_attr(n, "width"), sz, 0);
		b->asc = formula_length(model_attr(n, "height"), sz, 0);
		b->desc = formula_length(model_attr(n, "depth"), sz, 0);
		return b;
	}
	if (named(n, "mmultiscripts"))
		return multiscripts(l, n);
	k = take_kids(l, n);
	b = NULL;
	if (named(n, "mfrac") && k->len == 2)
		b = formula_fraction(l, n, kid(k, 0), kid(k, 1));
	else if (named(n, "mroot") && k->len == 2)
		b = formula_radical(l, n, kid(k, 0), kid(k, 1));
	else if (named(n, "msub") && k->len == 2)
		b = formula_scripts(l, n, kid(k, 0), kid(k, 1), NULL);
	else if (named(n, "msup") && k->len == 2)
		b = formula_scripts(l, n, kid(k, 0), NULL, kid(k, 1));
	else if (named(n, "msubsup") && k->len == 3)
		b = formula_scripts(l, n, kid(k, 0), kid(k, 1), kid(k, 2));
	else if (named(n, "munder") && k->len == 2)
		b = formula_limits(l, n, kid(k, 0), kid(k, 1), NULL);
	else if (named(n, "mover") && k->len == 2)
		b = formula_limits(l, n, kid(k, 0), NULL, kid(k, 1));
	else if (named(n, "munderover") && k->len == 3)
		b = formula_limits(l, n, kid(k, 0), kid(k, 1), kid(k, 2));
	if (b) {
		g_ptr_array_free(k, TRUE);
		return b;
	}
	if (named(n, "msqrt"))
		return formula_radical(l, n, row(l, k, sz), NULL);
	if (named(n, "mpadded"))
		return formula_padded(n, sz, row(l, k, sz));
	if (named(n, "menclose"))
		return formula_enclose(l, n, row(l, k, sz));

	if ((named(n, "semantics") || named(n, "maction")) && k->len > 0) {
		/* The first child is the formula; the rest annotate it or
		 * are other states. */
		b = k->pdata[0];
		g_ptr_array_remove_index(k, 0);
		free_kids(k);
		return b;
	}
	l->recording = n == l->top;
	b = row(l, k, sz);
	l->recording = false;
	if (named(n, "mphantom")) {
		struct mbox *e = mbox_new();

		e->w = b->w;
		e->asc = b->asc;
		e->desc = b->desc;
		mbox_free(b);
		b = e;
	}
	return b;
}

static void
parse_color(const char *hex, double rgb[3])
{
	unsigned v = 0;

	if (hex && hex[0] == '#' && strlen(hex) == 7)
		v = (unsigned)strtoul(hex + 1, NULL, 16);
	rgb[0] = ((v >> 16) & 0xff) / 255.0;
	rgb[1] = ((v >> 8) & 0xff) / 255.0;
	rgb[2] = (v & 0xff) / 255.0;
}

/* The box of formula b (its top-level row's pieces in l): a display
 * formula too wide for max_w broken into lines, else scaled down; an
 * equation's number (nb) at the right of max_w, on the last line. */
static struct math_box *
set_box(const struct lay *l, const struct node *math, struct mbox *b,
    double max_w, const char *number)
{
	struct math_box *out = g_new0(struct math_box, 1);
	struct mbox *nb = NULL;
	bool display = attr_is(math, "display", "block");
	double w0 = b->w, room = 0, last = 0;
	int lines = 1;

	if (display && l->top && number == NULL && max_w > 0 && b->w > max_w)
		lines = formula_break(l, b, max_w, &last);
	if (number && max_w > 0) {
		nb = math_token(l->mf, number, NULL, l->size0);
		room = max_w - nb->w - l->size0;
		if (l->top && b->w > room)
			lines = formula_break(l, b, room, &last);
	}
	if (lines > 1)
		diag(D_MATH_BROKEN, &math->pos, w0, lines, nb ? room : max_w);
	out->items = b->items;
	out->w = b->w;
	out->asc = b->asc;
	out->desc = b->desc;
	out->scale = 1;
	b->items = g_array_new(FALSE, FALSE, sizeof(struct math_item));
	mbox_free(b);
	if (nb) {
		double x;

		if (out->w > room)
			out->scale = room / out->w;
		x = MAX(0, (max_w - out->w * out->scale) / 2);
		if (x + out->w * out->scale > room)
			x = MAX(0, room - out->w * out->scale);
		/* The formula is drawn scaled; the number is not. */
		for (guint i = 0; i < out->items->len; i++) {
			struct math_item *it = &g_array_index(out->items,
			    struct math_item, i);

			it->x = x + it->x * out->scale;
			it->y *= out->scale;
			it->w *= out->scale;
			it->h *= out->scale;
			it->size *= out->scale;
			for (int j = 0; j < it->nglyphs; j++) {
				it->glyphs[j].x = x + it->glyphs[j].x *
				    out->scale;
				it->glyphs[j].y *= out->scale;
			}
		}
		/* The number on the last line (a broken formula's). */
		last *= out->scale;
		out->asc = MAX(out->asc * out->scale, nb->asc - last);
		out->desc = MAX(out->desc * out->scale, nb->desc + last);
		if (out->scale < 1)
			diag(D_MATH_WIDE, &math->pos, w0, room);
		out->scale = 1;
		{
			struct mbox tmp = { .items = out->items };

			mbox_put(&tmp, nb, max_w - nb->w, last);
		}
		out->w = max_w;
	} else if (max_w > 0 && out->w > max_w) {
		out->scale = max_w / out->w;
		diag(display ? D_MATH_WIDE : D_MATH_WIDE_INLINE, &math->pos,
		    out->w, max_w);
		out->w *= out->scale;
		out->asc *= out->scale;
		out->desc *= out->scale;
	}
	return out;
}

/*
 * A long inline formula (wider than a third of max_w) in pieces the
 * paragraph may break between (formula_split), chained by next: the
 * first holds the formula's /Alt, the others are marked continued. A
 * piece still wider than max_w is scaled down. A short formula stays
 * whole, as the line breaking of text around it expects.
 */
static struct math_box *
inline_pieces(const struct lay *l, const struct node *math, struct mbox *b,
    double max_w)
{
	GPtrArray *segs = formula_split(l, b);
	struct math_box *first = NULL, **tail = &first;

	for (guint i = 0; i < segs->len; i++) {
		double end = ((struct mbox *)segs->pdata[i])->rspace;
		struct math_box *o = set_box(l, math, segs->pdata[i], max_w,
		    NULL);

		o->continued = i > 0;
		o->end_space = i + 1 < segs->len ? end * o->scale : 0;
		*tail = o;
		tail = &o->next;
	}
	g_ptr_array_free(segs, TRUE);
	return first;
}

struct math_box *
math_layout(struct math_fonts *mf, const struct node *math, double size,
    double max_w, const char *number, const char *color)
{
	struct lay l = { .mf = mf, .size0 = size };
	struct math_box *out;
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	struct mbox *b;
	const char *alt = model_attr(math, "alttext");
	bool display = attr_is(math, "display", "block");

	l.style = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	/* The row a display formula breaks in, or an inline one is cut. */
	l.top = display || number == NULL ? mathml_top_row(math) : NULL;
	l.pieces = g_array_new(FALSE, FALSE, sizeof(struct row_piece));
	l.box = g_hash_table_new_full(NULL, NULL, NULL,
	    (GDestroyNotify)mbox_free);
	model_walk_init(&w, math);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		if (n->kind == N_TEXT) {
			/* Text where elements belong: set as mtext. */
			if (n->parent == math ||
			    !mathml_is_token(n->parent->name)) {
				b = math_token(mf, n->text, NULL,
				    st(&l, n->parent)->size);
				g_hash_table_insert(l.box, (gpointer)n, b);
			}
			continue;
		}
		if (ev == WALK_ENTER) {
			g_hash_table_insert(l.style, (gpointer)n, style_of(&l,
			    n));
			if (g_str_has_prefix(n->name, "annotation"))
				model_walk_skip(&w);
			continue;
		}
		if (g_str_has_prefix(n->name, "annotation"))
			continue;
		l.recording = n == math && l.top == math;
		b = n == math ? row(&l, take_kids(&l, n), size) :
		    compose(&l, n);
		l.recording = false;
		if (b)
			g_hash_table_insert(l.box, (gpointer)n, b);
	}
	b = g_hash_table_lookup(l.box, math);
	g_hash_table_steal(l.box, math);
	if (!display && number == NULL && l.top && (max_w < 0 ||
	    (max_w > 0 && b->w > max_w / 3)))
		out = inline_pieces(&l, math, b, max_w);
	else
		out = set_box(&l, math, b, max_w, number);
	out->alt = alt ? g_strdup(alt) : model_text(math);
	for (struct math_box *p = out; p; p = p->next)
		parse_color(color, p->rgb);
	g_hash_table_destroy(l.style);
	g_hash_table_destroy(l.box);
	g_array_free(l.pieces, TRUE);
	return out;
}

void
math_box_free(struct math_box *b)
{
	while (b) {
		struct math_box *next = b->next;

		math_items_free(b->items);
		g_free(b->alt);
		g_free(b);
		b = next;
	}
}
