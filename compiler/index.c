/*
 * The back-of-book index (see index.h). Entries merge on their display
 * text (or sortas). A Chinese book's index is in the order of Chinese
 * indexes: ICU's "zh" collation (CLDR's pinyin order: reading, tone, then
 * strokes; code points break ties), under the letters A to Z, a Han term
 * under its reading's initial and before the Latin terms of that letter
 * (as ICU's AlphabeticIndex files them), digits and symbols first under
 * "#". Other books: Latin letters A to Z (case folded), then digits and
 * symbols, then other scripts by code point, each Han character its own
 * group. Both orders are the same whatever the locale of the machine.
 */
#include <string.h>

#include <unicode/ucol.h>

#include "index.h"
#include "l10n.h"

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
	char *k1, *k2, *k3;     /* sort texts, case folded */
	char *c1, *c2, *c3;     /* their collation keys (Chinese order) */
	int letter;             /* Chinese order: 0 "#", 1..26 A..Z */
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

/* ---- Chinese order ------------------------------------------------- */

struct zh_order {
	UCollator *order;       /* tertiary strength: the order of entries */
	UCollator *primary;     /* primary strength: which letter */
};

/* NULL when ICU cannot open the collation (no data): the other order. */
static struct zh_order *
zh_order_new(void)
{
	UErrorCode err = U_ZERO_ERROR;
	struct zh_order *z = g_new0(struct zh_order, 1);

	z->order = ucol_open("zh", &err);
	z->primary = U_SUCCESS(err) ? ucol_open("zh", &err) : NULL;
	if (U_FAILURE(err)) {
		if (z->order)
			ucol_close(z->order);
		if (z->primary)
			ucol_close(z->primary);
		g_free(z);
		return NULL;
	}
	ucol_setStrength(z->primary, UCOL_PRIMARY);
	return z;
}

static void
zh_order_free(struct zh_order *z)
{
	ucol_close(z->order);
	ucol_close(z->primary);
	g_free(z);
}

/* The collation key of a sort text, NUL-terminated bytes for strcmp. */
static char *
zh_key(const struct zh_order *z, const char *text)
{
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(text, -1, NULL, &n, NULL);
	int32_t len;
	uint8_t *k;

	if (u == NULL)          /* not UTF-8: cannot be, the reader checked */
		return g_strdup("");
	len = ucol_getSortKey(z->order, (const UChar *)u, (int32_t)n, NULL, 0);
	k = g_malloc((gsize)len + 1);
	ucol_getSortKey(z->order, (const UChar *)u, (int32_t)n, k, len + 1);
	g_free(u);
	return (char *)k;
}

/* The letter a sort text files under: a Latin term's first letter (base
 * letter: "é" under E), a Han term's reading's initial, found as ICU's
 * AlphabeticIndex finds it, between the pinyin collation's boundary
 * strings U+FDD0 "A" to U+FDD0 "Z"; 0 ("#") for anything else. */
static int
zh_letter(const struct zh_order *z, const char *text)
{
	GUnicodeScript sc = g_unichar_get_script(g_utf8_get_char(text));
	bool han = sc == G_UNICODE_SCRIPT_HAN;
	glong n = 0;
	gunichar2 *t;
	int letter = 0;

	if (*text == '\0' || (!han && sc != G_UNICODE_SCRIPT_LATIN))
		return 0;
	t = g_utf8_to_utf16(text, -1, NULL, &n, NULL);
	for (int l = 0; t && l < 26; l++) {
		UChar bound[2] = { 0xFDD0, (UChar)('A' + l) };

		if (ucol_strcoll(z->primary, han ? bound : bound + 1,
		    han ? 2 : 1, (const UChar *)t, (int32_t)n) != UCOL_GREATER)
			letter = l + 1;
	}
	g_free(t);
	return letter;
}

/* One level (primary, secondary, tertiary) of the Chinese order: no
 * subentry before any subentry, then the collation. */
static int
zh_level_cmp(const char *ka, const char *ca, const char *kb, const char *cb)
{
	if (*ka == '\0' || *kb == '\0')
		return (*ka != '\0') - (*kb != '\0');
	return strcmp(ca, cb);
}

static int
zh_entry_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = *(struct keyed *const *)pa;
	const struct keyed *b = *(struct keyed *const *)pb;
	int c = a->letter - b->letter;

	if (c == 0)
		c = zh_level_cmp(a->k1, a->c1, b->k1, b->c1);
	if (c == 0)
		c = zh_level_cmp(a->k2, a->c2, b->k2, b->c2);
	if (c == 0)
		c = zh_level_cmp(a->k3, a->c3, b->k3, b->c3);
	/* Code points break ties. */
	if (c == 0)
		c = strcmp(a->k1, b->k1);
	if (c == 0)
		c = strcmp(a->k2, b->k2);
	if (c == 0)
		c = strcmp(a->k3, b->k3);
	return c;
}

/* Sorts keyed in the Chinese order; false when ICU cannot. */
static bool
zh_sort(GPtrArray *keyed)
{
	struct zh_order *z = zh_order_new();

	if (z == NULL)
		return false;
	for (guint i = 0; i < keyed->len; i++) {
		struct keyed *kd = g_ptr_array_index(keyed, i);

		kd->c1 = zh_key(z, kd->k1);
		kd->c2 = zh_key(z, kd->k2);
		kd->c3 = zh_key(z, kd->k3);
		kd->letter = zh_letter(z, kd->k1);
		g_free(kd->e->group);
		kd->e->group = kd->letter ? g_strdup_printf("%c",
		    'A' + kd->letter - 1) : g_strdup("#");
	}
	zh_order_free(z);
	g_ptr_array_sort(keyed, zh_entry_cmp);
	return true;
}

/* ---- The other order ---------------------------------------------- */

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
	if (!l10n_is_zh(b->lang) || !zh_sort(keyed))
		g_ptr_array_sort(keyed, entry_cmp);
	for (guint i = 0; i < keyed->len; i++) {
		struct keyed *kd = g_ptr_array_index(keyed, i);

		g_ptr_array_add(ix->entries, kd->e);
		g_free(kd->k1);
		g_free(kd->k2);
		g_free(kd->k3);
		g_free(kd->c1);
		g_free(kd->c2);
		g_free(kd->c3);
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

bool
index_is_division(const struct node *n)
{
	return n->kind == N_PREFACE && (strcmp(n->name, "index") == 0 ||
	    strcmp(n->name, "setindex") == 0);
}

const struct node *
index_scope(const struct node *div)
{
	if (strcmp(div->name, "setindex") == 0)
		return NULL;
	for (const struct node *a = div->parent; a; a = a->parent)
		if (a->kind == N_PART)
			return a;
	return NULL;
}

GPtrArray *
index_scoped(const struct book_index *ix, const struct node *scope)
{
	GPtrArray *out;

	if (scope == NULL)
		return ix->entries;
	out = g_ptr_array_new();
	for (guint i = 0; i < ix->entries->len; i++) {
		const struct index_entry *e = ix->entries->pdata[i];
		struct index_entry *c;

		c = g_new(struct index_entry, 1);
		*c = *e;
		c->terms = g_ptr_array_new();
		for (guint k = 0; k < e->terms->len; k++)
			if (model_is_ancestor(scope, e->terms->pdata[k]))
				g_ptr_array_add(c->terms, e->terms->pdata[k]);
		if (c->terms->len == 0) {
			g_ptr_array_free(c->terms, TRUE);
			g_free(c);
			continue;
		}
		g_ptr_array_add(out, c);
	}
	return out;
}

void
index_scoped_free(const struct book_index *ix, GPtrArray *entries)
{
	if (entries == NULL || entries == ix->entries)
		return;
	for (guint i = 0; i < entries->len; i++) {
		struct index_entry *c = entries->pdata[i];

		g_ptr_array_free(c->terms, TRUE);
		g_free(c);
	}
	g_ptr_array_free(entries, TRUE);
}

const struct node *
index_division(const struct book *b)
{
	struct walker w;
	const struct node *n, *first = NULL;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		if (ev != WALK_ENTER)
			continue;
		if (index_is_division(n) && strcmp(n->name, "setindex") == 0)
			return n;
		if (index_is_division(n) && first == NULL)
			first = n;
		/* An index is a division in a division (or in an element
		 * validation made a DIV): the rest is not walked (the
		 * PostgreSQL manual's walk: 13 ms). */
		if (!model_is_division(n->kind) && n->kind != N_DIV)
			model_walk_skip(&w);
	}
	return first;
}
