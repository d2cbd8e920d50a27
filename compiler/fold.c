/*
 * The helpers that fold DocBook idioms into plain structure share (see
 * fold.h): generated text, titles and cells, the language of a node
 * before validation has set it.
 */
#include <string.h>

#include "fold.h"
#include "validate.h"

bool
fold_named(const struct node *n, const char *name)
{
	return strcmp(n->name, name) == 0;
}

void
fold_prepend_text(struct node *n, const char *s)
{
	struct node *t = model_text_new(s, &n->pos);

	model_prepend(n, t);
}

void
fold_append_text(struct node *n, const char *s)
{
	model_append(n, model_text_new(s, &n->pos));
}

void
fold_give_title(struct node *n, const char *text)
{
	struct node *t;

	if (model_title(n))
		return;
	t = model_node_new(N_TITLE, "title", &n->pos);
	fold_append_text(t, text);
	model_prepend(n, t);
}

/* An empty bold emphasis, for generated lead-ins and run-in titles. */
struct node *
fold_bold_node(const struct node *at)
{
	struct node *em = model_node_new(N_EMPHASIS, "emphasis", &at->pos);

	model_set_attr(em, "role", "bold");
	return em;
}

void
fold_move_children(struct node *from, struct node *to)
{
	while (from->first) {
		struct node *c = from->first;

		model_unlink(c);
		model_append(to, c);
	}
}

struct node *
fold_table_cell(struct node *row, int span, bool head)
{
	struct node *e = model_node_new(N_ENTRY, head ? "th" : "td",
	    &row->pos);

	if (span > 1) {
		char k[8];

		g_snprintf(k, sizeof k, "%d", span);
		model_set_attr(e, "colspan", k);
	}
	if (head)
		e->flags |= NF_HEADER;
	model_append(row, e);
	return e;
}

/* The language of n before assign_langs has run: its own or nearest
 * ancestor's xml:lang, else the book's. */
const char *
fold_lang_of(const struct node *n, const char *book_lang)
{
	for (; n; n = n->parent) {
		const char *l = validate_lang_normalize(model_attr(n, "lang"));

		if (l)
			return l;
	}
	return book_lang;
}

/* Folds every element called name, found first and folded after. */
void
fold_each(struct node *root, const char *name,
    void (*fold)(struct node *, const char *), const char *book_lang)
{
	GPtrArray *todo = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && fold_named(cn, name))
			g_ptr_array_add(todo, (gpointer)cn);
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);

		fold(n, fold_lang_of(n, book_lang));
	}
	g_ptr_array_free(todo, TRUE);
}

void
fold_title_para(struct node *n)
{
	struct node *t = model_title(n), *em;

	if (t == NULL || t->parent != n)
		return;
	em = fold_bold_node(t);
	fold_move_children(t, em);
	model_append(t, em);
	t->kind = N_PARA;
	t->flags |= NF_IMPLICIT;
}

bool
fold_blank(const struct node *n)
{
	char *t = model_text(n);
	bool b = *g_strstrip(t) == '\0';

	g_free(t);
	return b;
}

char *
fold_squashed(const struct node *n)
{
	char *t = model_text(n);
	char **w = g_strsplit_set(g_strstrip(t), " \t\r\n", -1);
	GString *s = g_string_new(NULL);

	for (char **p = w; *p; p++)
		if (**p) {
			if (s->len)
				g_string_append_c(s, ' ');
			g_string_append(s, *p);
		}
	g_strfreev(w);
	g_free(t);
	return g_string_free(s, FALSE);
}

void
fold_trim(struct node *n)
{
	struct node *t;

	for (t = n; t && t->kind != N_TEXT; t = t->first)
		;
	if (t)
		g_strchug(t->text);
	for (t = n; t && t->kind != N_TEXT; t = t->last)
		;
	if (t)
		g_strchomp(t->text);
}

struct fold_tally {
	GHashTable *count, *first;
	GPtrArray *order;
};

struct fold_tally *
fold_tally_new(void)
{
	struct fold_tally *t = g_new0(struct fold_tally, 1);

	t->count = g_hash_table_new(g_str_hash, g_str_equal);
	t->first = g_hash_table_new(g_str_hash, g_str_equal);
	t->order = g_ptr_array_new();
	return t;
}

void
fold_tally_add(struct fold_tally *t, const char *name, const struct pos *pos)
{
	guint k = GPOINTER_TO_UINT(g_hash_table_lookup(t->count, name));

	if (k == 0) {
		g_hash_table_insert(t->first, (gpointer)name, (gpointer)pos);
		g_ptr_array_add(t->order, (gpointer)name);
	}
	g_hash_table_insert(t->count, (gpointer)name, GUINT_TO_POINTER(k + 1));
}

void
fold_tally_report(struct fold_tally *t, enum diag_code code)
{
	for (guint i = 0; i < t->order->len; i++) {
		const char *name = g_ptr_array_index(t->order, i);
		guint k = GPOINTER_TO_UINT(g_hash_table_lookup(t->count,
		    name));
		char *times = k > 1 ? g_strdup_printf(" (%u times)", k) :
		    g_strdup("");

		diag(code, g_hash_table_lookup(t->first, name), name, times);
		g_free(times);
	}
	g_ptr_array_free(t->order, TRUE);
	g_hash_table_destroy(t->count);
	g_hash_table_destroy(t->first);
	g_free(t);
}
