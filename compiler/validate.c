/*
 * Validation and normalisation, the pass between reading and rendering:
 * unsupported elements reported and folded into DIV/PARA/PHRASE, block and
 * inline content separated, whitespace normalised as DocBook requires
 * (verbatim kept; the inline rule is text.c's), languages resolved, ids
 * and linkends checked, labels assigned. After it, back ends may rely on
 * the rules in model.h.
 */
#include <stdint.h>
#include <string.h>

#include <libxml/tree.h>

#include "l10n.h"
#include "lint.h"
#include "mathml.h"
#include "fold.h"
#include "synopsis.h"
#include "text.h"
#include "validate.h"

/* ---- Languages ---------------------------------------------------- */

const char *
validate_lang_normalize(const char *tag)
{
	char *low, *p;
	const char *out;

	if (tag == NULL || *tag == '\0')
		return NULL;
	low = g_ascii_strdown(tag, -1);
	for (p = low; *p; p++)
		if (*p == '_')
			*p = '-';
	if (strcmp(low, "zh") == 0 || g_str_has_prefix(low, "zh-cn") ||
	    g_str_has_prefix(low, "zh-hans") || g_str_has_prefix(low, "zh-sg") ||
	    g_str_has_prefix(low, "zh-my") || strcmp(low, "cn") == 0)
		out = "zh-CN";
	else if (g_str_has_prefix(low, "zh-hk") ||
	    g_str_has_prefix(low, "zh-hant-hk"))
		out = "zh-HK";
	else if (g_str_has_prefix(low, "zh-hant-mo"))
		out = "zh-MO";
	else if (g_str_has_prefix(low, "zh-tw") || g_str_has_prefix(low, "zh-hant"))
		out = "zh-TW";
	else if (g_str_has_prefix(low, "en"))
		out = "en";
	else {
		/* Keep others as BCP 47 with a capitalised region. */
		char *dash = strchr(low, '-');

		if (dash && strlen(dash + 1) == 2) {
			dash[1] = g_ascii_toupper(dash[1]);
			dash[2] = g_ascii_toupper(dash[2]);
		}
		out = g_intern_string(low);
	}
	g_free(low);
	return g_intern_string(out);
}

/* ---- Unsupported elements ----------------------------------------- */

/* A known block child, or an unknown child that holds blocks itself
 * (blocky: the unknown elements found to hold blocks, marked bottom-up). */
static bool
has_block_child(const struct node *n, GHashTable *blocky)
{
	for (const struct node *c = n->first; c; c = c->next)
		if (c->kind == N_UNKNOWN ? g_hash_table_contains(blocky, c) :
		    model_kind_class(c->kind) == NC_BLOCK)
			return true;
	return false;
}

static bool
in_block_context(const struct node *n)
{
	const struct node *p = n->parent;

	return p && model_kind_content(p->kind) == CT_BLOCKS;
}

/* Reports each unsupported element name once, at its first place, with a
 * count, then folds the element into a kind the back ends know. */
static void
resolve_unknown(struct book *b)
{
	struct fold_tally *tally = fold_tally_new();
	GHashTable *blocky = g_hash_table_new(g_direct_hash, g_direct_equal);
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	/* Bottom-up first, so that a container of unknown containers keeps
	 * their blocks (qandaset > qandaentry > question > para). */
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_EXIT && cn->kind == N_UNKNOWN &&
		    has_block_child(cn, blocky))
			g_hash_table_add(blocky, (gpointer)cn);
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		struct node *n = (struct node *)cn;

		if (ev != WALK_ENTER || n->kind != N_UNKNOWN)
			continue;
		fold_tally_add(tally, n->name, &n->pos);
		if (in_block_context(n))
			n->kind = has_block_child(n, blocky) ? N_DIV :
			    N_PARA;
		else
			n->kind = N_PHRASE;
		if (n->kind == N_PARA)
			n->flags |= NF_IMPLICIT;
	}
	fold_tally_report(tally, D_ELEM_UNSUPP);
	g_hash_table_destroy(blocky);
}

/* ---- DocBook idioms folded into plain structure ------------------- */

/* A segmented list: each seg gets its segtitle as a bold lead-in. */
static void
fold_segmentedlist(struct node *list, const char *lang)
{
	GPtrArray *titles = g_ptr_array_new();
	struct node *c, *next;

	for (c = list->first; c; c = next) {
		next = c->next;
		if (c->kind == N_PHRASE && fold_named(c, "segtitle")) {
			model_unlink(c);
			g_ptr_array_add(titles, c);
		}
	}
	for (c = list->first; c; c = c->next) {
		guint i = 0;

		if (!fold_named(c, "seglistitem"))
			continue;
		for (struct node *seg = c->first; seg; seg = seg->next) {
			struct node *em;
			char *t;

			if (!fold_named(seg, "seg") || i >= titles->len)
				continue;
			t = model_text(g_ptr_array_index(titles, i++));
			em = fold_bold_node(seg);
			fold_append_text(em, g_strstrip(t));
			fold_append_text(em, l10n_is_zh(lang) ? "：" : ": ");
			g_free(t);
			model_prepend(seg, em);
		}
	}
	for (guint i = 0; i < titles->len; i++)
		model_free_tree(g_ptr_array_index(titles, i));
	g_ptr_array_free(titles, TRUE);
}

/* A revision history in the body is a table as DocBook XSL sets it: a
 * heading row, then per revision "Revision N | date | author" and the
 * remark or description across the three columns. In info it is left
 * as metadata. */
static void
fold_revhistory(struct node *rh, const char *lang)
{
	struct node *t, *row;

	if (rh->parent == NULL ||
	    model_kind_content(rh->parent->kind) != CT_BLOCKS)
		return;
	t = model_node_new(N_TABLE, "revhistory", &rh->pos);
	t->flags |= NF_INFORMAL;
	if (rh->id) {
		model_set_attr(t, "id", rh->id);
		t->id = model_attr(t, "id");
	}
	/* An xref to it reads "Revision History", as in DocBook XSL. */
	model_set_attr(t, "xreflabel", model_attr(rh, "xreflabel") ?
	    model_attr(rh, "xreflabel") : l10n_text(lang, L_REVHISTORY));
	model_insert_before(rh, t);
	row = model_node_new(N_ROW, "tr", &rh->pos);
	model_append(t, row);
	fold_append_text(fold_table_cell(row, 3, true),
	    l10n_text(lang, L_REVHISTORY));
	for (struct node *r = rh->first; r; r = r->next) {
		struct node *cell[3], *remark = NULL;

		if (!fold_named(r, "revision"))
			continue;
		row = model_node_new(N_ROW, "tr", &r->pos);
		model_append(t, row);
		for (int i = 0; i < 3; i++)
			cell[i] = fold_table_cell(row, 1, false);
		for (struct node *c = r->first, *next; c; c = next) {
			next = c->next;
			if (fold_named(c, "revnumber")) {
				fold_prepend_text(c, " ");
				fold_prepend_text(c,
				    l10n_text(lang, L_REVISION));
				fold_move_children(c, cell[0]);
			} else if (fold_named(c, "date"))
				fold_move_children(c, cell[1]);
			else if (fold_named(c, "authorinitials") ||
			    c->kind == N_AUTHOR) {
				if (cell[2]->first)
					fold_append_text(cell[2], ", ");
				fold_move_children(c, cell[2]);
			} else if (fold_named(c, "revremark") ||
			    fold_named(c, "revdescription"))
				remark = c;
		}
		if (remark) {
			row = model_node_new(N_ROW, "tr", &remark->pos);
			model_append(t, row);
			fold_move_children(remark,
			    fold_table_cell(row, 3, false));
		}
	}
	model_unlink(rh);
	model_free_tree(rh);
}

static struct node *
prev_element(const struct node *n)
{
	struct node *s = n->prev;

	while (s && s->kind == N_TEXT)
		s = s->prev;
	return s;
}

static bool
is_meta_kind(enum node_kind k)
{
	return model_kind_class(k) == NC_META && k != N_INFO;
}

/* Elements whose rendering DocBook defines by generated text: optional
 * arguments in brackets, manual volumes in parentheses, "name — purpose",
 * titles that the element implies. */
static void
fold_idioms(struct book *b)
{
	GPtrArray *todo = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	GHashTable *numbers = g_hash_table_new(g_direct_hash, g_direct_equal);
	GHashTable *qnums = g_hash_table_new(g_direct_hash, g_direct_equal);
	GPtrArray *dead = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)model_free_tree);

	/* Segmented lists and revision histories first: folding them frees
	 * nodes. */
	fold_each(b->root, "segmentedlist", fold_segmentedlist, b->lang);
	fold_each(b->root, "revhistory", fold_revhistory, b->lang);
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && cn->kind != N_TEXT)
			g_ptr_array_add(todo, (gpointer)cn);
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);
		struct node *p = n->parent;
		const char *choice = model_attr(n, "choice");
		const char *lang = fold_lang_of(n, b->lang);

		fold_qanda(n, numbers, qnums, lang, dead);

		/* Books in a set are its parts. */
		if (n->kind == N_BOOK && p)
			n->kind = N_PART;
		/* Meta elements inside running text (a title in a
		 * bibliography entry) are phrases there. */
		if (is_meta_kind(n->kind) && p &&
		    (model_kind_content(p->kind) == CT_INLINE ||
		    model_kind_content(p->kind) == CT_VERBATIM) &&
		    p->kind != N_INFO)
			n->kind = N_PHRASE;
		if ((fold_named(n, "optional")) ||
		    ((fold_named(n, "arg") || fold_named(n, "group")) &&
		    (choice == NULL || strcmp(choice, "opt") == 0))) {
			fold_prepend_text(n, "[");
			fold_append_text(n, "]");
		} else if ((fold_named(n, "arg") || fold_named(n, "group")) &&
		    strcmp(choice, "req") == 0) {
			fold_prepend_text(n, "{");
			fold_append_text(n, "}");
		}
		if ((fold_named(n, "arg") || fold_named(n, "group")) &&
		    g_strcmp0(model_attr(n, "rep"), "repeat") == 0)
			fold_append_text(n, "...");
		if (p && fold_named(p, "group") && n->kind != N_TEXT) {
			bool after_elem = false;

			for (struct node *s = n->prev; s; s = s->prev)
				if (s->kind != N_TEXT)
					after_elem = true;
			if (after_elem)
				model_insert_before(n, model_text_new(" | ", &n->pos));
		}
		/* A command synopsis is words apart. */
		if (p && fold_named(p, "cmdsynopsis") && n->prev &&
		    n->kind != N_TEXT)
			model_insert_before(n, model_text_new(" ", &n->pos));
		/* Glossary entries stand in a list. */
		if (n->kind == N_VARLISTENTRY && p &&
		    model_kind_content(p->kind) == CT_BLOCKS) {
			struct node *vl = model_node_new(N_VARIABLELIST,
			    "glosslist", &n->pos);

			model_insert_before(n, vl);
			while (vl->next && vl->next->kind == N_VARLISTENTRY) {
				struct node *e = vl->next;

				model_unlink(e);
				model_append(vl, e);
			}
		}
		if (fold_named(n, "manvolnum")) {
			struct node *t = p && p->kind == N_INFO ?
			    model_title(p) : NULL;

			fold_prepend_text(n, "(");
			fold_append_text(n, ")");
			/* A reference entry's volume follows its title, as
			 * a manual page's does: "cat(1)". */
			if (t && t->parent == p) {
				model_unlink(n);
				model_append(t, n);
			}
		}
		if (fold_named(n, "refpurpose"))
			fold_prepend_text(n, " — ");
		/* Names of one entry are a list: "cat, tac — ..." */
		if (fold_named(n, "refname") && prev_element(n) &&
		    fold_named(prev_element(n), "refname"))
			model_insert_after(prev_element(n),
			    model_text_new(", ", &n->pos));
		if (fold_named(n, "glossterm") && p &&
		    p->kind == N_VARLISTENTRY)
			n->kind = N_TERM;
		/* A glossary entry's acronym joins its term: "Term (ABC)". */
		if ((fold_named(n, "acronym") ||
		    fold_named(n, "abbrev")) && p &&
		    p->kind == N_VARLISTENTRY && prev_element(n) &&
		    prev_element(n)->kind == N_TERM) {
			struct node *term = prev_element(n);

			model_unlink(n);
			fold_append_text(term, " (");
			model_append(term, n);
			fold_append_text(term, ")");
		}
		if (fold_named(n, "glosssee") ||
		    fold_named(n, "glossseealso")) {
			const char *other = model_attr(n, "otherterm");

			fold_prepend_text(n, l10n_text(lang,
			    fold_named(n, "glosssee") ?
			    L_SEE : L_SEE_ALSO));
			if (other && n->first && n->first == n->last) {
				struct node *x = model_node_new(N_XREF, "xref",
				    &n->pos);

				model_set_attr(x, "linkend", other);
				model_append(n, x);
			}
			/* In a glossary entry it is the entry's definition. */
			if (p && p->kind == N_VARLISTENTRY) {
				struct node *li = model_node_new(N_LISTITEM,
				    "glossdef", &n->pos);

				model_insert_before(n, li);
				model_unlink(n);
				model_append(li, n);
			}
		}
		if (fold_named(n, "refsynopsisdiv"))
			fold_give_title(n, l10n_text(lang, L_SYNOPSIS));
		if (fold_named(n, "refentry")) {
			const struct node *nd = NULL;

			for (struct node *c = n->first; c; c = c->next)
				if (fold_named(c, "refnamediv"))
					nd = c;
			for (const struct node *c = nd ? nd->first : NULL;
			    c && model_title(n) == NULL; c = c->next)
				if (fold_named(c, "refname")) {
					char *t = model_text(c);

					fold_give_title(n, g_strstrip(t));
					g_free(t);
				}
		}
		if ((fold_named(n, "index") || fold_named(n, "setindex")) &&
		    n->kind == N_PREFACE)
			fold_give_title(n, l10n_text(lang, L_INDEX));
		if (fold_named(n, "toc") && n->kind == N_PREFACE)
			fold_give_title(n, l10n_text(lang, L_CONTENTS));
		if (fold_named(n, "glossary") && n->kind == N_PREFACE)
			fold_give_title(n, l10n_text(lang, L_GLOSSARY));
		if (fold_named(n, "bibliography") && n->kind == N_PREFACE)
			fold_give_title(n, l10n_text(lang, L_BIBLIOGRAPHY));
		/* A bare graphic stands for a mediaobject, an
		 * inlinegraphic for an inline one. */
		if (n->kind == N_IMAGEDATA && p &&
		    (model_kind_content(p->kind) == CT_BLOCKS ||
		    (p->kind != N_TEXTOBJECT &&
		    model_kind_class(p->kind) != NC_META &&
		    (model_kind_content(p->kind) == CT_INLINE ||
		    model_kind_content(p->kind) == CT_VERBATIM)))) {
			bool block = model_kind_content(p->kind) == CT_BLOCKS;
			struct node *mo = model_node_new(block ?
			    N_MEDIAOBJECT : N_INLINEMEDIA, block ?
			    "mediaobject" : "inlinemediaobject", &n->pos);

			model_insert_before(n, mo);
			model_unlink(n);
			model_append(mo, n);
		}
	}
	g_hash_table_destroy(numbers);
	g_hash_table_destroy(qnums);
	g_ptr_array_free(todo, TRUE);
	g_ptr_array_free(dead, TRUE);
}

/* ---- Structure: blocks and inlines apart -------------------------- */

static bool
is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static bool
stands_inline(const struct node *n)
{
	return model_kind_class(n->kind) == NC_INLINE;
}

/* In a block container: drop blank text, wrap runs of inline content in
 * implicit paragraphs. */
static void
fix_block_container(struct node *n)
{
	struct node *c = n->first, *next;

	while (c) {
		next = c->next;
		if (c->kind == N_TEXT && is_blank(c->text)) {
			model_unlink(c);
			model_free_tree(c);
		} else if (stands_inline(c)) {
			struct node *p = model_node_new(N_PARA, "para", &c->pos);

			p->flags |= NF_IMPLICIT;
			model_insert_before(c, p);
			while (c && stands_inline(c)) {
				next = c->next;
				model_unlink(c);
				model_append(p, c);
				c = next;
			}
			continue;
		}
		c = next;
	}
}

static bool
is_list(enum node_kind k)
{
	return k == N_ITEMIZEDLIST || k == N_ORDEREDLIST || k == N_VARIABLELIST;
}

static bool
is_item(enum node_kind k)
{
	return k == N_LISTITEM || k == N_VARLISTENTRY;
}

/* Index terms left directly in a table or another structured element:
 * into its title, or its first inline container; they mark no text. */
static void
place_stray_indexterms(struct node *n)
{
	struct node *c, *next, *target = model_title(n);

	if (target == NULL)
		for (struct node *s = n->first; s && !target; s = s->next) {
			struct walker w;
			const struct node *cn;
			enum walk_event ev;

			if (s->kind == N_INDEXTERM || s->kind == N_TEXT)
				continue;
			model_walk_init(&w, s);
			while (!target && (ev = model_walk_next(&w, &cn)) != WALK_NONE)
				if (ev == WALK_ENTER && cn->kind != N_INDEXTERM &&
				    model_kind_content(cn->kind) == CT_INLINE)
					target = (struct node *)cn;
		}
	for (c = n->first; c; c = next) {
		next = c->next;
		if (c->kind != N_INDEXTERM)
			continue;
		model_unlink(c);
		if (target)
			model_append(target, c);
		else
			model_free_tree(c);
	}
}

/* DocBook lets blocks (a para, a bridgehead) stand before a list's items
 * and index terms anywhere in it: the blocks move out in front of the
 * list (their order kept), the index terms into the first item's first
 * paragraph. */
static void
fix_list(struct node *list)
{
	struct node *c = list->first, *next, *first_item = NULL;

	for (struct node *i = list->first; i && !first_item; i = i->next)
		if (is_item(i->kind))
			first_item = i;
	for (; c; c = next) {
		next = c->next;
		if (is_item(c->kind) || c->kind == N_TITLE || c->kind == N_INFO)
			continue;
		if (c->kind == N_TEXT)
			continue;       /* blank, dropped by the caller */
		model_unlink(c);
		if (c->kind == N_INDEXTERM && first_item) {
			struct node *target = first_item;

			while (target->first && model_kind_content(target->kind)
			    != CT_INLINE)
				target = target->first;
			if (model_kind_content(target->kind) == CT_INLINE)
				model_prepend(target, c);
			else
				model_free_tree(c);
		} else if (c->kind == N_INDEXTERM)
			model_free_tree(c);
		else
			model_insert_before(list, c);
	}
}

static void
drop_blank_text(struct node *n)
{
	struct node *c = n->first, *next;

	for (; c; c = next) {
		next = c->next;
		if (c->kind == N_TEXT && is_blank(c->text)) {
			model_unlink(c);
			model_free_tree(c);
		}
	}
}

/* A paragraph holding block children (DocBook allows lists inside para)
 * is split: PARA, the block, a continued PARA. Blocks found deeper, inside
 * inline elements, are unwrapped to their text. */
static void
split_para(struct node *para)
{
	struct node *c = para->first, *next, *cur = para;

	while (c) {
		next = c->next;
		if (model_kind_class(c->kind) == NC_BLOCK) {
			struct node *cont;

			model_unlink(c);
			/* insert c after cur */
			model_insert_after(cur, c);
			if (next) {
				cont = model_node_new(N_PARA, para->name, &next->pos);
				cont->flags |= NF_CONTINUED;
				model_insert_after(c, cont);
				while (next) {
					struct node *nn = next->next;

					model_unlink(next);
					model_append(cont, next);
					next = nn;
				}
				cur = cont;
				c = cont->first;
				continue;
			}
		}
		c = next;
	}
}

/* A block element met inside inline content where it cannot be split out
 * (a para in a title, say): its children take its place. */
static void
unwrap(struct node *n)
{
	struct node *c;

	while ((c = n->first) != NULL) {
		model_unlink(c);
		model_insert_before(n, c);
	}
	model_unlink(n);
	model_free_tree(n);
}

static void
fix_structure(struct book *b)
{
	GPtrArray *todo = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	/* Lists first, on their own: fixing them frees stray index terms. */
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER &&
		    model_kind_content(cn->kind) == CT_PARTS)
			g_ptr_array_add(todo, (gpointer)cn);
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);

		if (is_list(n->kind))
			fix_list(n);
		else
			place_stray_indexterms(n);
	}
	g_ptr_array_set_size(todo, 0);
	/* Collect first: the fixes relink nodes under the walker. */
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && cn->kind != N_TEXT)
			g_ptr_array_add(todo, (gpointer)cn);
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);

		if (n->kind == N_PARA && n->parent &&
		    model_kind_content(n->parent->kind) == CT_BLOCKS)
			split_para(n);
	}
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);

		switch (model_kind_content(n->kind)) {
		case CT_BLOCKS:
			fix_block_container(n);
			break;
		case CT_PARTS:
			drop_blank_text(n);
			break;
		case CT_INLINE:
		case CT_VERBATIM:
		case CT_EMPTY:
			break;
		}
	}
	/* Blocks left in inline containers are unwrapped, deepest first. */
	for (guint i = todo->len; i-- > 0;) {
		struct node *n = g_ptr_array_index(todo, i);
		struct node *p = n->parent;

		if (p && model_kind_class(n->kind) == NC_BLOCK &&
		    (model_kind_content(p->kind) == CT_INLINE ||
		    model_kind_content(p->kind) == CT_VERBATIM)) {
			/* A footnote's blocks are its own. */
			if (p->kind == N_FOOTNOTE)
				continue;
			unwrap(n);
		}
	}
	g_ptr_array_free(todo, TRUE);
}

/* ---- Whitespace --------------------------------------------------- */

static void
trim_verbatim(struct node *n)
{
	struct node *f = n->first, *l = n->last, *c, *next;

	if (f && f->kind == N_TEXT && f->text[0] == '\n')
		memmove(f->text, f->text + 1, strlen(f->text));
	else if (f && f->kind == N_TEXT && f->text[0] == '\r' &&
	    f->text[1] == '\n')
		memmove(f->text, f->text + 2, strlen(f->text) - 1);
	if (l && l->kind == N_TEXT) {
		size_t len = strlen(l->text);

		/* Drop a final line that holds only blanks. */
		while (len > 0 && (l->text[len - 1] == ' ' ||
		    l->text[len - 1] == '\t'))
			len--;
		if (len > 0 && l->text[len - 1] == '\n') {
			while (len > 0 && (l->text[len - 1] == '\n' ||
			    l->text[len - 1] == '\r'))
				len--;
			l->text[len] = '\0';
		}
	}
	for (c = n->first; c; c = next) {
		next = c->next;
		if (c->kind == N_TEXT && *c->text == '\0') {
			model_unlink(c);
			model_free_tree(c);
		}
	}
}

static void
fix_whitespace(struct book *b)
{
	GPtrArray *runs = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		const struct node *p = cn->parent;
		enum node_content ct;

		if (ev != WALK_ENTER || cn->kind == N_TEXT)
			continue;
		ct = model_kind_content(cn->kind);
		if (ct == CT_VERBATIM) {
			g_ptr_array_add(runs, (gpointer)cn);
			model_walk_skip(&w);
			continue;
		}
		if (ct == CT_INLINE && (p == NULL ||
		    (model_kind_content(p->kind) != CT_INLINE &&
		    model_kind_content(p->kind) != CT_VERBATIM) ||
		    p->kind == N_FOOTNOTE))
			g_ptr_array_add(runs, (gpointer)cn);
	}
	for (guint i = 0; i < runs->len; i++) {
		struct node *n = g_ptr_array_index(runs, i);

		if (model_kind_content(n->kind) == CT_VERBATIM)
			trim_verbatim(n);
		else
			text_collapse_run(n);
	}
	g_ptr_array_free(runs, TRUE);
}

/* ---- Languages, ids, links, labels -------------------------------- */

static const char *
detect_lang(const struct node *root)
{
	char *text = model_text(root);
	long han = 0, latin = 0;

	for (const char *s = text; *s && han + latin < 20000;
	    s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);

		if (c >= 0x4E00 && c <= 0x9FFF)
			han++;
		else if (g_unichar_isalpha(c) && c < 0x250)
			latin++;
	}
	g_free(text);
	return han * 4 >= latin ? "zh-CN" : "en";
}

/* The book's language: its root's xml:lang, else --lang, else a guess
 * from its text. Settled first, so that generated words (fold_idioms)
 * follow it. */
static const char *
book_lang(const struct node *root, const char *forced)
{
	const char *l = validate_lang_normalize(model_attr(root, "lang"));

	if (l == NULL && forced)
		l = validate_lang_normalize(forced);
	if (l == NULL)
		l = detect_lang(root);
	return g_intern_string(l);
}

static void
assign_langs(struct book *b)
{
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		struct node *n = (struct node *)cn;
		const char *l;

		if (ev != WALK_ENTER)
			continue;
		l = n == b->root ? NULL :
		    validate_lang_normalize(model_attr(n, "lang"));
		n->lang = l ? l : n->parent ? n->parent->lang : b->lang;
	}
}

/* ---- Ids and links ------------------------------------------------ */

/*
 * The first element with an id keeps it; a later one (pandoc's
 * --file-scope repeats heading ids across files, its LaTeX reader can
 * write an anchor twice) is renamed to a free name, so every output has
 * unique ids and links by the old name go to the first. Ids that are not
 * XML names (pandoc keeps "chap:intro" and "11-快速上手") are ids all the
 * same: links compare strings, and each back end writes a safe name for
 * them; one warning says how many there are.
 */
static void
collect_ids(struct book *b)
{
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);
	const struct node *first_bad = NULL;
	unsigned bad = 0;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE)
		if (ev == WALK_ENTER && cn->id)
			g_hash_table_add(taken, (gpointer)g_intern_string(cn->id));
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		struct node *n = (struct node *)cn;
		const struct node *prev;

		if (ev != WALK_ENTER || n->id == NULL)
			continue;
		if (xmlValidateNCName((const xmlChar *)n->id, 0) != 0 &&
		    bad++ == 0)
			first_bad = n;
		prev = g_hash_table_lookup(b->ids, n->id);
		if (prev) {
			char *where = diag_pos_str(&prev->pos);
			char *id = g_strdup(n->id);
			char *s = NULL;

			for (unsigned i = 2; s == NULL ||
			    g_hash_table_contains(taken, s); i++) {
				g_free(s);
				s = g_strdup_printf("%s-%u", id, i);
			}
			g_hash_table_add(taken, (gpointer)g_intern_string(s));
			diag(D_ID_DUP, &n->pos, id, where, s);
			model_set_attr(n, "id", s);
			n->id = model_attr(n, "id");
			g_free(s);
			g_free(id);
			g_free(where);
		}
		g_hash_table_insert(b->ids, (gpointer)n->id, n);
	}
	if (bad)
		diag(D_ID_NOT_NAME, &first_bad->pos, bad, bad == 1 ?
		    "id is not an XML name" : "ids are not XML names",
		    first_bad->id);
	g_hash_table_destroy(taken);
}

/* An address with no scheme ("3.9_mirror.md", "b.md#anchor", "#x"): a
 * file beside the book's sources, not a URI a reader could open. */
static bool
is_relative_href(const char *h)
{
	const char *p = h;

	if (*h == '\0' || strncmp(h, "//", 2) == 0)
		return false;
	if (g_ascii_isalpha(*p)) {
		while (g_ascii_isalnum(*p) || *p == '+' || *p == '-' || *p == '.')
			p++;
		if (*p == ':')
			return false;
	}
	return true;
}

/* A file name less its directory and a source extension: "a/3.9_mirror.md"
 * and "3.9_mirror.xml" are both "3.9_mirror". */
static char *
source_stem(const char *path, size_t len)
{
	static const char *const ext[] = { ".md", ".markdown", ".rst", ".tex",
	    ".html", ".htm", ".xml", ".dbk", NULL };
	char *s = g_strndup(path, len), *base, *u, *out;
	size_t n;

	base = strrchr(s, '/');
	base = base ? base + 1 : s;
	u = g_uri_unescape_string(base, NULL);
	out = g_strdup(u ? u : base);
	n = strlen(out);
	for (const char *const *e = ext; *e; e++) {
		size_t k = strlen(*e);

		if (n > k && g_ascii_strcasecmp(out + n - k, *e) == 0) {
			out[n - k] = '\0';
			break;
		}
	}
	g_free(u);
	g_free(s);
	return out;
}

/* Each division that opens a source file of its own (through XInclude):
 * the file's stem -> the division, the first one for a stem. */
static GHashTable *
division_files(const struct book *b)
{
	GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		char *stem;

		if (ev != WALK_ENTER || n == b->root || n->pos.file == NULL ||
		    !model_is_division(n->kind) ||
		    (n->parent && n->parent->pos.file == n->pos.file))
			continue;
		stem = source_stem(n->pos.file, strlen(n->pos.file));
		if (g_hash_table_contains(files, stem))
			g_free(stem);
		else
			g_hash_table_insert(files, stem, (gpointer)n);
	}
	return files;
}

/* The node a relative link names: the element whose id is its fragment,
 * else the division made from the file it names; NULL if neither. */
static struct node *
file_link_target(const struct book *b, GHashTable *files, const char *href)
{
	const char *hash = strchr(href, '#');
	size_t flen = hash ? (size_t)(hash - href) : strlen(href);
	struct node *t = NULL;

	if (hash && hash[1]) {
		char *u = g_uri_unescape_string(hash + 1, NULL);

		t = g_hash_table_lookup(b->ids, hash + 1);
		if (t == NULL && u)
			t = g_hash_table_lookup(b->ids, u);
		g_free(u);
	}
	if (t == NULL && flen > 0) {
		const char *q = memchr(href, '?', flen);
		char *stem = source_stem(href, q ? (size_t)(q - href) : flen);

		t = g_hash_table_lookup(files, stem);
		g_free(stem);
	}
	return t;
}

/*
 * pandoc keeps a link to another source file as it is written
 * (<link xlink:href="3.9_mirror.md">, "b.md#anchor"). Where the book holds
 * what it names, the link becomes a link inside the book; otherwise it is
 * its text, and one warning counts them. Both back ends see the result.
 */
static void
resolve_file_links(struct book *b)
{
	GHashTable *files = NULL;
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	const struct node *first = NULL;
	char *first_href = NULL;
	unsigned lost = 0;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		struct node *n = (struct node *)cn, *t;
		const char *href;

		if (ev != WALK_ENTER || n->kind != N_LINK ||
		    model_attr(n, "linkend") ||
		    (href = model_attr(n, "href")) == NULL ||
		    !is_relative_href(href))
			continue;
		if (files == NULL)
			files = division_files(b);
		t = file_link_target(b, files, href);
		if (t && t->id) {
			model_set_attr(n, "linkend", t->id);
		} else if (t) {
			n->target = t;
		} else {
			if (lost++ == 0) {
				first = n;
				first_href = g_strdup(href);
			}
			if (n->first == NULL)
				fold_append_text(n, href);
			n->kind = N_PHRASE;
		}
		model_unset_attr(n, "href");
	}
	if (lost)
		diag(D_LINK_NOT_IN_BOOK, &first->pos, lost, lost == 1 ?
		    "link" : "links", first_href);
	g_free(first_href);
	if (files)
		g_hash_table_destroy(files);
}

/*
 * pandoc (2.19 on) run with --file-scope over several files prefixes each
 * file's ids with its path ("ch1.md__install", "a__b.md__x" for
 * a/b.md) and writes a link to a file as a link to the path alone
 * (linkend "ch1.md"), which from pandoc 3.2 on names no element. Such a
 * link goes to the file's first element with an id: the first id, in the
 * book's order, that starts with the path and "__". The table maps each
 * such prefix to that element, made when a link first needs it.
 */
static GHashTable *
file_scope_prefixes(const struct book *b)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		const char *p;

		if (ev != WALK_ENTER || n->id == NULL)
			continue;
		for (p = strstr(n->id, "__"); p; p = strstr(p + 2, "__")) {
			char *k = g_strndup(n->id, (size_t)(p - n->id));

			if (g_hash_table_contains(t, k))
				g_free(k);
			else
				g_hash_table_insert(t, k, (gpointer)n);
		}
	}
	return t;
}

static void
resolve_links(struct book *b)
{
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	GHashTable *scoped = NULL;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		struct node *n = (struct node *)cn;
		const char *le;

		if (ev != WALK_ENTER)
			continue;
		le = model_attr(n, "linkend");
		if (n->kind == N_XREF && le == NULL) {
			diag(D_XREF_NOLINKEND, &n->pos);
			continue;
		}
		if (le == NULL)
			continue;
		n->target = g_hash_table_lookup(b->ids, le);
		if (n->target == NULL && strchr(le, '.')) {
			if (scoped == NULL)
				scoped = file_scope_prefixes(b);
			n->target = g_hash_table_lookup(scoped, le);
			if (n->target)
				model_set_attr(n, "linkend", n->target->id);
		}
		if (n->target == NULL) {
			diag(D_LINKEND_DANGLING, &n->pos, le);
			/* What DocBook's stylesheets print for a reference
			 * to nothing, so the reader sees that one is missing. */
			if (n->kind == N_XREF) {
				n->kind = N_PHRASE;
				fold_append_text(n, "???");
			}
		}
	}
	if (scoped)
		g_hash_table_destroy(scoped);
}

static char *
alpha_label(unsigned i)
{
	GString *s = g_string_new(NULL);

	do {
		g_string_prepend_c(s, (char)('A' + i % 26));
		i /= 26;
	} while (i-- > 0);
	return g_string_free(s, FALSE);
}

static char *
roman_label(unsigned i)
{
	static const struct { unsigned v; const char *s; } r[] = {
		{ 1000, "M" }, { 900, "CM" }, { 500, "D" }, { 400, "CD" },
		{ 100, "C" }, { 90, "XC" }, { 50, "L" }, { 40, "XL" },
		{ 10, "X" }, { 9, "IX" }, { 5, "V" }, { 4, "IV" }, { 1, "I" },
	};
	GString *s = g_string_new(NULL);

	for (size_t k = 0; k < G_N_ELEMENTS(r); k++)
		while (i >= r[k].v) {
			g_string_append(s, r[k].s);
			i -= r[k].v;
		}
	return g_string_free(s, FALSE);
}

/* The chapter-like ancestor whose label prefixes figure/table numbers. */
static const struct node *
numbering_root(const struct node *n)
{
	for (; n; n = n->parent)
		if (n->kind == N_CHAPTER || n->kind == N_APPENDIX ||
		    n->kind == N_PREFACE)
			return n;
	return NULL;
}

static void
assign_labels(struct book *b)
{
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	unsigned chapters = 0, appendices = 0, parts = 0;
	GHashTable *formal = g_hash_table_new_full(g_direct_hash,
	    g_direct_equal, NULL, g_free);
	/* formalgroup -> its members numbered so far */
	GHashTable *members = g_hash_table_new(g_direct_hash, g_direct_equal);

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		struct node *n = (struct node *)cn;
		const char *given;

		if (ev != WALK_ENTER || n->kind == N_TEXT)
			continue;
		given = model_attr(n, "label");
		switch (n->kind) {
		case N_CHAPTER:
			chapters++;
			n->label = given ? g_strdup(given) :
			    g_strdup_printf("%u", chapters);
			break;
		case N_APPENDIX:
			n->label = given ? g_strdup(given) :
			    alpha_label(appendices);
			appendices++;
			break;
		case N_PART:
			/* A book in a set is a book: no part number, and its
			 * chapters and appendices count from the first. */
			if (strcmp(n->name, "book") == 0) {
				chapters = appendices = 0;
				n->label = given ? g_strdup(given) : NULL;
				break;
			}
			parts++;
			n->label = given ? g_strdup(given) : roman_label(parts);
			break;
		case N_SECTION: {
			const struct node *p = n->parent;
			unsigned idx = 1;

			n->depth = p->kind == N_SECTION ? p->depth + 1 : 1;
			for (const struct node *s = p->first; s != n; s = s->next)
				if (s->kind == N_SECTION)
					idx++;
			if (given)
				n->label = g_strdup(given);
			else if (p->label && (p->kind == N_SECTION ||
			    p->kind == N_CHAPTER || p->kind == N_APPENDIX))
				n->label = g_strdup_printf("%s.%u", p->label, idx);
			break;
		}
		case N_FIGURE:
		case N_TABLE: {
			const struct node *root = numbering_root(n);
			const struct node *k = model_formal_like(n);
			unsigned *cnt;
			gpointer key = (gpointer)((uintptr_t)root * 4 +
			    (k->kind == N_TABLE ? 1 : fold_named(k, "example") ? 2 :
			    fold_named(k, "equation") ? 3 : 0));

			/* An equation is numbered with or without a title
			 * (DocBook XSL counts every equation). */
			if (n->flags & NF_INFORMAL || (model_title(n) == NULL &&
			    !fold_named(k, "equation")))
				break;
			if (model_in_formalgroup(n)) {
				guint m = GPOINTER_TO_UINT(g_hash_table_lookup(
				    members, n->parent)) + 1;

				g_hash_table_insert(members, n->parent,
				    GUINT_TO_POINTER(m));
				if (n->parent->label)
					n->label = g_strdup_printf("%s.%u",
					    n->parent->label, m);
				break;
			}
			cnt = g_hash_table_lookup(formal, key);
			if (cnt == NULL) {
				cnt = g_new0(unsigned, 1);
				g_hash_table_insert(formal, key, cnt);
			}
			(*cnt)++;
			n->label = root && root->label ?
			    g_strdup_printf("%s.%u", root->label, *cnt) :
			    g_strdup_printf("%u", *cnt);
			break;
		}
		default:
			break;
		}
	}
	g_hash_table_destroy(formal);
	g_hash_table_destroy(members);
}

/* ---- The pass ----------------------------------------------------- */

/*
 * Any DocBook element may be the root. A part, chapter, appendix or
 * preface becomes the one division of a book; a section is an article;
 * anything else (a section,
 * a refentry, a table, an admonition...) is set as an article of one
 * part, titled with its own title's text or else the file's name, so
 * that no output has an empty title.
 */
static void
make_root_book(struct book *b)
{
	struct node *root = b->root, *book, *title;
	const struct node *t;
	char *text = NULL;

	switch (root->kind) {
	case N_BOOK:
		return;
	case N_PART: case N_CHAPTER: case N_APPENDIX: case N_PREFACE:
		book = model_node_new(N_BOOK, "book", &root->pos);
		model_append(book, root);
		b->root = book;
		return;
	case N_SECTION: case N_SIMPLESECT:
		/* A section alone is an article: its title heads it once
		 * (a refentry, topic or refsection keeps its own form). */
		if (root->kind == N_SIMPLESECT ||
		    strcmp(root->name, "section") == 0 ||
		    g_str_has_prefix(root->name, "sect")) {
			root->kind = N_BOOK;
			root->name = "article";
			return;
		}
		break;
	default:
		break;
	}
	book = model_node_new(N_BOOK, "article", &root->pos);
	if (model_attr(root, "lang"))
		model_set_attr(book, "lang", model_attr(root, "lang"));
	/* A root with a title of its own heads the page with it (the
	 * document's title is then that one's, model_document_title); one
	 * without is titled with its file's name. */
	if ((t = model_title(root)) != NULL)
		text = g_strstrip(model_text(t));
	if (text == NULL || *text == '\0') {
		g_free(text);
		text = model_file_stem(root->pos.file ? root->pos.file :
		    b->path);
		title = model_node_new(N_TITLE, "title", &root->pos);
		model_append(title, model_text_new(text, &root->pos));
		model_append(book, title);
	}
	g_free(text);
	model_append(book, root);
	b->root = book;
}

void
validate_book(struct book *b, const struct validate_opts *opts)
{
	b->lang = book_lang(b->root, opts ? opts->lang : NULL);
	make_root_book(b);
	synopsis_fold(b);
	fold_biblio(b);
	fold_more(b);
	fold_xlink(b);
	fold_objects(b);
	fold_html(b);
	fold_refs(b);
	resolve_unknown(b);
	mathml_fold(b);
	mathml_check(b);
	fold_idioms(b);
	fix_structure(b);
	assign_langs(b);
	if (opts && opts->lint)
		lint_book(b);
	fix_whitespace(b);
	fold_transclusion(b);
	collect_ids(b);
	resolve_file_links(b);
	resolve_links(b);
	assign_labels(b);
}
