/*
 * The tree back end (-T tree): prints the validated model, one node a
 * line, indented by depth, with positions, ids, labels and attributes.
 * The golden tests in tests/model/ compare against this text, so its
 * format changes only on purpose.
 */
#include <errno.h>
#include <string.h>

#include "backend.h"
#include "mathml.h"

static void *
tree_new(const struct render_opts *opts)
{
	(void)opts;
	return g_new0(int, 1);
}

static void
put_escaped(GString *s, const char *t)
{
	g_string_append_c(s, '"');
	for (; *t; t++) {
		switch (*t) {
		case '\n': g_string_append(s, "\\n"); break;
		case '\t': g_string_append(s, "\\t"); break;
		case '"': g_string_append(s, "\\\""); break;
		case '\\': g_string_append(s, "\\\\"); break;
		default: g_string_append_c(s, *t); break;
		}
	}
	g_string_append_c(s, '"');
}

static int
attr_cmp(const void *a, const void *b)
{
	const struct attr *x = *(const struct attr *const *)a;
	const struct attr *y = *(const struct attr *const *)b;

	return strcmp(x->name, y->name);
}

static void
put_node(GString *s, const struct node *n, unsigned depth)
{
	GPtrArray *attrs;

	for (unsigned i = 0; i < depth; i++)
		g_string_append(s, "  ");
	if (n->kind == N_TEXT) {
		put_escaped(s, n->text);
		g_string_append_printf(s, " @%u:%u\n", n->pos.line, n->pos.col);
		return;
	}
	g_string_append(s, model_kind_name(n->kind));
	if (strcmp(n->name, model_kind_name(n->kind)) != 0)
		g_string_append_printf(s, "<%s>", n->name);
	if (n->pos.file && (n->parent == NULL ||
	    n->parent->pos.file != n->pos.file))
		g_string_append_printf(s, " @%s:%u:%u", n->pos.file,
		    n->pos.line, n->pos.col);
	else
		g_string_append_printf(s, " @%u:%u", n->pos.line, n->pos.col);
	if (n->flags & NF_IMPLICIT)
		g_string_append(s, " implicit");
	if (n->flags & NF_CONTINUED)
		g_string_append(s, " continued");
	if (n->flags & NF_HEADER)
		g_string_append(s, " header");
	if (n->flags & NF_INFORMAL)
		g_string_append(s, " informal");
	if (n->label)
		g_string_append_printf(s, " label=%s", n->label);
	if (n->depth)
		g_string_append_printf(s, " depth=%u", n->depth);
	if (n->lang && (n->parent == NULL || n->parent->lang != n->lang))
		g_string_append_printf(s, " lang=%s", n->lang);
	if (n->target)
		g_string_append_printf(s, " ->%s", n->target->id);
	attrs = g_ptr_array_new();
	for (const struct attr *a = n->attrs; a; a = a->next)
		if (strcmp(a->name, "label") != 0 && strcmp(a->name, "lang") != 0)
			g_ptr_array_add(attrs, (gpointer)a);
	g_ptr_array_sort(attrs, attr_cmp);
	for (guint i = 0; i < attrs->len; i++) {
		const struct attr *a = g_ptr_array_index(attrs, i);

		g_string_append_printf(s, " %s=", a->name);
		put_escaped(s, a->value);
	}
	g_ptr_array_free(attrs, TRUE);
	g_string_append_c(s, '\n');
}

static bool
tree_render(void *ctx, const struct book *book, const char *path, FILE *out)
{
	GString *s = g_string_new(NULL);
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	unsigned depth = 0;
	bool ok = true;
	FILE *f = out;

	(void)ctx;
	g_string_append_printf(s, "# lang=%s\n", book->lang);
	model_walk_init(&w, book->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		if (ev == WALK_EXIT) {
			depth--;
			continue;
		}
		put_node(s, n, depth);
		if (n->kind == N_MATH) {
			/* A formula is one line: its markup, compact. */
			for (unsigned i = 0; i <= depth; i++)
				g_string_append(s, "  ");
			mathml_compact(s, n);
			g_string_append_c(s, '\n');
			model_walk_skip(&w);
			continue;
		}
		if (n->kind != N_TEXT)
			depth++;
	}
	if (path) {
		f = fopen(path, "w");
		if (f == NULL) {
			diag(D_OUTPUT, NULL, path, g_strerror(errno));
			g_string_free(s, TRUE);
			return false;
		}
	}
	if (fwrite(s->str, 1, s->len, f) != s->len || fflush(f) != 0) {
		diag(D_OUTPUT, NULL, path ? path : "standard output",
		    g_strerror(errno));
		ok = false;
	}
	if (path && fclose(f) != 0 && ok) {
		diag(D_OUTPUT, NULL, path, g_strerror(errno));
		ok = false;
	}
	g_string_free(s, TRUE);
	return ok;
}

static void
tree_free(void *ctx)
{
	g_free(ctx);
}

const struct backend tree_backend = {
	"tree", ".tree", tree_new, tree_render, tree_free,
};
