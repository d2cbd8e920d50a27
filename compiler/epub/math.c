/*
 * Formulas in the EPUB: MathML is EPUB 3's own, so a formula is written
 * as the MathML it was (the model keeps it, mathml.c normalised it), in
 * MathML's namespace, display="block" for a display equation and its
 * alttext, and altimg for reading systems without MathML: the image the
 * equation has of it (the source's altimg, or a mediaobject or, inline,
 * an inlinemediaobject beside the MathML: written there, not as an img),
 * else the PDF's layout of it as SVG (math_image.c), with its size and
 * baseline (altimg-width, -height, -valign); an untitled equation's
 * number stands at the right. The file gets properties="mathml" in the
 * manifest (epub.c reads d->mathml_files).
 */
#include <string.h>

#include "../mathml.h"
#include "typo_class.h"
#include "content_int.h"

#define NS_MATHML "http://www.w3.org/1998/Math/MathML"

static void
open_with(struct xhtml *x, const char *tag, const char *const *extra, ...)
{
	va_list ap;

	va_start(ap, extra);
	xhtml_open_v(x, tag, extra, ap);
	va_end(ap);
}

/* The attributes a MathML element is written with: as the source had
 * them, less those the model took over (xml:lang, ids of its own). */
static const char **
mml_attrs(const struct node *n)
{
	GPtrArray *a = g_ptr_array_new();

	for (const struct attr *at = n->attrs; at; at = at->next) {
		if (strcmp(at->name, "lang") == 0 ||
		    strcmp(at->name, "id") == 0 ||
		    (n->kind == N_MATH && (strcmp(at->name, "display") == 0 ||
		    strcmp(at->name, "alttext") == 0 ||
		    strcmp(at->name, "altimg") == 0 ||
		    strcmp(at->name, "class") == 0)))
			continue;
		g_ptr_array_add(a, (gpointer)at->name);
		g_ptr_array_add(a, at->value);
	}
	g_ptr_array_add(a, NULL);
	return (const char **)g_ptr_array_free(a, FALSE);
}

/* The first character shown after n in its paragraph: the text that
 * follows it, climbing out of inline elements; 0 for none. */
static gunichar
char_after(const struct node *n)
{
	while (n && n->next == NULL && n->parent &&
	    model_kind_class(n->parent->kind) == NC_INLINE)
		n = n->parent;
	for (n = n ? n->next : NULL; n; ) {
		if (n->kind == N_TEXT && n->text[0])
			return g_utf8_get_char(n->text);
		if (n->kind == N_TEXT || n->first == NULL)
			n = n->next;
		else
			n = n->first;
	}
	return 0;
}

/* An inline formula is set apart from Han text as a Latin word is (the
 * PDF does the same): a quarter-em margin on the side a Han character
 * stands, math.hgl and math.hgr. Engines that space text by themselves
 * (text-autospace) do not space a formula, so these stay on there. A
 * long formula's pieces: hgl on the first (left), hgr on the last. */
static char *
gap_class(const struct out *o, const struct node *math, bool first,
    bool last)
{
	const char *own = model_attr(math, "class");
	bool left = first && o->ts.prev && typo_gap_between(o->ts.prev, 'x');
	gunichar next = last ? char_after(math) : 0;
	bool right = next && typo_gap_between('x', next);

	if (mathml_is_display(math) || (!left && !right))
		return own ? g_strdup(own) : NULL;
	return g_strjoin(" ", left ? "hgl" : "", right ? "hgr" : "",
	    own ? own : "", NULL);
}

/* An untitled equation's number, "(3)", beside its display formula. */
static void
equation_number(struct out *o, const struct node *math)
{
	const struct node *eq = math->parent ? math->parent->parent : NULL;

	if (model_equation_formula(eq) != math)
		return;
	{
		char *num = g_strdup_printf("(%s)", eq->label);

		eopen(o, "span", NULL, "class", "eqno", NULL);
		otext(o, num);
		xhtml_close(o->x);
		g_free(num);
	}
}

/* n and what it holds, as the source had them; form="infix" on an
 * operator a long formula's piece ends with (infix): the row it stands
 * in ends there, where its form would be read as postfix. */
static void
write_mml(struct out *o, const struct node *root, bool infix)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		const char **extra;

		if (n->kind == N_TEXT) {
			xhtml_text(o->x, n->text);
			continue;
		}
		if (ev == WALK_EXIT) {
			xhtml_close(o->x);
			continue;
		}
		extra = mml_attrs(n);
		open_with(o->x, n->name, extra, "form", n == root && infix &&
		    model_attr(n, "form") == NULL ? "infix" : NULL, NULL);
		g_free(extra);
	}
}

/* The <math> element of a formula (or of a long one's piece: not the
 * first, it has no id, alttext or altimg). A wide one (an inline formula
 * or piece of MATHML_LONG_INLINE characters or more, which may not fit
 * a small screen and that nothing breaks) stands in a span.mwide: it
 * scrolls in that box, as a display formula does, instead of running
 * out of the page (css.c; WebKit lets no <math> scroll, and an
 * inline-flex box keeps the formula's baseline where an inline-block
 * that scrolls would not). */
static void
open_math(struct out *o, const struct node *math, bool first, bool last,
    bool wide, const struct epub_formula_image *img)
{
	const char **extra = mml_attrs(math);
	char *cls = gap_class(o, math, first, last);
	char w[32] = "", h[32] = "", v[32] = "";

	/* An image drawn here has its size, in em as the text's. */
	if (img && img->w > 0) {
		g_snprintf(w, sizeof w, "%.3fem", img->w);
		g_snprintf(h, sizeof h, "%.3fem", img->h);
		g_snprintf(v, sizeof v, "%.3fem", img->valign);
	}
	if (wide)
		eopen(o, "span", NULL, "class", "mwide", NULL);
	open_with(o->x, "math", extra, "xmlns", NS_MATHML, "id",
	    first ? frag_of(o->d, math) : NULL, "display",
	    mathml_is_display(math) ? "block" : NULL, "alttext",
	    first ? model_attr(math, "alttext") : NULL, "altimg",
	    img ? img->href : NULL, "altimg-width", *w ? w : NULL,
	    "altimg-height", *h ? h : NULL, "altimg-valign", *v ? v : NULL,
	    "class", cls ? g_strstrip(cls) : NULL, NULL);
	g_free(cls);
	g_free(extra);
}

/* The pieces a long inline formula's top-level row is cut in (1: it
 * breaks nowhere). */
static guint
piece_count(const struct node *top)
{
	guint n = 1;

	for (const struct node *c = top->first; c; c = c->next)
		n += mathml_breaks_after(c);
	return n;
}

/* The image of piece i (of n images): its own when there is one per
 * piece, else the whole formula's on the first. */
static const struct epub_formula_image *
piece_image(const struct epub_formula_image *imgs, guint n, guint i)
{
	return imgs && (i == 0 || n > 1) ? &imgs[i] : NULL;
}

/*
 * A long inline formula (mathml.h) as several <math> elements, one after
 * the other with a <wbr> between them, cut after the operators of its
 * top-level row that TeX breaks inline math after, each operator ending
 * its piece: reading systems do not break a <math> (Chromium lets it run
 * out of the page), but wrap between them, as MathJax 3 cuts its inline
 * math. Each piece repeats the rows and styles the top-level row is in
 * (not semantics: its annotations are the whole formula's, and stay out);
 * assistive technology gets one formula: the pieces are hidden from it
 * and their span is role="math" named by the alttext (or the text).
 */
static void
emit_pieces(struct out *o, const struct node *math, const struct node *top,
    const struct epub_formula_image *imgs, guint nimgs)
{
	const char *alt = model_attr(math, "alttext");
	char *label = alt ? g_strdup(alt) : model_text(math);
	GPtrArray *chain = g_ptr_array_new();
	const struct node *c = top->first;

	for (const struct node *p = top; p != math; p = p->parent)
		if (strcmp(p->name, "semantics") != 0)
			g_ptr_array_insert(chain, 0, (gpointer)p);
	eopen(o, "span", NULL, "role", "math", "aria-label", label, NULL);
	eopen(o, "span", NULL, "aria-hidden", "true", NULL);
	for (guint k = 0; c; k++) {
		bool first = k == 0;
		size_t depth = xhtml_depth(o->x);
		const struct node *end = c;
		long chars = mathml_text_length(c);

		while (end->next && !mathml_breaks_after(end)) {
			end = end->next;
			chars += mathml_text_length(end);
		}
		if (!first)
			xhtml_leaf(o->x, "wbr", NULL);
		open_math(o, math, first, end->next == NULL,
		    chars >= MATHML_LONG_INLINE, piece_image(imgs, nimgs, k));
		for (guint i = 0; i < chain->len; i++) {
			const char **extra = mml_attrs(chain->pdata[i]);

			open_with(o->x, ((const struct node *)
			    chain->pdata[i])->name, extra, NULL);
			g_free(extra);
		}
		for (; c != end->next; c = c->next)
			write_mml(o, c, c == end && end->next);
		xhtml_close_to(o->x, depth);
	}
	xhtml_close(o->x);
	xhtml_close(o->x);
	g_ptr_array_free(chain, TRUE);
	g_free(label);
}

void
emit_math(struct out *o, const struct node *math)
{
	size_t depth = xhtml_depth(o->x);
	const struct node *img = mathml_image_of(math);
	bool wide = mathml_is_long_inline(math);
	const struct node *top = wide ? mathml_top_row(math) : NULL;
	guint pieces = top ? piece_count(top) : 1;
	/* The image of the formula, for reading systems without MathML:
	 * the source's (its altimg, or the equation's mediaobject), else
	 * the PDF's layout of it (math_image.c). */
	struct epub_formula_image own = { 0 };
	const struct epub_formula_image *imgs = NULL;
	const GArray *drawn;
	guint nimgs = 0;

	if (img && (own.href = epub_image_href(o, img)) != NULL) {
		imgs = &own;
		nimgs = 1;
	} else if ((drawn = epub_formula_images(o, math, pieces)) != NULL) {
		imgs = (const struct epub_formula_image *)(void *)drawn->data;
		nimgs = drawn->len;
	}

	equation_number(o, math);
	if (o->chunk)
		g_hash_table_add(o->d->mathml_files, o->chunk->file);
	/* Reading systems set a formula in their math font: its characters
	 * ask nothing of the book's embedded faces. */
	xhtml_set_text_hook(o->x, NULL, NULL);
	if (pieces > 1) {
		emit_pieces(o, math, top, imgs, nimgs);
	} else {
		open_math(o, math, true, true, wide, piece_image(imgs, nimgs,
		    0));
		for (const struct node *c = math->first; c; c = c->next)
			write_mml(o, c, false);
	}
	xhtml_close_to(o->x, depth);
	xhtml_set_text_hook(o->x, epub_face_hook, &o->hook);
	o->ts.prev = 0;
}
