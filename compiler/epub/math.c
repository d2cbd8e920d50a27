/*
 * Formulas in the EPUB: MathML is EPUB 3's own, so a formula is written
 * as the MathML it was (the model keeps it, mathml.c normalised it), in
 * MathML's namespace, display="block" for a display equation and its
 * alttext, and altimg when the equation has an image of it (the source's
 * altimg, or a mediaobject beside the MathML: written there, not as an
 * img); an untitled equation's number stands at the right. The file gets
 * properties="mathml" in the manifest (epub.c reads d->mathml_files).
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
 * (text-autospace) do not space a formula, so these stay on there. */
static char *
gap_class(const struct out *o, const struct node *math)
{
	const char *own = model_attr(math, "class");
	bool left = o->ts.prev && typo_gap_between(o->ts.prev, 'x');
	gunichar next = char_after(math);
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

void
emit_math(struct out *o, const struct node *math)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	size_t depth = xhtml_depth(o->x);
	char *cls = gap_class(o, math);
	const struct node *eq = math->parent ? math->parent->parent : NULL;
	const struct node *img = mathml_of_equation(eq) == math ?
	    mathml_fallback(eq) : NULL;
	/* The image of the formula (its altimg, or the equation's
	 * mediaobject), for reading systems without MathML. */
	const char *altimg = img ? epub_image_href(o, img) : NULL;

	equation_number(o, math);
	if (o->chunk)
		g_hash_table_add(o->d->mathml_files, o->chunk->file);
	/* Reading systems set a formula in their math font: its characters
	 * ask nothing of the book's embedded faces. */
	xhtml_set_text_hook(o->x, NULL, NULL);
	model_walk_init(&w, math);
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
		if (n == math)
			open_with(o->x, "math", extra, "xmlns", NS_MATHML,
			    "id", frag_of(o->d, n), "display",
			    mathml_is_display(n) ? "block" : NULL, "alttext",
			    model_attr(n, "alttext"), "altimg", altimg,
			    "class", cls ? g_strstrip(cls) : NULL, NULL);
		else
			open_with(o->x, n->name, extra, NULL);
		g_free(extra);
	}
	xhtml_close_to(o->x, depth);
	xhtml_set_text_hook(o->x, epub_face_hook, &o->hook);
	o->ts.prev = 0;
	g_free(cls);
}
