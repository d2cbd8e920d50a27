/*
 * Bibliographies as DocBook XSL sets them. A biblioentry's parts are
 * items, each closed by generated punctuation ("Alfred V. Aho, Ravi
 * Sethi, and Jeffrey D. Ullman. Compilers. Addison-Wesley, 1996."); a
 * bibliomixed keeps the punctuation written in it. Both open with their
 * label: "[abbrev] " from a first abbrev, else the xreflabel, else the id.
 * A citation (by abbrev, id or xreflabel), a citebiblioid (by biblioid)
 * and an xref or biblioref to an entry read "[label]" and link to it.
 *
 * Runs before unsupported elements are reported: DocBook XSL prints any
 * element of an entry as an item, so nothing inside an entry is
 * unsupported. What it leaves out of an entry (abstract, personblurb,
 * printhistory, revhistory) is left out here too.
 */
#include <string.h>

#include "fold.h"
#include "l10n.h"

struct biblio {
	struct book *b;
	GHashTable *taken;      /* every id in the book */
	GHashTable *by_key;     /* abbrev, id, xreflabel -> entry */
	GHashTable *by_biblioid;/* biblioid text -> entry */
	unsigned serial;
};

/* An item of a biblioentry and what follows it. */
struct item {
	struct node *n;
	bool punct;             /* closed by ". " (false: index terms) */
};

static bool
is_entry(const struct node *n)
{
	return n->kind == N_PARA && (fold_named(n, "biblioentry") ||
	    fold_named(n, "bibliomixed"));
}

static struct node *
first_element(const struct node *n)
{
	struct node *c = n->first;

	while (c && c->kind == N_TEXT)
		c = c->next;
	return c;
}

static struct node *
child_named(const struct node *n, const char *name)
{
	for (struct node *c = n->first; c; c = c->next)
		if (c->kind != N_TEXT && fold_named(c, name))
			return c;
	return NULL;
}

/* An entry's label as DocBook XSL makes it, or NULL; g_free it. */
static char *
entry_label(const struct node *e)
{
	struct node *a = first_element(e);

	if (a && fold_named(a, "abbrev"))
		return fold_squashed(a);
	if (model_attr(e, "xreflabel"))
		return g_strdup(model_attr(e, "xreflabel"));
	return e->id ? g_strdup(e->id) : NULL;
}

static bool
has_han(const char *s)
{
	for (; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);

		if (c >= 0x3400 && c <= 0x9FFF)
			return true;
	}
	return false;
}

static void
add_part(GString *s, const struct node *n, const char *name)
{
	struct node *c = child_named(n, name);
	char *t;

	if (c == NULL)
		return;
	t = fold_squashed(c);
	if (*t && s->len)
		g_string_append_c(s, ' ');
	g_string_append(s, t);
	g_free(t);
}

/* A person's name as DocBook XSL writes it, "Honorific Given Other
 * Surname Lineage"; a Chinese name (a surname in Han characters) family
 * name first, with no space. g_free it. */
static char *
person_name(const struct node *p)
{
	const struct node *pn = fold_named(p, "personname") ? p :
	    child_named(p, "personname");
	const struct node *org = child_named(p, "orgname");
	const struct node *sur, *giv;
	GString *s;

	if (pn == NULL)
		pn = p;         /* DocBook 4: the parts in the author */
	sur = child_named(pn, "surname");
	if (sur == NULL)
		sur = child_named(pn, "familyname");
	giv = child_named(pn, "firstname");
	if (giv == NULL)
		giv = child_named(pn, "givenname");
	if (sur == NULL && giv == NULL)
		return fold_squashed(pn != p || org == NULL ? pn : org);
	s = g_string_new(NULL);
	if (sur && giv) {
		char *st = fold_squashed(sur), *gt = fold_squashed(giv);

		if (has_han(st)) {
			g_string_append_printf(s, "%s%s", st, gt);
			g_free(st);
			g_free(gt);
			return g_string_free(s, FALSE);
		}
		g_free(st);
		g_free(gt);
	}
	add_part(s, pn, "honorific");
	add_part(s, pn, giv ? giv->name : "firstname");
	add_part(s, pn, "othername");
	add_part(s, pn, sur ? sur->name : "surname");
	if (child_named(pn, "lineage")) {
		g_string_append_c(s, ',');
		add_part(s, pn, "lineage");
	}
	return g_string_free(s, FALSE);
}

static bool
is_person(const struct node *n)
{
	return fold_named(n, "author") || fold_named(n, "editor") ||
	    fold_named(n, "othercredit") || fold_named(n, "personname");
}

static struct node *
text_item(const struct node *at, const char *text)
{
	struct node *ph = model_node_new(N_PHRASE, at->name, &at->pos);

	fold_append_text(ph, text);
	return ph;
}

/* The next author of a row of them (an authorgroup, which the reader
 * has opened), or NULL. */
static struct node *
next_author(const struct node *c)
{
	struct node *n = c->next;

	while (n && n->kind == N_TEXT && fold_blank(n))
		n = n->next;
	return n && is_person(n) && (fold_named(c->parent, "authorgroup") ||
	    (fold_named(n, "author") && !child_named(n, "orgname"))) ? n : NULL;
}

/* Authors in a row are one item: "A and B", "A, B, and C"; in Chinese
 * "A, B, C". *last gets the last of them. */
static struct node *
author_list(struct node *first, const char *lang, struct node **last)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GString *s = g_string_new(NULL);
	struct node *ph;

	for (struct node *c = first; c; c = next_author(c)) {
		g_ptr_array_add(names, person_name(c));
		*last = c;
	}
	for (guint i = 0; i < names->len; i++) {
		if (i > 0 && l10n_is_zh(lang))
			g_string_append(s, l10n_text(lang, L_AND));
		else if (i > 0 && names->len == 2)
			g_string_append(s, l10n_text(lang, L_AND));
		else if (i > 0 && i + 1 == names->len)
			g_string_append_printf(s, ",%s", l10n_text(lang, L_AND));
		else if (i > 0)
			g_string_append(s, ", ");
		g_string_append(s, g_ptr_array_index(names, i));
	}
	ph = text_item(first, s->str);
	g_string_free(s, TRUE);
	g_ptr_array_free(names, TRUE);
	return ph;
}

/* A title: italic, or in quotation marks when it names an article. */
static struct node *
title_item(struct node *c, bool article)
{
	struct node *it;

	if (article || g_strcmp0(model_attr(c, "pubwork"), "article") == 0)
		it = model_node_new(N_QUOTE, "quote", &c->pos);
	else
		it = model_node_new(N_EMPHASIS, c->name, &c->pos);
	fold_move_children(c, it);
	fold_trim(it);
	return it;
}

/* "Copyright © 1996, 1997 Holder". */
static struct node *
copyright_item(const struct node *c, const char *lang)
{
	GString *s = g_string_new(l10n_text(lang, L_COPYRIGHT));
	bool first = true;
	struct node *it;

	g_string_append(s, " \u00a9");
	for (const struct node *y = c->first; y; y = y->next)
		if (y->kind != N_TEXT && fold_named(y, "year")) {
			char *t = fold_squashed(y);

			g_string_append(s, first ? " " : ", ");
			g_string_append(s, t);
			g_free(t);
			first = false;
		}
	for (const struct node *h = c->first; h; h = h->next)
		if (h->kind != N_TEXT && fold_named(h, "holder")) {
			char *t = fold_squashed(h);

			g_string_append_printf(s, " %s", t);
			g_free(t);
		}
	it = text_item(c, s->str);
	g_string_free(s, TRUE);
	return it;
}

/* A publisher's name and place, "Name, Place". */
static struct node *
publisher_item(const struct node *c)
{
	GString *s = g_string_new(NULL);
	struct node *it;

	for (const struct node *p = c->first; p; p = p->next) {
		char *t;

		if (p->kind == N_TEXT)
			continue;
		t = fold_squashed(p);
		if (*t && s->len)
			g_string_append(s, ", ");
		g_string_append(s, t);
		g_free(t);
	}
	it = text_item(c, s->str);
	g_string_free(s, TRUE);
	return it;
}

static bool
left_out(const struct node *c)
{
	static const char *const names[] = { "abstract", "authorblurb",
	    "personblurb", "printhistory", "revhistory", NULL };

	for (const char *const *p = names; *p; p++)
		if (fold_named(c, *p))
			return true;
	return false;
}

static void
add_item(GArray *items, struct node *n, bool punct)
{
	struct item it = { n, punct };

	g_array_append_val(items, it);
}

/* The items of from (an entry, or a biblioset or confgroup inside one,
 * whose parts are items of the entry), in order. skip: the abbrev that
 * is the label. */
static void
collect_items(struct node *from, GArray *items, const struct node *skip,
    bool article, const char *lang)
{
	for (struct node *c = from->first, *next; c; c = next) {
		struct node *it;

		next = c->next;
		if (c == skip || (c->kind == N_TEXT && fold_blank(c)) ||
		    left_out(c))
			continue;
		if (c->kind == N_INDEXTERM) {
			/* no text, but it marks a page for the index */
			model_unlink(c);
			add_item(items, c, false);
			continue;
		}
		if (fold_named(c, "biblioset") || fold_named(c, "bibliomset") ||
		    fold_named(c, "confgroup")) {
			collect_items(c, items, NULL, article ||
			    g_strcmp0(model_attr(c, "relation"), "article") == 0,
			    lang);
			continue;
		}
		if (fold_named(c, "authorgroup")) {
			struct node *a = c->first, *last;

			while (a && a->kind == N_TEXT)
				a = a->next;
			if (a == NULL)
				continue;
			it = author_list(a, lang, &last);
		} else if (fold_named(c, "author") &&
		    !child_named(c, "orgname")) {
			struct node *last = c;

			it = author_list(c, lang, &last);
			next = last->next;
		} else if (is_person(c) || fold_named(c, "collab")) {
			char *t = person_name(c);

			it = text_item(c, t);
			g_free(t);
		} else if (c->kind == N_TITLE || fold_named(c, "citetitle"))
			it = title_item(c, article);
		else if (fold_named(c, "copyright"))
			it = copyright_item(c, lang);
		else if (fold_named(c, "publisher"))
			it = publisher_item(c);
		else if (fold_named(c, "biblioid") &&
		    g_strcmp0(model_attr(c, "class"), "doi") == 0) {
			char *doi = fold_squashed(c), *href;

			it = model_node_new(N_LINK, "biblioid", &c->pos);
			/* as DOIs are shown now: the address, which print
			 * sets as it is (no footnote repeating it) */
			href = g_strdup_printf("https://doi.org/%s", doi);
			model_set_attr(it, "href", href);
			fold_append_text(it, href);
			g_free(href);
			g_free(doi);
		} else if (c->kind == N_TEXT) {
			it = text_item(from, c->text);
		} else {
			it = model_node_new(N_PHRASE, c->name, &c->pos);
			fold_move_children(c, it);
			fold_trim(it);
		}
		if (fold_blank(it)) {
			/* an empty element (a publisher with no name) is
			 * no item: no ". ," for it */
			model_free_tree(it);
			continue;
		}
		add_item(items, it, true);
	}
}

static bool
ends_sentence(const struct node *n)
{
	char *t = model_text(n);
	const char *end;
	bool yes = false;

	g_strchomp(t);
	if (*t) {
		end = g_utf8_prev_char(t + strlen(t));
		yes = strchr(".?!", *end) || g_str_has_prefix(end, "。") ||
		    g_str_has_prefix(end, "？") || g_str_has_prefix(end, "！");
	}
	g_free(t);
	return yes;
}

static bool
is_date(const struct node *n)
{
	return fold_named(n, "pubdate") || fold_named(n, "date");
}

/* Index terms inside what an entry sets as plain text (a name) mark
 * the entry: they move to its end before that is freed. */
static void
keep_indexterms(struct node *from, struct node *e)
{
	GPtrArray *terms = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	model_walk_init(&w, from);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && cn->kind == N_INDEXTERM) {
			g_ptr_array_add(terms, (gpointer)cn);
			model_walk_skip(&w);
		}
	for (guint i = 0; i < terms->len; i++) {
		struct node *t = g_ptr_array_index(terms, i);

		model_unlink(t);
		model_append(e, t);
	}
	g_ptr_array_free(terms, TRUE);
}

/* A biblioentry rebuilt: its items, each closed by ". ", a publisher
 * followed by its date by ", ". */
static void
set_biblioentry(struct node *e, const struct node *skip, const char *lang)
{
	GArray *items = g_array_new(FALSE, FALSE, sizeof(struct item));
	GPtrArray *old = g_ptr_array_new();
	guint last = 0;

	collect_items(e, items, skip, false, lang);
	while (e->first) {
		struct node *c = e->first;

		model_unlink(c);
		g_ptr_array_add(old, c);
	}
	for (guint i = 0; i < items->len; i++)
		if (g_array_index(items, struct item, i).punct)
			last = i;
	for (guint i = 0; i < items->len; i++) {
		struct item *it = &g_array_index(items, struct item, i);
		struct item *nx = i + 1 < items->len ?
		    &g_array_index(items, struct item, i + 1) : NULL;

		model_append(e, it->n);
		if (!it->punct)
			continue;
		if (nx && fold_named(it->n, "publisher") && is_date(nx->n))
			fold_append_text(e, ", ");
		else if (i == last)
			fold_append_text(e, ends_sentence(it->n) ? "" : ".");
		else
			fold_append_text(e, ends_sentence(it->n) ? " " : ". ");
	}
	for (guint i = 0; i < old->len; i++) {
		keep_indexterms(g_ptr_array_index(old, i), e);
		model_free_tree(g_ptr_array_index(old, i));
	}
	g_ptr_array_free(old, TRUE);
	g_array_free(items, TRUE);
}

/* A bibliomixed as written, but its names as names, its titles italic
 * or quoted, no space before the punctuation that closes a bibliomset. */
static void
set_bibliomixed(struct node *e, struct node *skip, const char *lang)
{
	GPtrArray *todo = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	if (skip) {
		model_unlink(skip);
		model_free_tree(skip);
		while (e->first && e->first->kind == N_TEXT && fold_blank(e->first)) {
			struct node *t = e->first;

			model_unlink(t);
			model_free_tree(t);
		}
	}
	model_walk_init(&w, e);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && cn != e && (cn->kind == N_TITLE ||
		    fold_named(cn, "citetitle") || is_person(cn) ||
		    fold_named(cn, "authorgroup"))) {
			g_ptr_array_add(todo, (gpointer)cn);
			model_walk_skip(&w);
		} else if (ev == WALK_EXIT && fold_named(cn, "bibliomset") &&
		    cn->next && cn->next->kind == N_TEXT &&
		    strchr(".,;:)", cn->next->text[0]))
			fold_trim((struct node *)cn);
	for (guint i = 0; i < todo->len; i++) {
		struct node *t = g_ptr_array_index(todo, i), *it;
		const struct node *set = t->parent;

		if (fold_named(t, "authorgroup")) {
			struct node *a = t->first, *last;

			while (a && a->kind == N_TEXT)
				a = a->next;
			it = a ? author_list(a, lang, &last) :
			    text_item(t, "");
		} else if (is_person(t)) {
			char *name = person_name(t);

			it = text_item(t, name);
			g_free(name);
		} else
			it = title_item(t, fold_named(set, "bibliomset") &&
			    g_strcmp0(model_attr(set, "relation"),
			    "article") == 0);
		model_insert_before(t, it);
		model_unlink(t);
		keep_indexterms(t, e);
		model_free_tree(t);
	}
	g_ptr_array_free(todo, TRUE);
}

/* Unknown elements and blocks left inside an entry are its text. */
static void
inline_all(struct node *e)
{
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	model_walk_init(&w, e);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		struct node *n = (struct node *)cn;

		if (ev != WALK_ENTER || n == e)
			continue;
		if (n->kind == N_FOOTNOTE) {
			model_walk_skip(&w);
			continue;
		}
		if (n->kind == N_UNKNOWN ||
		    model_kind_class(n->kind) == NC_BLOCK)
			n->kind = N_PHRASE;
	}
}

static void
give_id(struct biblio *bi, struct node *e)
{
	char *s = NULL;

	if (e->id)
		return;
	do {
		g_free(s);
		s = g_strdup_printf("bookc-bib-%u", ++bi->serial);
	} while (g_hash_table_contains(bi->taken, s));
	model_set_attr(e, "id", s);
	e->id = model_attr(e, "id");
	g_hash_table_add(bi->taken, (gpointer)e->id);
	g_free(s);
}

/* A citation: "[" and its text, linked to the entry it names, "]". */
static void
set_citation(struct biblio *bi, struct node *c)
{
	char *key = fold_squashed(c);
	struct node *e = g_hash_table_lookup(fold_named(c, "citebiblioid") ?
	    bi->by_biblioid : bi->by_key, key);

	g_free(key);
	if (e == NULL) {
		fold_prepend_text(c, "[");
		fold_append_text(c, "]");
		return;
	}
	give_id(bi, e);
	c->kind = N_LINK;
	model_set_attr(c, "linkend", e->id);
	model_insert_before(c, model_text_new("[", &c->pos));
	model_insert_after(c, model_text_new("]", &c->pos));
}

static void
index_entry(struct biblio *bi, struct node *e, const char *label)
{
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	if (label && !g_hash_table_contains(bi->by_key, label))
		g_hash_table_insert(bi->by_key, g_strdup(label), e);
	if (e->id && !g_hash_table_contains(bi->by_key, e->id))
		g_hash_table_insert(bi->by_key, g_strdup(e->id), e);
	model_walk_init(&w, e);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && cn->kind != N_TEXT &&
		    fold_named(cn, "biblioid")) {
			char *t = fold_squashed(cn);

			if (g_hash_table_contains(bi->by_biblioid, t))
				g_free(t);
			else
				g_hash_table_insert(bi->by_biblioid, t, e);
		}
}

static void
set_entry(struct biblio *bi, struct node *e)
{
	const char *lang = fold_lang_of(e, bi->b->lang);
	struct node *a = first_element(e);
	char *label = entry_label(e);

	if (a == NULL || !fold_named(a, "abbrev"))
		a = NULL;
	index_entry(bi, e, label);
	if (fold_blank(e))
		diag(D_BIBLIO_EMPTY, &e->pos, label ? label : "");
	if (fold_named(e, "biblioentry"))
		set_biblioentry(e, a, lang);
	else
		set_bibliomixed(e, a, lang);
	inline_all(e);
	if (label) {
		char *l = g_strdup_printf("[%s]", label);

		fold_prepend_text(e, " ");
		fold_prepend_text(e, l);
		/* what an xref to the entry prints */
		model_set_attr(e, "xreflabel", l);
		g_free(l);
	}
	e->flags |= NF_IMPLICIT;
	g_free(label);
}

/* An author, editor or other credit outside bibliography entries (a
 * title page's, DocBook 4's firstname and surname without a personname)
 * has its name's parts made one text, "Norman Walsh" as person_name
 * writes it, where they ran together ("NormanWalsh"); an affiliation or
 * an email stays after it. */
static void
fold_person_names(struct book *b)
{
	static const char *const parts[] = { "honorific", "firstname",
	    "givenname", "othername", "surname", "familyname", "lineage",
	    NULL };
	GPtrArray *people = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		if (ev != WALK_ENTER || cn->kind == N_TEXT)
			continue;
		if (is_entry(cn))
			model_walk_skip(&w);
		else if (cn->kind == N_AUTHOR && (child_named(cn, "surname") ||
		    child_named(cn, "familyname")))
			g_ptr_array_add(people, (gpointer)cn);
	}
	for (guint i = 0; i < people->len; i++) {
		struct node *p = g_ptr_array_index(people, i), *at = NULL;
		char *name = person_name(p);
		struct node *c, *next;

		for (c = p->first; c; c = next) {
			next = c->next;
			for (const char *const *q = parts; c->kind != N_TEXT &&
			    *q; q++)
				if (fold_named(c, *q)) {
					if (at == NULL) {
						at = model_text_new(name,
						    &c->pos);
						model_insert_before(c, at);
					}
					model_unlink(c);
					model_free_tree(c);
					break;
				}
		}
		g_free(name);
	}
	g_ptr_array_free(people, TRUE);
}

void
fold_biblio(struct book *b)
{
	struct biblio bi = { b, NULL, NULL, NULL, 0 };
	GPtrArray *entries = g_ptr_array_new(), *cites = g_ptr_array_new();
	GPtrArray *lists = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	bi.taken = g_hash_table_new(g_str_hash, g_str_equal);
	bi.by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	bi.by_biblioid = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		if (ev != WALK_ENTER || cn->kind == N_TEXT)
			continue;
		if (cn->id)
			g_hash_table_add(bi.taken, (gpointer)cn->id);
		if (is_entry(cn)) {
			g_ptr_array_add(entries, (gpointer)cn);
			continue;
		}
		if (fold_named(cn, "citation") || fold_named(cn, "citebiblioid"))
			g_ptr_array_add(cites, (gpointer)cn);
		else if (fold_named(cn, "bibliolist"))
			g_ptr_array_add(lists, (gpointer)cn);
	}
	for (guint i = 0; i < entries->len; i++)
		set_entry(&bi, g_ptr_array_index(entries, i));
	for (guint i = 0; i < cites->len; i++)
		set_citation(&bi, g_ptr_array_index(cites, i));
	for (guint i = 0; i < lists->len; i++)
		fold_title_para(g_ptr_array_index(lists, i));
	fold_person_names(b);
	g_ptr_array_free(lists, TRUE);
	g_ptr_array_free(cites, TRUE);
	g_ptr_array_free(entries, TRUE);
	g_hash_table_destroy(bi.by_biblioid);
	g_hash_table_destroy(bi.by_key);
	g_hash_table_destroy(bi.taken);
}
