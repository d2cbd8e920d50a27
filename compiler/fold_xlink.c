/*
 * Extended links (XLink's xlink:type="extended": DocBook's extendedlink,
 * or any element so typed) folded into plain links. An arc joins its
 * "from" ends (a resource in place, or a locator naming a place in the
 * book) to its "to" ends (locators with an href); in print there is no
 * pop-up menu, so each place is followed by the list of its targets as
 * links, "XQuery (XQuery specification, XQuery WG)", and the link's
 * locators and arcs, which hold no text, go. Runs before unsupported
 * elements are reported.
 */
#include <string.h>

#include "fold.h"
#include "l10n.h"

struct xlink {
	struct book *b;
	GHashTable *ids;        /* id -> node, as read */
	GHashTable *targets;    /* source node -> GPtrArray of locators */
	GPtrArray *sources;     /* source nodes in the order met */
	GPtrArray *dead;        /* locators and arcs, freed at the end */
};

static const char *
xl_type(const struct node *n)
{
	return n->kind == N_TEXT ? NULL : model_attr(n, "type");
}

static bool
xl_is_extended(const struct node *n)
{
	const char *t = xl_type(n);

	if (fold_named(n, "extendedlink"))
		return true;
	if (t == NULL || strcmp(t, "extended") != 0)
		return false;
	/* A plain type="extended" attribute is not XLink without the
	 * locators or arcs that make it one. */
	for (const struct node *c = n->first; c; c = c->next)
		if ((t = xl_type(c)) && (strcmp(t, "locator") == 0 ||
		    strcmp(t, "arc") == 0))
			return true;
	return false;
}

static bool
xl_label_is(const struct node *n, const char *label)
{
	const char *l = model_attr(n, "label");

	return label == NULL || (l && strcmp(l, label) == 0);
}

/* The nodes of the book that an XPointer names: "#id", id(...), or the
 * one XPath shape extended links use, //name[. = 'text']. */
static void
xl_resolve(struct xlink *x, const char *href, GPtrArray *out)
{
	char *s = g_uri_unescape_string(href, NULL);
	GRegex *re;
	GMatchInfo *mi = NULL;
	struct node *n;

	if (s == NULL)
		s = g_strdup(href);
	if (s[0] == '#' && (n = g_hash_table_lookup(x->ids, s + 1)))
		g_ptr_array_add(out, n);
	re = g_regex_new("xpath\\(\\s*//(?:[\\w.-]+:)?([\\w.-]+)\\s*"
	    "\\[\\s*\\.\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*\\]\\s*\\)",
	    0, 0, NULL);
	if (out->len == 0 && g_regex_match(re, s, 0, &mi)) {
		char *name = g_match_info_fetch(mi, 1);
		char *want = g_match_info_fetch(mi, 2);
		struct walker w;
		const struct node *cn;
		enum walk_event ev;

		if (want == NULL || *want == '\0') {
			g_free(want);
			want = g_match_info_fetch(mi, 3);
		}
		model_walk_init(&w, x->b->root);
		while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
			char *t;

			if (ev != WALK_ENTER || cn->kind == N_TEXT ||
			    strcmp(cn->name, name) != 0)
				continue;
			t = fold_squashed(cn);
			if (strcmp(t, want) == 0)
				g_ptr_array_add(out, (gpointer)cn);
			g_free(t);
		}
		g_free(name);
		g_free(want);
	}
	g_match_info_free(mi);
	g_regex_unref(re);
	g_free(s);
}

static void
xl_add_targets(struct xlink *x, struct node *src, GPtrArray *to)
{
	GPtrArray *list = g_hash_table_lookup(x->targets, src);

	if (list == NULL) {
		list = g_ptr_array_new();
		g_hash_table_insert(x->targets, src, list);
		g_ptr_array_add(x->sources, src);
	}
	for (guint i = 0; i < to->len; i++) {
		gpointer t = g_ptr_array_index(to, i);
		guint k;

		if (!g_ptr_array_find(list, t, &k))
			g_ptr_array_add(list, t);
	}
}

/* One arc: from each "from" end to every "to" end that can be linked
 * to (a locator with an href, a resource with an id). */
static void
xl_arc(struct xlink *x, struct node *e, const char *from, const char *to)
{
	GPtrArray *targets = g_ptr_array_new();

	for (struct node *c = e->first; c; c = c->next) {
		const char *t = xl_type(c);

		const char *href = model_attr(c, "href");

		if (t && xl_label_is(c, to) &&
		    ((strcmp(t, "locator") == 0 && href && *href) ||
		    (strcmp(t, "resource") == 0 && c->id)))
			g_ptr_array_add(targets, c);
	}
	for (struct node *c = e->first; c && targets->len; c = c->next) {
		const char *t = xl_type(c), *href = model_attr(c, "href");
		GPtrArray *src;

		if (t == NULL || !xl_label_is(c, from) ||
		    g_ptr_array_find(targets, c, NULL))
			continue;
		if (strcmp(t, "resource") == 0) {
			xl_add_targets(x, c, targets);
			continue;
		}
		if (strcmp(t, "locator") != 0 || href == NULL)
			continue;
		src = g_ptr_array_new();
		xl_resolve(x, href, src);
		if (src->len == 0)
			diag(D_XLINK_SOURCE, &c->pos, href,
			    targets->len == 1 ? "" : "s", targets->len);
		for (guint i = 0; i < src->len; i++)
			xl_add_targets(x, g_ptr_array_index(src, i), targets);
		g_ptr_array_free(src, TRUE);
	}
	g_ptr_array_free(targets, TRUE);
}

/* An arc that loads more links from a file (a linkbase): bookc reads
 * the book's own links only. */
static void
xl_linkbase(const struct node *e, const struct node *arc)
{
	const char *from = model_attr(arc, "from");

	for (const struct node *c = e->first; c; c = c->next) {
		const char *t = xl_type(c), *href = model_attr(c, "href");

		if (t && strcmp(t, "locator") == 0 && href && *href &&
		    xl_label_is(c, from))
			diag(D_XLINK_LINKBASE, &c->pos, href);
	}
}

static void
xl_read(struct xlink *x, struct node *e)
{
	bool arcs = false;

	for (struct node *c = e->first; c; c = c->next) {
		const char *t = xl_type(c);

		const char *role = model_attr(c, "arcrole");

		if (t == NULL || strcmp(t, "arc") != 0)
			continue;
		arcs = true;
		if (role && g_str_has_suffix(role, "/linkbase"))
			xl_linkbase(e, c);
		else
			xl_arc(x, e, model_attr(c, "from"), model_attr(c, "to"));
	}
	/* Without arcs every end goes to every other (XLink 1.1, 5.1.3). */
	if (!arcs)
		xl_arc(x, e, NULL, NULL);
}

/* A link to what a locator names (a place in the book, or its URI), or
 * to a resource in place, by its title or else its text. */
static struct node *
xl_link(const struct xlink *x, const struct node *end)
{
	const char *href = model_attr(end, "href");
	const char *title = model_attr(end, "title");
	struct node *l = model_node_new(N_LINK, g_intern_string("link"),
	    &end->pos);
	char *text = NULL;

	if (href == NULL) {
		model_set_attr(l, "linkend", end->id);
		text = fold_squashed(end);
	} else if (href[0] == '#' && href[1]) {
		const struct node *t = g_hash_table_lookup(x->ids, href + 1);

		model_set_attr(l, "linkend", href + 1);
		/* What names a place: its title, or a phrase's text (a
		 * block's whole text is no name). */
		if (t && model_title(t))
			text = fold_squashed(model_title(t));
		else if (t && model_kind_class(t->kind) == NC_INLINE)
			text = fold_squashed(t);
	} else
		model_set_attr(l, "href", href);
	fold_append_text(l, title && *title ? title : text && *text ? text :
	    href ? href : end->id);
	g_free(text);
	return l;
}

/* After a place, its targets: " (a, b)". */
static void
xl_place(struct xlink *x, struct node *src)
{
	GPtrArray *list = g_hash_table_lookup(x->targets, src);
	const char *lang = fold_lang_of(src, x->b->lang);
	bool zh = l10n_is_zh(lang);
	struct node *ph = model_node_new(N_PHRASE, g_intern_string("phrase"),
	    &src->pos);

	model_set_attr(ph, "role", "xlink-targets");
	fold_append_text(ph, zh ? "（" : " (");
	for (guint i = 0; i < list->len; i++) {
		if (i > 0)
			fold_append_text(ph, zh ? "、" : ", ");
		model_append(ph, xl_link(x, g_ptr_array_index(list, i)));
	}
	fold_append_text(ph, zh ? "）" : ")");
	if (model_kind_class(src->kind) == NC_INLINE && src->parent)
		model_insert_after(src, ph);
	else if (model_kind_content(src->kind) == CT_INLINE)
		model_append(src, ph);
	else {
		struct node *p = model_node_new(N_PARA,
		    g_intern_string("para"), &src->pos);

		p->flags |= NF_IMPLICIT;
		model_append(p, ph);
		model_append(src, p);
	}
}

/* The link's parts without text go; an extendedlink goes whole (its
 * locators and arcs are all it holds). */
static void
xl_strip(struct xlink *x, struct node *e)
{
	struct node *c, *next;

	if (fold_named(e, "extendedlink")) {
		model_unlink(e);
		g_ptr_array_add(x->dead, e);
		return;
	}
	for (c = e->first; c; c = next) {
		const char *t = xl_type(c);

		next = c->next;
		if (t && (strcmp(t, "locator") == 0 ||
		    strcmp(t, "arc") == 0)) {
			model_unlink(c);
			g_ptr_array_add(x->dead, c);
		}
	}
}

void
fold_xlink(struct book *b)
{
	struct xlink x = { b, NULL, NULL, NULL, NULL };
	GPtrArray *ext = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	x.ids = g_hash_table_new(g_str_hash, g_str_equal);
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		if (ev != WALK_ENTER || cn->kind == N_TEXT)
			continue;
		if (cn->id && !g_hash_table_contains(x.ids, cn->id))
			g_hash_table_insert(x.ids, (gpointer)cn->id,
			    (gpointer)cn);
		if (xl_is_extended(cn))
			g_ptr_array_add(ext, (gpointer)cn);
	}
	if (ext->len) {
		x.targets = g_hash_table_new_full(g_direct_hash,
		    g_direct_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
		x.sources = g_ptr_array_new();
		x.dead = g_ptr_array_new();
		for (guint i = 0; i < ext->len; i++)
			xl_read(&x, g_ptr_array_index(ext, i));
		for (guint i = 0; i < x.sources->len; i++)
			xl_place(&x, g_ptr_array_index(x.sources, i));
		/* Lists hold locators: the parts go only when all are set. */
		for (guint i = 0; i < ext->len; i++)
			xl_strip(&x, g_ptr_array_index(ext, i));
		g_hash_table_destroy(x.targets);
		g_ptr_array_free(x.sources, TRUE);
		for (guint i = 0; i < x.dead->len; i++)
			model_free_tree(g_ptr_array_index(x.dead, i));
		g_ptr_array_free(x.dead, TRUE);
	}
	g_hash_table_destroy(x.ids);
	g_ptr_array_free(ext, TRUE);
}
