/*
 * DocBook Transclusion (docbook.org/docs/transclusion): a fragment
 * included more than once repeats its ids; trans:idfixup on an element
 * (or on the xi:include, copied to what it includes by reader.c) makes
 * them unique in its scope, and trans:linkscope says where a link in it
 * points. The same reading as the xslTNG stylesheets (transforms/
 * 30-transclude.xsl), whose defaults bookc takes:
 *
 *   idfixup  none: ids as written (the default); suffix: the id followed
 *            by the suffixes of trans:suffix on the element and its
 *            ancestors, outermost first; auto: the id, "---" and a
 *            number that makes it unique.
 *   linkscope  global: the first element that had the id (the default);
 *            near: of the elements that had it, the first inside the
 *            nearest ancestor holding one; local: the id followed by the
 *            link's own suffixes; user: as written.
 *
 * Links are linkend, linkends, otherterm, zone, startref, arearefs,
 * endterm and an href to "#id". A book without trans: attributes is
 * left alone, which reads the same (global, none). Runs before the ids
 * are collected, so that a duplicate left over is still reported.
 */
#include <string.h>

#include "diag.h"
#include "fold.h"

/* The ids of the document as written, each with its holders in
 * document order. */
struct trans {
	GHashTable *holders;    /* original id -> GPtrArray of struct node * */
	GHashTable *new_id;     /* struct node * -> its fixed id (g_free) */
	GHashTable *autos;      /* original id -> count of auto copies */
};

static const char *
inherited(const struct node *n, const char *name)
{
	for (; n; n = n->parent) {
		const char *v = model_attr(n, name);

		if (v)
			return v;
	}
	return NULL;
}

/* The suffix of n: trans:suffix of n and its ancestors, outermost
 * first, restarting at an idfixup="none". */
static void
suffix_of(const struct node *n, GString *s)
{
	const char *fix, *sx;

	if (n == NULL)
		return;
	suffix_of(n->parent, s);
	fix = model_attr(n, "idfixup");
	sx = model_attr(n, "suffix");
	if (fix && strcmp(fix, "none") == 0)
		g_string_truncate(s, 0);
	else if (sx)
		g_string_append(s, sx);
}

static bool
uses_transclusion(const struct node *root)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE)
		if (ev == WALK_ENTER && n->kind != N_TEXT &&
		    (model_attr(n, "idfixup") || model_attr(n, "linkscope")))
			return true;
	return false;
}

/* Gathers the holders of each id and the id each will have. */
static void
fix_ids(struct trans *t, const struct node *root)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		const char *fix, *v;
		GPtrArray *h;
		char *id;

		if (ev != WALK_ENTER || n->kind == N_TEXT)
			continue;
		if ((v = model_attr(n, "idfixup")) && strcmp(v, "none") != 0 &&
		    strcmp(v, "suffix") != 0 && strcmp(v, "auto") != 0)
			diag(D_TRANS_VALUE, &n->pos, v, "idfixup",
			    "none, suffix or auto");
		if ((v = model_attr(n, "linkscope")) && strcmp(v, "user") != 0 &&
		    strcmp(v, "local") != 0 && strcmp(v, "near") != 0 &&
		    strcmp(v, "global") != 0)
			diag(D_TRANS_VALUE, &n->pos, v, "linkscope",
			    "user, local, near or global");
		if (n->id == NULL)
			continue;
		if ((h = g_hash_table_lookup(t->holders, n->id)) == NULL) {
			h = g_ptr_array_new();
			g_hash_table_insert(t->holders, (gpointer)n->id, h);
		}
		g_ptr_array_add(h, (gpointer)n);
		fix = inherited(n, "idfixup");
		if (fix && strcmp(fix, "suffix") == 0) {
			GString *s = g_string_new(n->id);

			suffix_of(n, s);
			id = g_string_free(s, FALSE);
		} else if (fix && strcmp(fix, "auto") == 0) {
			guint k = GPOINTER_TO_UINT(g_hash_table_lookup(
			    t->autos, n->id)) + 1;

			g_hash_table_insert(t->autos, (gpointer)n->id,
			    GUINT_TO_POINTER(k));
			id = g_strdup_printf("%s---%u", n->id, k);
		} else
			continue;
		g_hash_table_insert(t->new_id, (gpointer)n, id);
	}
}

static const char *
id_of(const struct trans *t, const struct node *n)
{
	const char *id = g_hash_table_lookup(t->new_id, n);

	return id ? id : n->id;
}

/* Depth of the deepest ancestor a and b share (the root is 1). */
static unsigned
shared_depth(const struct node *a, const struct node *b)
{
	unsigned d = 0;

	for (const struct node *x = a; x; x = x->parent)
		for (const struct node *y = b; y; y = y->parent)
			if (x == y) {
				for (; x; x = x->parent)
					d++;
				return d;
			}
	return 0;
}

/* Where the reference id, made at n, points under its link scope. */
static char *
fixed_ref(const struct trans *t, const struct node *n, const char *id)
{
	const char *scope = inherited(n, "linkscope");
	GPtrArray *h = g_hash_table_lookup(t->holders, id);
	const struct node *best = NULL;

	if (scope && strcmp(scope, "user") == 0)
		return g_strdup(id);
	if (scope && strcmp(scope, "local") == 0) {
		GString *s = g_string_new(id);

		suffix_of(n, s);
		return g_string_free(s, FALSE);
	}
	if (h == NULL)
		return g_strdup(id);
	if (scope && strcmp(scope, "near") == 0) {
		unsigned deepest = 0;

		for (guint i = 0; i < h->len; i++) {
			unsigned d = shared_depth(n, h->pdata[i]);

			if (best == NULL || d > deepest) {
				best = h->pdata[i];
				deepest = d;
			}
		}
	} else
		best = h->pdata[0];
	return g_strdup(id_of(t, best));
}

/* The references in attribute name of n, fixed one by one. */
static void
fix_refs(const struct trans *t, struct node *n, const char *name)
{
	const char *v = model_attr(n, name);
	bool hash = strcmp(name, "href") == 0;
	char **ids;
	GString *s;

	if (v == NULL || (hash && v[0] != '#'))
		return;
	ids = g_strsplit(hash ? v + 1 : v, " ", -1);
	s = g_string_new(hash ? "#" : NULL);
	for (char **p = ids; *p; p++) {
		char *f;

		if (**p == '\0')
			continue;
		f = fixed_ref(t, n, *p);
		g_string_append_printf(s, "%s%s", p == ids ? "" : " ", f);
		g_free(f);
	}
	model_set_attr(n, name, s->str);
	g_string_free(s, TRUE);
	g_strfreev(ids);
}

void
fold_transclusion(struct book *b)
{
	static const char *const refs[] = { "linkend", "linkends",
	    "otherterm", "zone", "startref", "arearefs", "endterm", "href" };
	struct trans t;
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	GHashTableIter it;
	gpointer k, v;

	if (!uses_transclusion(b->root))
		return;
	t.holders = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_ptr_array_unref);
	t.new_id = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    g_free);
	t.autos = g_hash_table_new(g_str_hash, g_str_equal);
	fix_ids(&t, b->root);
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && cn->kind != N_TEXT)
			for (size_t i = 0; i < G_N_ELEMENTS(refs); i++)
				fix_refs(&t, (struct node *)cn, refs[i]);
	g_hash_table_iter_init(&it, t.new_id);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct node *n = k;

		model_set_attr(n, "id", v);
		n->id = model_attr(n, "id");
	}
	g_hash_table_destroy(t.autos);
	g_hash_table_destroy(t.new_id);
	g_hash_table_destroy(t.holders);
}
