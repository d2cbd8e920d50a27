/*
 * The tag-stack XML/XHTML writer (see xhtml.h). It knows which XHTML
 * elements are blocks and which hold phrasing content, so it can keep
 * blocks out of phrasing content, and where a newline may go without changing the rendering
 * (between blocks, never inside phrasing content or pre). Only
 * xhtml_leaf writes empty-element tags, so OPF's <meta> can hold text.
 */
#include <stdarg.h>
#include <string.h>

#include "escape.h"
#include "xhtml.h"

struct xh_elem {
	const char *tag;
	bool phrasing;          /* content here is phrasing only */
	bool verbatim;          /* inside pre: no added white space */
	int data;
};

struct xhtml {
	GString *buf;
	GArray *stack;          /* struct xh_elem */
	xhtml_text_hook hook;
	void *hook_ud;
	unsigned misnested;
};

/* Elements whose content model is phrasing content. */
static const char *const phrasing_holders[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "span", "a",
	"em", "strong", "code", "var", "sup", "sub", "q", "b", "i", "kbd",
	"samp", "small", "cite", "abbr", "dfn", "title", NULL
};

/* Elements that are flow (block) content, not phrasing content. */
static const char *const blocks[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "div", "section",
	"aside", "nav", "header", "footer", "article", "ul", "ol", "li", "dl",
	"dt", "dd", "blockquote", "figure", "figcaption", "table", "caption",
	"colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th", "hr",
	"body", "head", "html", NULL
};

/* Elements after whose start tag a newline is harmless. */
static const char *const containers[] = {
	"html", "head", "body", "section", "aside", "nav", "header", "footer",
	"article", "div", "ul", "ol", "li", "dl", "dd", "blockquote", "figure",
	"table", "thead", "tbody", "tfoot", "tr", "package", "metadata",
	"manifest", "spine", "guide", "container", "rootfiles", "ncx",
	"navMap", "navPoint", "docTitle", "navLabel", "display_options",
	"platform", NULL
};

/* Phrasing elements: no newline may follow them. */
static const char *const inlines[] = {
	"span", "a", "em", "strong", "code", "var", "sup", "sub", "q", "b",
	"i", "kbd", "samp", "small", "cite", "abbr", "dfn", "img", "br", "wbr",
	NULL
};


static bool
in_list(const char *const *list, const char *tag)
{
	for (; *list; list++)
		if (strcmp(*list, tag) == 0)
			return true;
	return false;
}

struct xhtml *
xhtml_new(void)
{
	struct xhtml *x = g_new0(struct xhtml, 1);

	x->buf = g_string_new(NULL);
	x->stack = g_array_new(FALSE, TRUE, sizeof(struct xh_elem));
	return x;
}

void
xhtml_free(struct xhtml *x)
{
	if (x == NULL)
		return;
	g_string_free(x->buf, TRUE);
	g_array_free(x->stack, TRUE);
	g_free(x);
}

static struct xh_elem *
top(const struct xhtml *x)
{
	if (x->stack->len == 0)
		return NULL;
	return &g_array_index(x->stack, struct xh_elem, x->stack->len - 1);
}

void
xhtml_prolog(struct xhtml *x, bool doctype)
{
	g_return_if_fail(x->buf->len == 0 && x->stack->len == 0);
	g_string_append(x->buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (doctype)
		g_string_append(x->buf, "<!DOCTYPE html>\n");
}

static bool
may_break_line(const struct xhtml *x)
{
	const struct xh_elem *t = top(x);

	return t == NULL || (!t->phrasing && !t->verbatim);
}

/* Writes the start tag and pushes the element, unless it is empty (leaf
 * or void): then the tag is closed at once and nothing is pushed. */
static void
attr(struct xhtml *x, const char *name, const char *value)
{
	g_string_append_c(x->buf, ' ');
	g_string_append(x->buf, name);
	g_string_append(x->buf, "=\"");
	escape_attr(x->buf, value, -1);
	g_string_append_c(x->buf, '"');
}

static void
start_tag(struct xhtml *x, const char *tag, const char *const *extra,
    va_list ap, bool leaf)
{
	const struct xh_elem *t;
	struct xh_elem e = { 0 };
	const char *name;

	/* A block cannot stand in phrasing content: close up to a flow
	 * container first. */
	if (in_list(blocks, tag) && (t = top(x)) != NULL && t->phrasing) {
		x->misnested++;
		while ((t = top(x)) != NULL && t->phrasing)
			xhtml_close(x);
	}
	g_string_append_c(x->buf, '<');
	g_string_append(x->buf, tag);
	for (; extra && extra[0]; extra += 2)
		if (extra[1])
			attr(x, extra[0], extra[1]);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *value = va_arg(ap, const char *);

		if (value)
			attr(x, name, value);
	}
	if (leaf) {
		g_string_append(x->buf, "/>");
		if (!in_list(inlines, tag) && may_break_line(x))
			g_string_append_c(x->buf, '\n');
		return;
	}
	g_string_append_c(x->buf, '>');
	t = top(x);
	e.tag = g_intern_string(tag);
	e.phrasing = (t && t->phrasing) || in_list(phrasing_holders, tag);
	e.verbatim = (t && t->verbatim) || strcmp(tag, "pre") == 0;
	e.data = t ? t->data : 0;
	if (in_list(containers, tag) && !e.phrasing && !e.verbatim)
		g_string_append_c(x->buf, '\n');
	g_array_append_val(x->stack, e);
}

void
xhtml_open(struct xhtml *x, const char *tag, ...)
{
	va_list ap;

	va_start(ap, tag);
	start_tag(x, tag, NULL, ap, false);
	va_end(ap);
}

void
xhtml_open_v(struct xhtml *x, const char *tag, const char *const *extra,
    va_list ap)
{
	start_tag(x, tag, extra, ap, false);
}

void
xhtml_leaf(struct xhtml *x, const char *tag, ...)
{
	va_list ap;

	va_start(ap, tag);
	start_tag(x, tag, NULL, ap, true);
	va_end(ap);
}

void
xhtml_leaf_v(struct xhtml *x, const char *tag, const char *const *extra,
    va_list ap)
{
	start_tag(x, tag, extra, ap, true);
}

void
xhtml_close(struct xhtml *x)
{
	const struct xh_elem *t = top(x);
	const char *tag;

	g_return_if_fail(t != NULL);
	tag = t->tag;
	g_string_append(x->buf, "</");
	g_string_append(x->buf, tag);
	g_string_append_c(x->buf, '>');
	g_array_set_size(x->stack, x->stack->len - 1);
	if (!in_list(inlines, tag) && may_break_line(x))
		g_string_append_c(x->buf, '\n');
}

void
xhtml_close_to(struct xhtml *x, size_t depth)
{
	while (x->stack->len > depth)
		xhtml_close(x);
}

size_t
xhtml_depth(const struct xhtml *x)
{
	return x->stack->len;
}

bool
xhtml_is_open(const struct xhtml *x, const char *tag)
{
	for (guint i = 0; i < x->stack->len; i++)
		if (strcmp(g_array_index(x->stack, struct xh_elem, i).tag,
		    tag) == 0)
			return true;
	return false;
}

bool
xhtml_in_phrasing(const struct xhtml *x)
{
	const struct xh_elem *t = top(x);

	return t && t->phrasing;
}

void
xhtml_text_len(struct xhtml *x, const char *s, size_t len)
{
	if (len == 0)
		return;
	if (x->hook)
		x->hook(x->hook_ud, xhtml_data(x), s, len);
	escape_text(x->buf, s, (gssize)len);
}

void
xhtml_text(struct xhtml *x, const char *s)
{
	if (s)
		xhtml_text_len(x, s, strlen(s));
}

int
xhtml_data(const struct xhtml *x)
{
	const struct xh_elem *t = top(x);

	return t ? t->data : 0;
}

void
xhtml_set_data(struct xhtml *x, int data)
{
	struct xh_elem *t = top(x);

	g_return_if_fail(t != NULL);
	t->data = data;
}

void
xhtml_set_text_hook(struct xhtml *x, xhtml_text_hook fn, void *ud)
{
	x->hook = fn;
	x->hook_ud = ud;
}

unsigned
xhtml_misnested(const struct xhtml *x)
{
	return x->misnested;
}

char *
xhtml_finish(struct xhtml *x, size_t *len)
{
	char *doc;

	xhtml_close_to(x, 0);
	if (len)
		*len = x->buf->len;
	doc = g_string_free(x->buf, FALSE);
	x->buf = g_string_new(NULL);
	return doc;
}
