/*
 * The ink of an SVG image with links, put back in its Figure (part of
 * pdf_finish; finish_tree.c calls it). librsvg draws an image's links
 * with Cairo's own Link tags, so they become children of the Figure the
 * device opened; and Cairo 1.16 marks the content of leaf elements only.
 * The image's ink around its links is then outside any marked content,
 * which a screen reader skips and PDF/UA-1 (7.1) forbids. Here a page's
 * content stream is read with a small lexer: each run of painting
 * operators outside marked content that touches a marked-content
 * sequence of such a Link (the run just after it, else the run just
 * before it) is wrapped in "/Figure << /MCID n >> BDC ... EMC", with a
 * new MCID that the page's parent-tree array gives the Figure, and the
 * Figure's /K gets it as a marked-content reference, before or after
 * the Link, in the order of the content.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "finish_int.h"

/* A run of content outside marked content that paints: [start, end) in
 * the stream, and the MCIDs of the marked-content sequences just before
 * and just after it (-1: none, or one without an MCID). */
struct run {
	size_t start, end;
	long prev, next;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' ||
	    c == '\f' || c == '\0';
}

static bool
is_delim(char c)
{
	return strchr("()<>[]{}/%", c) != NULL;
}

static bool
keyword(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* Whether the operator s (n bytes) paints. */
static bool
paints(const char *s, size_t n)
{
	static const char *const ops[] = { "Tj", "TJ", "'", "\"", "f", "F",
		"f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do" };

	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++)
		if (keyword(s, n, ops[i]))
			return true;
	return false;
}

/* The end of the token at p (p < e, not a space); *op: whether it is an
 * operator (a keyword, not a number, name, boolean, null, string or
 * delimiter). */
static const char *
token_end(const char *p, const char *e, bool *op)
{
	const char *s;

	*op = false;
	if (*p == '(') {
		int depth = 0;

		for (; p < e; p++) {
			if (*p == '\\')
				p++;
			else if (*p == '(')
				depth++;
			else if (*p == ')' && --depth == 0)
				return p + 1;
		}
		return e;
	}
	if (*p == '%') {
		while (p < e && *p != '\n' && *p != '\r')
			p++;
		return p;
	}
	if ((*p == '<' || *p == '>') && p + 1 < e && p[1] == *p)
		return p + 2;
	if (*p == '<') {
		const char *q = memchr(p, '>', e - p);

		return q ? q + 1 : e;
	}
	if (*p != '/' && is_delim(*p))
		return p + 1;
	s = p;
	for (p++; p < e && !is_space(*p) && !is_delim(*p); p++)
		;
	*op = *s != '/' && !g_ascii_isdigit(*s) && *s != '-' && *s != '+' &&
	    *s != '.' && !keyword(s, p - s, "true") &&
	    !keyword(s, p - s, "false") && !keyword(s, p - s, "null");
	return p;
}

/* After the operator ID at p: the end of the inline image's data, just
 * after its EI. */
static const char *
inline_image_end(const char *p, const char *e)
{
	for (p++; p + 2 <= e; p++)
		if (p[0] == 'E' && p[1] == 'I' && is_space(p[-1]) &&
		    (p + 2 == e || is_space(p[2]) || is_delim(p[2])))
			return p + 2;
	return e;
}

/*
 * The runs of content stream s (n bytes) that paint outside marked
 * content. Cairo ends its text objects before it begins or ends marked
 * content, so a run's bounds are outside any BT ... ET: a run where that
 * is not so is left out.
 */
static GArray *
unmarked_runs(const char *s, size_t n)
{
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(struct run));
	const char *p = s, *e = s + n, *operands = NULL;
	struct run r = { 0, 0, -1, -1 };
	long mcid = -1, top = -1;
	bool painted = false, in_text = false, run_text = false;
	bool after_mcid = false;
	int depth = 0;

	while (p < e) {
		const char *t;
		bool op, id;

		if (is_space(*p)) {
			p++;
			continue;
		}
		t = token_end(p, e, &op);
		id = op && t - p == 2 && memcmp(p, "ID", 2) == 0;
		if (!op) {
			if (operands == NULL)
				operands = p;
			if (after_mcid && g_ascii_isdigit(*p))
				mcid = strtol(p, NULL, 10);
			after_mcid = t - p == 5 && memcmp(p, "/MCID", 5) == 0;
			p = t;
			continue;
		}
		after_mcid = false;
		if ((t - p == 3 && (memcmp(p, "BDC", 3) == 0 ||
		    memcmp(p, "BMC", 3) == 0)) && depth++ == 0) {
			if (painted && !in_text && !run_text) {
				r.end = (operands ? operands : p) - s;
				r.next = mcid;
				g_array_append_val(runs, r);
			}
			top = mcid;
		} else if (t - p == 3 && memcmp(p, "EMC", 3) == 0 &&
		    depth > 0 && --depth == 0) {
			r.start = t - s;
			r.prev = top;
			painted = false;
			run_text = in_text;
		} else if (t - p == 2 && memcmp(p, "BT", 2) == 0)
			in_text = true;
		else if (t - p == 2 && memcmp(p, "ET", 2) == 0)
			in_text = false;
		else if (id)
			t = inline_image_end(t, e);
		if (depth == 0 && (id || paints(p, t - p)))
			painted = true;
		operands = NULL;
		mcid = -1;
		p = t;
	}
	if (painted && !in_text && !run_text) {
		r.end = n;
		r.next = -1;
		g_array_append_val(runs, r);
	}
	return runs;
}

/* The link drawn in marked content mcid of the page, or NULL. */
static const struct fin_figure_link *
link_of(const GArray *links, long page, long mcid)
{
	if (mcid < 0)
		return NULL;
	for (guint i = 0; i < links->len; i++) {
		const struct fin_figure_link *l = &g_array_index(links,
		    struct fin_figure_link, i);

		if (l->page == page && l->mcid == mcid)
			return l;
	}
	return NULL;
}

/* The Figure's kids as texts, from the update's copy or the file: in
 * kids (figure -> GPtrArray), made on first use; NULL if /K is not an
 * array of references (or one reference). */
static GPtrArray *
figure_kids(const char *d, size_t len, long xref, GArray *objs,
    GHashTable *kids, long figure)
{
	GPtrArray *items = g_hash_table_lookup(kids, GSIZE_TO_POINTER(figure));
	GString *e;
	const char *k;

	if (items)
		return items;
	e = fin_upd_object(d, len, xref, objs, figure);
	k = e ? fin_dict_value(e->str, "/K") : NULL;
	if (k == NULL)
		return NULL;
	k = fin_skip_space(k);
	if (*k == '[')
		items = fin_ref_items(k);
	else if (g_ascii_isdigit(*k)) {
		items = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(items, g_strdup_printf("%ld 0 R",
		    strtol(k, NULL, 10)));
	}
	if (items)
		g_hash_table_insert(kids, GSIZE_TO_POINTER(figure), items);
	return items;
}

/* Index of "num 0 R" in items, or -1. */
static int
item_index(const GPtrArray *items, long num)
{
	char *want = g_strdup_printf("%ld 0 R", num);
	int at = -1;

	for (guint i = 0; i < items->len && at < 0; i++)
		if (strcmp(items->pdata[i], want) == 0)
			at = (int)i;
	g_free(want);
	return at;
}

void
fin_figure_ink(const char *d, size_t len, long xref, GArray *objs,
    long page, const GArray *links, GString *content, GPtrArray *tree_items,
    GHashTable *kids)
{
	GArray *runs = unmarked_runs(content->str, content->len);
	GString *out = g_string_sized_new(content->len + runs->len * 40);
	size_t at = 0;

	for (guint i = 0; i < runs->len; i++) {
		const struct run *r = &g_array_index(runs, struct run, i);
		const struct fin_figure_link *l = link_of(links, page, r->prev);
		bool after = l != NULL;
		GPtrArray *items;
		long mcid = tree_items->len;
		int k;

		if (l == NULL)
			l = link_of(links, page, r->next);
		items = l ? figure_kids(d, len, xref, objs, kids, l->figure) :
		    NULL;
		k = items ? item_index(items, l->link) : -1;
		if (k < 0)
			continue;
		g_ptr_array_insert(items, k + after, g_strdup_printf(
		    "<< /Type /MCR /Pg %ld 0 R /MCID %ld >>", page, mcid));
		g_ptr_array_add(tree_items, g_strdup_printf("%ld 0 R",
		    l->figure));
		g_string_append_len(out, content->str + at, r->start - at);
		g_string_append_printf(out, "\n/Figure << /MCID %ld >> BDC\n",
		    mcid);
		g_string_append_len(out, content->str + r->start,
		    r->end - r->start);
		g_string_append(out, "\nEMC\n");
		at = r->end;
	}
	g_string_append_len(out, content->str + at, content->len - at);
	g_string_assign(content, "");
	g_string_append_len(content, out->str, out->len);
	g_string_free(out, TRUE);
	g_array_free(runs, TRUE);
}

void
fin_figure_kids_write(const char *d, size_t len, long xref, GArray *objs,
    GHashTable *kids)
{
	GHashTableIter it;
	gpointer k, v;

	g_hash_table_iter_init(&it, kids);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		GString *e = fin_upd_object(d, len, xref, objs,
		    GPOINTER_TO_SIZE(k));
		GString *a = fin_items_array(v);

		fin_remove_key(e, "/K");
		g_string_prepend(a, " /K ");
		g_string_append_c(a, ' ');
		fin_add_before_end(e, a->str);
		g_string_free(a, TRUE);
	}
}
