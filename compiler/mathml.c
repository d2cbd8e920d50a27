/*
 * MathML in the model. The reader keeps every element of the MathML
 * namespace as it was written (N_MATH for <math>, N_MML below it); this
 * file owns what validation does to a formula: the whitespace of token
 * elements (MathML trims and collapses it, unlike DocBook's inline rule),
 * whether it is a display formula, its alternative text, and the one
 * report per element name outside MathML Core (mfenced, which Core
 * dropped, is made the row of mo it stands for). Both back ends then read
 * the same normalised tree; -T tree prints it compactly.
 */
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "mathml.h"

/* MathML Core's elements (W3C MathML Core, 2.1). */
static const char *const core[] = {
	"annotation", "annotation-xml", "maction", "math", "merror", "mfrac",
	"mi", "mmultiscripts", "mn", "mo", "mover", "mpadded", "mphantom",
	"mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle",
	"msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder",
	"munderover", "none", "semantics",
};

static int
name_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

bool
mathml_is_core(const char *name)
{
	return bsearch(name, core, G_N_ELEMENTS(core), sizeof core[0],
	    name_cmp) != NULL;
}

/* MathML Core's, and menclose (the PDF draws its notations). */
static bool
is_laid_out(const char *name)
{
	return mathml_is_core(name) || strcmp(name, "menclose") == 0;
}

bool
mathml_is_token(const char *name)
{
	return strcmp(name, "mi") == 0 || strcmp(name, "mn") == 0 ||
	    strcmp(name, "mo") == 0 || strcmp(name, "mtext") == 0 ||
	    strcmp(name, "ms") == 0 || strcmp(name, "annotation") == 0;
}

bool
mathml_is_display(const struct node *math)
{
	const char *d = model_attr(math, "display");

	return d && strcmp(d, "block") == 0;
}

/* A token's text as MathML has it: its text nodes made one (entities
 * split them), trimmed, runs of white space as one space. Blank text
 * between elements goes with fix_structure's rule for parts. */
static void
fold_token(struct node *n)
{
	struct node *t = n->first, *c, *next;
	char *squashed;

	while (t && t->kind != N_TEXT)
		t = t->next;
	if (t == NULL)
		return;
	squashed = fold_squashed(n);
	g_free(t->text);
	t->text = squashed;
	for (c = n->first; c; c = next) {
		next = c->next;
		if (c->kind == N_TEXT && (c != t || *c->text == '\0')) {
			model_unlink(c);
			model_free_tree(c);
		}
	}
}

/* The equation or inlineequation around a formula, or NULL. */
static struct node *
equation_of(const struct node *math)
{
	struct node *p = math->parent;

	if (p && (p->kind == N_FIGURE || p->kind == N_PHRASE) &&
	    g_str_has_suffix(p->name, "equation"))
		return p;
	return NULL;
}

/* The TeX a formula was written from, from a semantics' annotation. */
static char *
tex_annotation(const struct node *math)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, math);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		const char *enc;

		if (ev != WALK_ENTER || n->kind != N_MML ||
		    strcmp(n->name, "annotation") != 0)
			continue;
		enc = model_attr(n, "encoding");
		if (enc && (strcmp(enc, "application/x-tex") == 0 ||
		    strcmp(enc, "TeX") == 0 || strcmp(enc, "LaTeX") == 0))
			return model_text(n);
	}
	return NULL;
}

static struct node *
new_mo(const struct node *at, const char *text, const char *attr,
    const char *form)
{
	struct node *mo = model_node_new(N_MML, "mo", &at->pos);

	model_set_attr(mo, attr, "true");
	if (form)
		model_set_attr(mo, "form", form);
	model_append(mo, model_text_new(text, &at->pos));
	return mo;
}

/*
 * mfenced, which MathML Core dropped, made the row MathML 3 defines it
 * to be: <mrow><mo>(</mo><mrow>a<mo>,</mo>b</mrow><mo>)</mo></mrow>
 * (open, close and separators from its attributes, "(" ")" "," by
 * default; the inner row only for more than one argument). Both back
 * ends then see Core: the PDF stretches the fences, a browser draws them.
 */
static void
fold_mfenced(struct node *n)
{
	const char *open = model_attr(n, "open");
	const char *close = model_attr(n, "close");
	const char *sv = model_attr(n, "separators");
	char *seps = g_strdup(sv ? sv : ",");
	GPtrArray *args = g_ptr_array_new();
	struct node *c, *next, *inner = n;
	const char *sep = seps;
	char *o, *cl;

	/* Separators are characters, white space between them ignored. */
	{
		char *w = seps;

		for (const char *r = seps; *r; r++)
			if (!g_ascii_isspace(*r))
				*w++ = *r;
		*w = '\0';
	}
	o = g_strdup(open ? open : "(");
	cl = g_strdup(close ? close : ")");
	g_strstrip(o);
	g_strstrip(cl);
	for (c = n->first; c; c = next) {
		next = c->next;
		model_unlink(c);
		if (c->kind == N_TEXT && *g_strstrip(c->text) == '\0')
			model_free_tree(c);
		else
			g_ptr_array_add(args, c);
	}
	n->name = g_intern_string("mrow");
	model_unset_attr(n, "open");
	model_unset_attr(n, "close");
	model_unset_attr(n, "separators");
	if (*o)
		model_append(n, new_mo(n, o, "fence", "prefix"));
	if (args->len > 1) {
		inner = model_node_new(N_MML, "mrow", &n->pos);
		model_append(n, inner);
	}
	for (guint i = 0; i < args->len; i++) {
		if (i > 0 && *sep) {
			const char *end = g_utf8_next_char(sep);
			char *one = g_strndup(sep, end - sep);

			model_append(inner, new_mo(n, one, "separator", NULL));
			g_free(one);
			if (*end)
				sep = end;
		}
		model_append(inner, args->pdata[i]);
	}
	if (*cl)
		model_append(n, new_mo(n, cl, "fence", "postfix"));
	g_ptr_array_free(args, TRUE);
	g_free(seps);
	g_free(o);
	g_free(cl);
}

/* A formula's altimg made its equation's mediaobject (an inline one's:
 * its inlineequation's inlinemediaobject), which the image checks and
 * the back ends then treat as any image: the EPUB writes it as the
 * formula's altimg, the PDF draws it where the formula cannot be laid
 * out. An equation that has an image keeps it. */
static void
altimg_media(struct node *eq, struct node *math)
{
	const char *src = model_attr(math, "altimg");
	enum node_kind kind = eq && eq->kind == N_FIGURE ? N_MEDIAOBJECT :
	    N_INLINEMEDIA;
	struct node *mo, *data;

	if (src == NULL || eq == NULL)
		return;
	for (const struct node *c = eq->first; c; c = c->next)
		if (c->kind == kind)
			return;
	mo = model_node_new(kind, kind == N_MEDIAOBJECT ? "mediaobject" :
	    "inlinemediaobject", &math->pos);
	data = model_node_new(N_IMAGEDATA, "imagedata", &math->pos);
	model_set_attr(data, "fileref", src);
	model_append(mo, data);
	model_insert_before(math, mo);
}

/* The first imagedata under n, or NULL. */
static const struct node *
first_imagedata(const struct node *n)
{
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, n);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE)
		if (ev == WALK_ENTER && c->kind == N_IMAGEDATA)
			return c;
	return NULL;
}

static bool
is_inline_equation(const struct node *n)
{
	return n && n->kind == N_PHRASE && strcmp(n->name,
	    "inlineequation") == 0;
}

const struct node *
mathml_formula_of_image(const struct node *media)
{
	if (media->kind != N_INLINEMEDIA || !is_inline_equation(media->parent))
		return NULL;
	for (const struct node *c = media->parent->first; c; c = c->next)
		if (c->kind == N_MATH)
			return c;
	return NULL;
}

const struct node *
mathml_image_of(const struct node *math)
{
	const struct node *eq = math->parent ? math->parent->parent : NULL;

	if (mathml_of_equation(eq) == math)
		return mathml_fallback(eq);
	if (!is_inline_equation(math->parent))
		return NULL;
	for (const struct node *c = math->parent->first; c; c = c->next)
		if (c->kind == N_INLINEMEDIA)
			return first_imagedata(c);
	return NULL;
}

const struct node *
mathml_of_equation(const struct node *eq)
{
	if (eq == NULL || eq->kind != N_FIGURE ||
	    !g_str_has_suffix(eq->name, "equation"))
		return NULL;
	for (const struct node *p = eq->first; p; p = p->next)
		if (p->kind == N_PARA)
			for (const struct node *m = p->first; m; m = m->next)
				if (m->kind == N_MATH)
					return mathml_is_display(m) ? m : NULL;
	return NULL;
}

const struct node *
mathml_fallback(const struct node *eq)
{
	if (mathml_of_equation(eq) == NULL)
		return NULL;
	for (const struct node *c = eq->first; c; c = c->next)
		if (c->kind == N_MEDIAOBJECT)
			return first_imagedata(c);
	return NULL;
}

bool
mathml_is_all_laid_out(const struct node *math)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, math);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE)
		if (ev == WALK_ENTER && n->kind == N_MML &&
		    !is_laid_out(n->name))
			return false;
	return true;
}

static bool
is_mml(const struct node *n, const char *name)
{
	return n && n->kind == N_MML && strcmp(n->name, name) == 0;
}

const struct node *
mathml_top_row(const struct node *math)
{
	const struct node *t = math;

	for (;;) {
		const struct node *only = NULL;
		int count = 0;

		for (const struct node *c = t->first; c; c = c->next) {
			/* Text stands as a token: a child of its own. */
			count += c->kind == N_MML || c->kind == N_TEXT;
			if (c->kind == N_MML && only == NULL)
				only = c;
		}
		if (is_mml(t, "semantics"))
			count = only != NULL;   /* the rest annotate it */
		if (count != 1 || !(is_mml(only, "mrow") ||
		    is_mml(only, "mstyle") || is_mml(only, "semantics")))
			break;
		t = only;
	}
	return is_mml(t, "semantics") ? NULL : t;
}

long
mathml_text_length(const struct node *n)
{
	struct walker w;
	enum walk_event ev;
	long chars = 0;

	model_walk_init(&w, n);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		if (ev != WALK_ENTER)
			continue;
		if (n->kind == N_MML && g_str_has_prefix(n->name, "annotation"))
			model_walk_skip(&w);
		else if (n->kind == N_TEXT)
			chars += g_utf8_strlen(n->text, -1);
	}
	return chars;
}

bool
mathml_is_long_inline(const struct node *math)
{
	return !mathml_is_display(math) &&
	    mathml_text_length(math) >= MATHML_LONG_INLINE;
}

const struct node *
mathml_beside(const struct node *n, bool after)
{
	do
		n = after ? n->next : n->prev;
	while (n && n->kind != N_MML);
	return n;
}

/* An mo's break class in its row (mathml_op_break), or 0: an infix
 * operator by its form attribute, else by having elements on both
 * sides. */
static int
row_op_break(const struct node *n)
{
	const char *form;
	char *t;
	int brk;

	if (n == NULL || !is_mml(n, "mo"))
		return 0;
	form = model_attr(n, "form");
	if (form ? strcmp(form, "infix") != 0 :
	    !mathml_beside(n, false) || !mathml_beside(n, true))
		return 0;
	t = model_text(n);
	brk = mathml_op_break(t);
	g_free(t);
	return brk;
}

bool
mathml_breaks_after(const struct node *child)
{
	int brk = row_op_break(child);
	const struct node *next = mathml_beside(child, true);

	return brk > 0 && next && !(brk == 2 && row_op_break(next) == 2);
}

/* display and alttext, from the equation around the formula. */
static void
fold_math(struct node *math)
{
	struct node *eq = equation_of(math);
	char *alt = NULL;

	if (eq && eq->kind == N_FIGURE && model_attr(math, "display") == NULL)
		model_set_attr(math, "display", "block");
	altimg_media(eq, math);
	if (model_attr(math, "alttext"))
		return;
	if (eq)
		for (struct node *c = eq->first; c; c = c->next)
			if (c->kind == N_TEXTOBJECT &&
			    strcmp(c->name, "alt") == 0) {
				/* Read as the formula's alttext, not set as
				 * text beside it. */
				alt = model_text(c);
				model_unlink(c);
				model_free_tree(c);
				break;
			}
	if (alt == NULL)
		alt = tex_annotation(math);
	if (alt) {
		g_strstrip(alt);
		if (*alt)
			model_set_attr(math, "alttext", alt);
	}
	g_free(alt);
}

void
mathml_fold(struct book *b)
{
	struct fold_tally *tally = fold_tally_new();
	GPtrArray *todo = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	/* Collected first: folding relinks nodes under the walker. */
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER &&
		    (cn->kind == N_MATH || cn->kind == N_MML))
			g_ptr_array_add(todo, (gpointer)cn);
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);

		if (n->kind == N_MATH)
			fold_math(n);
		else if (mathml_is_token(n->name))
			fold_token(n);
		else if (strcmp(n->name, "mfenced") == 0)
			fold_mfenced(n);
		else if (!is_laid_out(n->name))
			fold_tally_add(tally, n->name, &n->pos);
	}
	fold_tally_report(tally, D_MATH_UNKNOWN);
	g_ptr_array_free(todo, TRUE);
}

static void
put_escaped(GString *s, const char *t, bool attr)
{
	for (; *t; t++)
		switch (*t) {
		case '<': g_string_append(s, "&lt;"); break;
		case '&': g_string_append(s, "&amp;"); break;
		case '"':
			g_string_append(s, attr ? "&quot;" : "\"");
			break;
		default: g_string_append_c(s, *t); break;
		}
}

static int
attr_cmp(const void *a, const void *b)
{
	const struct attr *x = *(const struct attr *const *)a;
	const struct attr *y = *(const struct attr *const *)b;

	return strcmp(x->name, y->name);
}

void
mathml_compact(GString *s, const struct node *math)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, math);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		GPtrArray *attrs;

		if (n->kind == N_TEXT) {
			put_escaped(s, n->text, false);
			continue;
		}
		if (ev == WALK_EXIT) {
			if (n->first)
				g_string_append_printf(s, "</%s>", n->name);
			continue;
		}
		/* The formula's own attributes are on its dump line. */
		g_string_append_printf(s, "<%s", n->name);
		attrs = g_ptr_array_new();
		for (const struct attr *a = n->attrs; a && n != math;
		    a = a->next)
			g_ptr_array_add(attrs, (gpointer)a);
		g_ptr_array_sort(attrs, attr_cmp);
		for (guint i = 0; i < attrs->len; i++) {
			const struct attr *a = g_ptr_array_index(attrs, i);

			g_string_append_printf(s, " %s=\"", a->name);
			put_escaped(s, a->value, true);
			g_string_append_c(s, '"');
		}
		g_ptr_array_free(attrs, TRUE);
		g_string_append(s, n->first ? ">" : "/>");
	}
}
