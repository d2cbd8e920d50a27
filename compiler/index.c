/*
 * The back-of-book index (see index.h). Entries merge on their display
 * text (or sortas); order is Latin letters A to Z (case folded), then
 * digits and symbols, then Han characters by code point: deterministic
 * whatever the locale, though not the pinyin order of printed dictionaries.
 */
#include <string.h>

#include "index.h"

static char *
clean_text(const struct node *n)
{
	char *t = model_text(n);
	GString *s = g_string_new(NULL);
	bool space = false;

	for (const char *p = t; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = s->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(s, ' ');
		space = false;
		g_string_append_c(s, *p);
	}
	g_free(t);
	return g_string_free(s, FALSE);
}

static const struct node *
child_named(const struct node *n, const char *name)
{
	for (const struct node *c = n->first; c; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static char *
part_text(const struct node *term, const char *name)
{
	const struct node *c = child_named(term, name);
	char *t;

	if (c == NULL)
		return NULL;
	t = clean_text(c);
	if (*t == '\0') {
		g_free(t);
		return NULL;
	}
	return t;
}

/* The sort key: sortas if given, else the text; Latin case folded. */
static char *
sort_key(const struct node *term, const char *name, const char *text)
{
	const struct node *c = child_named(term, name);
	const char *as = c ? model_attr(c, "sortas") : NULL;

	return g_utf8_casefold(as ? as : text ? text : "", -1);
}

static int
rank(gunichar c)
{
	if (c < 0x80 && g_ascii_isalpha((char)c))
		return 0;
	if (c < 0x3000)
		return 1;
	return 2;
}

static int
key_cmp(const char *a, const char *b)
{
	gunichar ca = g_utf8_get_char(a), cb = g_utf8_get_char(b);

	/* No subentry comes before any subentry. */
	if (*a == '\0' || *b == '\0')
		return (*a != '\0') - (*b != '\0');

	if (rank(ca) != rank(cb))
		return rank(ca) - rank(cb);
	return strcmp(a, b);
}

struct keyed {
	struct index_entry *e;
	char *k1, *k2, *k3;
};

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = *(struct keyed *const *)pa;
	const struct keyed *b = *(struct keyed *const *)pb;
	int c = key_cmp(a->k1, b->k1);

	if (c == 0)
		c = key_cmp(a->k2, b->k2);
	if (c == 0)
		c = key_cmp(a->k3, b->k3);
	return c;
}

static char *
group_of(const char *key)
{
	gunichar c = g_utf8_get_char(key);
	char buf[8] = { 0 };

	if (rank(c) == 0)
		return g_strdup_printf("%c", g_ascii_toupper((char)c));
	if (rank(c) == 1)
		return g_strdup("#");
	g_unichar_to_utf8(c, buf);
	return g_strdup(buf);
}

static void
entry_free(struct index_entry *e)
{
	g_free(e->primary);
	g_free(e->secondary);
	g_free(e->tertiary);
	g_free(e->see);
	g_free(e->seealso);
	g_free(e->group);
	g_ptr_array_free(e->terms, TRUE);
	g_free(e);
}

struct book_index *
index_build(const struct book *b)
{
	struct book_index *ix = g_new0(struct book_index, 1);
	GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GPtrArray *keyed = g_ptr_array_new();
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	unsigned count = 0;

	ix->entries = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
	ix->number = g_hash_table_new(g_direct_hash, g_direct_equal);
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		char *p, *s, *t, *k1, *k2, *k3, *key;
		struct keyed *kd;

		if (ev != WALK_ENTER || n->kind != N_INDEXTERM)
			continue;
		model_walk_skip(&w);
		if (g_strcmp0(model_attr(n, "class"), "endofrange") == 0)
			continue;
		p = part_text(n, "primary");
		if (p == NULL)
			continue;
		g_hash_table_insert(ix->number, (gpointer)n,
		    GUINT_TO_POINTER(++count));
		s = part_text(n, "secondary");
		t = part_text(n, "tertiary");
		k1 = sort_key(n, "primary", p);
		k2 = sort_key(n, "secondary", s);
		k3 = sort_key(n, "tertiary", t);
		key = g_strdup_printf("%s\x1f%s\x1f%s", k1, k2, k3);
		kd = g_hash_table_lookup(by_key, key);
		if (kd == NULL) {
			kd = g_new0(struct keyed, 1);
			kd->e = g_new0(struct index_entry, 1);
			kd->e->primary = p;
			kd->e->secondary = s;
			kd->e->tertiary = t;
			kd->e->group = group_of(k1);
			kd->e->terms = g_ptr_array_new();
			kd->k1 = k1;
			kd->k2 = k2;
			kd->k3 = k3;
			g_hash_table_insert(by_key, key, kd);
			g_ptr_array_add(keyed, kd);
		} else {
			g_free(p);
			g_free(s);
			g_free(t);
			g_free(k1);
			g_free(k2);
			g_free(k3);
			g_free(key);
		}
		if (kd->e->see == NULL)
			kd->e->see = part_text(n, "see");
		if (kd->e->seealso == NULL)
			kd->e->seealso = part_text(n, "seealso");
		g_ptr_array_add(kd->e->terms, (gpointer)n);
	}
	g_ptr_array_sort(keyed, entry_cmp);
	for (guint i = 0; i < keyed->len; i++) {
		struct keyed *kd = g_ptr_array_index(keyed, i);

		g_ptr_array_add(ix->entries, kd->e);
		g_free(kd->k1);
		g_free(kd->k2);
		g_free(kd->k3);
		g_free(kd);
	}
	g_ptr_array_free(keyed, TRUE);
	g_hash_table_destroy(by_key);
	if (ix->entries->len == 0) {
		index_free(ix);
		return NULL;
	}
	return ix;
}

void
index_free(struct book_index *ix)
{
	if (ix == NULL)
		return;
	g_ptr_array_free(ix->entries, TRUE);
	g_hash_table_destroy(ix->number);
	g_free(ix);
}

char *
index_anchor(const struct book_index *ix, const struct node *term)
{
	unsigned k = GPOINTER_TO_UINT(g_hash_table_lookup(ix->number, term));

	return g_strdup_printf("bookc-idx-%u", k);
}

const struct node *
index_division(const struct book *b)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE)
		if (ev == WALK_ENTER && n->kind == N_PREFACE &&
		    (strcmp(n->name, "index") == 0 ||
		    strcmp(n->name, "setindex") == 0))
			return n;
	return NULL;
}
