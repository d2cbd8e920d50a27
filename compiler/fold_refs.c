/*
 * Elements that stand for something written elsewhere, folded into text
 * and links as DocBook XSL sets them: a coref repeats the marker of the
 * co it names (❶), linked to it; a synopfragmentref reads its text and
 * "(1)", linked to its synopfragment, which follows the command synopsis
 * as a line of its own opening "(1)"; an olink (to another document,
 * through an olink database bookc does not read) keeps its text, with a
 * warning; a written index's entries (indexentry, primaryie...) are a
 * line each, "foo, bar. See also baz". Runs before unsupported elements
 * are reported.
 */
#include <stdio.h>
#include <string.h>

#include "callout.h"
#include "fold.h"
#include "l10n.h"

struct refs {
	struct book *b;
	GHashTable *ids;        /* id -> node, as read */
};

static void
fold_coref(struct refs *r, struct node *n)
{
	const char *le = model_attr(n, "linkend");
	const struct node *co = le ? g_hash_table_lookup(r->ids, le) : NULL;
	unsigned k = co && fold_named(co, "co") ? callout_number(co) : 0;
	char glyph[16];

	/* A coref to nothing: the linkend warns later (resolve_links). */
	if (k)
		callout_glyph(k, glyph, sizeof glyph);
	else
		g_strlcpy(glyph, "???", sizeof glyph);
	n->kind = le ? N_LINK : N_PHRASE;
	fold_append_text(n, glyph);
}

static void
fold_olink(struct node *n)
{
	const char *doc = model_attr(n, "targetdoc");
	const char *ptr = model_attr(n, "targetptr");

	/* DocBook 4 names the document by an entity (targetdocent) and the
	 * place by localinfo. */
	if (doc == NULL)
		doc = model_attr(n, "targetdocent");
	if (ptr == NULL)
		ptr = model_attr(n, "localinfo");

	n->kind = N_PHRASE;
	diag(D_OLINK, &n->pos, ptr ? ptr : "", doc ? doc : "");
	/* An empty olink reads what DocBook XSL prints for an olink it
	 * cannot resolve. */
	if (fold_blank(n))
		fold_append_text(n, "???");
}

/* The fragments of a synopsis are numbered in their order there. */
static unsigned
fragment_number(const struct node *frag)
{
	unsigned k = 0;

	for (const struct node *c = frag->parent->first; c; c = c->next)
		if (fold_named(c, "synopfragment")) {
			k++;
			if (c == frag)
				return k;
		}
	return 0;
}

static void
fold_synopfragmentref(struct refs *r, struct node *n)
{
	const char *le = model_attr(n, "linkend");
	const struct node *f = le ? g_hash_table_lookup(r->ids, le) : NULL;
	char num[24];

	if (f && fold_named(f, "synopfragment") && f->parent) {
		snprintf(num, sizeof num, " (%u)", fragment_number(f));
		fold_append_text(n, num);
	}
	n->kind = le ? N_LINK : N_PHRASE;
}

/* A fragment: a line after its synopsis (a paragraph, whose arguments
 * are in place already), opening with its number. */
static void
fold_synopfragment(struct node *n, unsigned k)
{
	struct node *syn = n->parent, *after = syn;
	char num[24];

	snprintf(num, sizeof num, "(%u) ", k);
	while (after->next && fold_named(after->next, "synopfragment"))
		after = after->next;
	model_unlink(n);
	n->kind = N_PARA;
	n->flags |= NF_IMPLICIT;
	fold_trim(n);
	fold_prepend_text(n, num);
	model_insert_after(after, n);
}

/* indexentry > primaryie, secondaryie, tertiaryie, seeie, seealsoie:
 * one line. */
static void
fold_indexentry(struct node *n, const char *lang)
{
	bool zh = l10n_is_zh(lang), first = true;
	const char *last = NULL;

	n->kind = N_PARA;
	n->flags |= NF_IMPLICIT;
	for (struct node *c = n->first, *next; c; c = next) {
		next = c->next;
		if (c->kind == N_TEXT && fold_blank(c)) {
			model_unlink(c);
			model_free_tree(c);
		}
	}
	for (struct node *c = n->first; c; c = c->next) {
		const char *sep = NULL;

		if (c->kind == N_TEXT)
			continue;
		fold_trim(c);
		if (fold_named(c, "seeie") || fold_named(c, "seealsoie")) {
			bool also = fold_named(c, "seealsoie");

			if (last && strcmp(last, c->name) == 0)
				sep = zh ? "；" : "; ";
			else
				fold_prepend_text(c, l10n_text(lang,
				    also ? L_SEE_ALSO : L_SEE));
			if (!sep)
				sep = zh ? "。" : ". ";
		} else if (!first)
			sep = zh ? "，" : ", ";
		if (sep && !first)
			model_insert_before(c, model_text_new(sep, &c->pos));
		c->kind = N_PHRASE;
		first = false;
		last = c->name;
	}
}

static void
fold_indexdiv(struct node *n, const char *lang)
{
	(void)lang;
	n->kind = model_title(n) ? N_SECTION : N_DIV;
}

void
fold_refs(struct book *b)
{
	struct refs r = { b, g_hash_table_new(g_str_hash, g_str_equal) };
	GPtrArray *todo = g_ptr_array_new();
	unsigned *nums;
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	/* The ids as read (the first of a duplicate), and what to fold. */
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		if (ev != WALK_ENTER)
			continue;
		if (cn->id && !g_hash_table_contains(r.ids, cn->id))
			g_hash_table_insert(r.ids, (gpointer)cn->id,
			    (gpointer)cn);
		if (cn->kind == N_UNKNOWN)
			g_ptr_array_add(todo, (gpointer)cn);
	}
	/* References first: a fragment's number counts the fragments where
	 * they are written. */
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = todo->pdata[i];

		if (fold_named(n, "coref"))
			fold_coref(&r, n);
		else if (fold_named(n, "synopfragmentref"))
			fold_synopfragmentref(&r, n);
		else if (fold_named(n, "olink"))
			fold_olink(n);
	}
	/* Numbered where they are written, all before any moves. */
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = todo->pdata[i];

		todo->pdata[i] = fold_named(n, "synopfragment") && n->parent ?
		    n : NULL;
	}
	nums = g_new0(unsigned, todo->len + 1);
	for (guint i = 0; i < todo->len; i++)
		if (todo->pdata[i])
			nums[i] = fragment_number(todo->pdata[i]);
	for (guint i = 0; i < todo->len; i++)
		if (todo->pdata[i])
			fold_synopfragment(todo->pdata[i], nums[i]);
	g_free(nums);
	g_ptr_array_free(todo, TRUE);
	fold_each(b->root, "indexentry", fold_indexentry, b->lang);
	fold_each(b->root, "indexdiv", fold_indexdiv, b->lang);
	g_hash_table_destroy(r.ids);
}
