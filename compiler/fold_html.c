/*
 * HTML elements in DocBook. pandoc copies a Markdown book's raw HTML
 * into the DocBook it writes (its gfm reader does so even with
 * -raw_html), so "2<sup>24</sup>" or "<kbd>Ctrl</kbd>" reach bookc as
 * elements DocBook does not have. Set as unsupported elements, their text
 * would run together ("224"). An inline one that has a DocBook
 * counterpart is read as it, with one warning per name: sup and sub,
 * b and strong (bold emphasis), i, em, cite, var and dfn (emphasis),
 * code, kbd, samp and tt (code), span, small, mark, u and ins (a phrase).
 */
#include <string.h>

#include "diag.h"
#include "fold.h"

struct html_map {
	const char *name;
	enum node_kind kind;
	const char *role;       /* for emphasis: "bold" */
};

static const struct html_map html_maps[] = {
	{ "sup", N_SUPERSCRIPT, NULL }, { "sub", N_SUBSCRIPT, NULL },
	{ "b", N_EMPHASIS, "bold" }, { "strong", N_EMPHASIS, "bold" },
	{ "i", N_EMPHASIS, NULL }, { "em", N_EMPHASIS, NULL },
	{ "cite", N_EMPHASIS, NULL }, { "var", N_EMPHASIS, NULL },
	{ "dfn", N_EMPHASIS, NULL },
	{ "code", N_CODE, NULL }, { "kbd", N_CODE, NULL },
	{ "samp", N_CODE, NULL }, { "tt", N_CODE, NULL },
	{ "span", N_PHRASE, NULL }, { "small", N_PHRASE, NULL },
	{ "mark", N_PHRASE, NULL }, { "u", N_PHRASE, NULL },
	{ "ins", N_PHRASE, NULL },
};

static const struct html_map *
html_map(const struct node *n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(html_maps); i++)
		if (strcmp(n->name, html_maps[i].name) == 0)
			return &html_maps[i];
	return NULL;
}

/* Whether n stands where text does: its parent holds inline content, or
 * is itself an HTML element read as inline. */
static bool
in_text(const struct node *n)
{
	const struct node *p = n->parent;

	if (p == NULL)
		return false;
	if (p->kind == N_UNKNOWN)
		return html_map(p) != NULL && in_text(p);
	return model_kind_content(p->kind) == CT_INLINE ||
	    model_kind_content(p->kind) == CT_VERBATIM;
}

void
fold_html(struct book *b)
{
	struct fold_tally *tally = fold_tally_new();
	GPtrArray *found = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && cn->kind == N_UNKNOWN &&
		    html_map(cn) && in_text(cn))
			g_ptr_array_add(found, (gpointer)cn);
	for (guint i = 0; i < found->len; i++) {
		struct node *n = g_ptr_array_index(found, i);
		const struct html_map *m = html_map(n);

		fold_tally_add(tally, n->name, &n->pos);
		n->kind = m->kind;
		if (m->role && model_attr(n, "role") == NULL)
			model_set_attr(n, "role", m->role);
	}
	fold_tally_report(tally, D_HTML_INLINE);
	g_ptr_array_free(found, TRUE);
}
