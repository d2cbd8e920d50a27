/*
 * The layout engine (see layout.h): walks the model without recursion,
 * flattens each paragraph-like node into one string with Pango attributes
 * and typo spans, has typo.c set it, and turns its lines into boxes.
 * It owns the geometry of blocks (indents, list labels, code and note
 * backgrounds, headings on the body grid, tables' column widths, figures,
 * footnote bodies, the title page and the table of contents) and the hints
 * pagination needs; it never sees a page.
 *
 * This file is the body walk: the blocks it opens and closes itself
 * (chapter openings, headings, lists, quotes, admonitions, figures), the
 * passes over the body, how far their page references have settled, and
 * the layout helper, a second thread that sets the later part of the body
 * ahead in the first pass. What a block holds is set by the files that
 * layout_int.h lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callout.h"
#include "index.h"
#include "l10n.h"
#include "mathml.h"
#include "layout_int.h"

/* ---- blocks ----------------------------------------------------------- */

bool
para_indented(const struct node *n)
{
	const struct node *p = n->parent;

	if (n->flags & (NF_IMPLICIT | NF_CONTINUED))
		return false;
	/* a command synopsis is not prose: each of its lines (sbr) starts
	 * at the margin, as DocBook XSL sets it */
	if (strcmp(n->name, "cmdsynopsis") == 0)
		return false;
	if (p == NULL)
		return true;
	switch (p->kind) {
	case N_LISTITEM:
	case N_ENTRY:
	case N_CAPTION:
	case N_FOOTNOTE:
		return false;
	default:
		return true;
	}
}

/* The heading's level in the structure tree (H1..H6): one below the
 * section it is in, so that no level is skipped (a simplesect, set as
 * small as a fourth-level section, is H3 in a top-level section; the
 * chapter's title is H1). Its size stays the depth's. */
static unsigned char
tree_level(const struct node *div, unsigned depth)
{
	if (div->kind == N_SECTION && div->depth)
		return (unsigned char)MIN(depth + 1, 6);
	for (const struct node *p = div->parent; p; p = p->parent)
		if (p->kind == N_SECTION && p->depth)
			return (unsigned char)MIN(p->depth + 2, 6);
	return 2;
}

static void
heading_block(struct layout_env *env, const struct node *div, unsigned depth,
    const struct frame *fr)
{
	struct node *title = model_title(div);
	char *label = l10n_division_label(div, env->st, env->lang);
	double size = layout_heading_size(env, depth);
	double hp = layout_ceil_to(size * 1.4, env->m.pitch / 4);
	struct para_opts po = body_opts(env, fr);
	struct flat f;
	struct typo_para *tp;
	guint first;
	double used = 0;
	char *tt = title ? model_text(title) : g_strdup("");
	struct lbox *b;

	layout_space(env, env->m.pitch, LBF_DISCARD);
	flat_init(&f, false);
	flat_label_title(env, &f, label, title);
	po.font = F_HEADING;
	po.size = size;
	po.pitch = hp;
	po.align = TYPO_LEFT;
	po.color = env->st->heading_color;
	po.block = 'h';
	po.level = tree_level(div, depth);
	tp = set_para(env, env->lay, &f, &po);
	first = env->lay->boxes->len;
	g_ptr_array_add(env->pending_dests, (gpointer)layout_dest_of(env, div));
	emit_lines(env, env->lay->boxes, tp, &f, &po, size, true,
	    LBF_KEEP_NEXT);
	for (guint i = first; i < env->lay->boxes->len; i++) {
		b = &g_array_index(env->lay->boxes, struct lbox, i);
		b->flags |= LBF_KEEP_NEXT;
		used += b->h;
	}
	b = &g_array_index(env->lay->boxes, struct lbox, first);
	b->outline = g_new0(struct layout_outline, 1);
	b->outline->level = (int)depth + 1;
	b->outline->title = layout_outline_title(env, label, tt);
	b->outline->dest = layout_dest_of(env, div);
	if (depth == 1)
		b->section_mark = b->outline->title;
	layout_space(env, layout_ceil_to(used + env->m.pitch * 0.25,
	    env->m.pitch) - used, LBF_KEEP_NEXT);
	env->keep_lines = 2;
	flat_done(&f);
	g_free(label);
	g_free(tt);
}

static void
chapter_opening(struct layout_env *env, const struct node *div,
    const struct frame *fr)
{
	struct node *title = model_title(div);
	char *label = l10n_division_label(div, env->st, env->lang);
	double size = layout_heading_size(env, 0);
	double hp = layout_ceil_to(size * 1.4, env->m.pitch / 4);
	struct para_opts po = body_opts(env, fr);
	char *tt = title ? model_text(title) : g_strdup("");
	char *mark;
	struct lbox *b;
	guint first;
	double used = 0;
	bool run_on, set_book = model_is_set_book(div);

	if (div->kind == N_PREFACE && label == NULL && title == NULL)
		tt = (g_free(tt), g_strdup(l10n_text(env->lang, L_PREFACE)));
	run_on = strcmp(env->st->chapter_start, "run-on") == 0;
	/* Run on, or after the title block on its page: no page break,
	 * and footnotes count on (two chapters may share a page). */
	if (run_on || env->after_opening) {
		layout_space(env, 2 * env->m.pitch, LBF_DISCARD);
	} else {
		layout_page_break(env, env->st->chapter_recto ? LBF_RECTO :
		    0);
		env->fn_count = 0;
		/* a book of a set: its title page, the title lower */
		layout_space(env, set_book ? env->m.body_h * 0.22 :
		    3 * env->m.pitch, LBF_OPENING | LBF_KEEP_NEXT |
		    (set_book ? LBF_NOFOLIO : 0));
	}
	env->after_opening = false;
	first = env->lay->boxes->len;
	g_ptr_array_add(env->pending_dests, (gpointer)layout_dest_of(env, div));
	po.font = F_HEADING;
	po.align = env->st->heading_center || set_book ? TYPO_CENTER :
	    TYPO_LEFT;
	po.color = env->st->heading_color;
	po.block = 'h';
	po.level = 1;
	if (set_book) {
		size *= 1.2;
		hp = layout_ceil_to(size * 1.4, env->m.pitch / 4);
	}
	if (label && !run_on) {
		po.size = size * 0.7;
		po.pitch = layout_ceil_to(po.size * 1.6, env->m.pitch / 4);
		para_text(env, label, &po, LBF_KEEP_NEXT);
	}
	po.size = size;
	po.pitch = hp;
	if (title) {
		struct flat f;
		guint at = env->lay->boxes->len;

		flat_init(&f, false);
		/* run on: label and title on one line, as a section's */
		flat_label_title(env, &f, run_on ? label : NULL, title);
		para_flat(env, &f, &po, LBF_KEEP_NEXT);
		/* a screen reader's one heading, "Chapter 3 Title" */
		if (label && !run_on && at > first &&
		    at < env->lay->boxes->len)
			g_array_index(env->lay->boxes, struct lbox, at).flags |=
			    LBF_HEADING_ON;
	} else if (!label || run_on) {
		para_text(env, label ? label : tt, &po, LBF_KEEP_NEXT);
	}
	if (set_book)
		layout_set_book_credits(env, div, &po);
	for (guint i = first; i < env->lay->boxes->len; i++) {
		b = &g_array_index(env->lay->boxes, struct lbox, i);
		b->flags |= LBF_KEEP_NEXT | (run_on ? 0 : LBF_OPENING);
		used += b->h;
	}
	mark = label ? g_strdup_printf("%s\u3000%s", label, tt) : g_strdup(tt);
	b = &g_array_index(env->lay->boxes, struct lbox, first);
	b->chapter_mark = layout_intern(env, mark);
	b->section_mark = "";
	b->outline = g_new0(struct layout_outline, 1);
	b->outline->level = 1;
	b->outline->title = layout_outline_title(env, label, tt);
	b->outline->dest = layout_dest_of(env, div);
	layout_space(env, layout_ceil_to(used, env->m.pitch) - used +
	    (run_on ? 1 : 2) * env->m.pitch, LBF_KEEP_NEXT);
	env->keep_lines = 2;
	g_free(mark);
	g_free(label);
	g_free(tt);
}

/* ---- the body walk ---------------------------------------------------- */

static const char *
list_marker(const struct frame *list, int number, char *buf, size_t len)
{
	static const char *const bullets[] = { "●", "○", "■" };
	const char *num;

	if (list->n->kind == N_ITEMIZEDLIST)
		return bullets[(list->depth - 1) % 3];
	num = model_attr(list->n, "numeration");
	if (num && strcmp(num, "loweralpha") == 0 && number <= 26)
		snprintf(buf, len, "%c.", 'a' + number - 1);
	else if (num && strcmp(num, "upperalpha") == 0 && number <= 26)
		snprintf(buf, len, "%c.", 'A' + number - 1);
	else
		snprintf(buf, len, "%d.", number);
	return buf;
}

/* The ids of an image's callout areas, targets on the image's box. */
static void
area_dests(struct layout_env *env, const struct node *spec)
{
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, spec);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE)
		if (ev == WALK_ENTER && c != spec && c->id)
			g_ptr_array_add(env->pending_dests,
			    (gpointer)layout_dest_of(env, c));
}

/* What list_marker numbers the items of the list with, as PDF's
 * /ListNumbering names it (roman numerals are set as decimal). */
static const char *
list_numbering(const struct frame *list)
{
	static const char *const bullets[] = { "Disc", "Circle", "Square" };
	const char *num;

	if (list->n->kind == N_ITEMIZEDLIST)
		return bullets[(list->depth - 1) % 3];
	num = model_attr(list->n, "numeration");
	if (num && strcmp(num, "loweralpha") == 0)
		return "LowerAlpha";
	if (num && strcmp(num, "upperalpha") == 0)
		return "UpperAlpha";
	return "Decimal";
}

/* Whether n is an entry of a list of figures or tables the front
 * matter has (see layout_front): then it needs a target. */
bool
layout_listed(const struct layout_env *env, const struct node *n)
{
	switch (model_formal_list(n)) {
	case FL_FIGURES:
		return env->st->toc_figures;
	case FL_TABLES:
		return env->st->toc_tables;
	case FL_NONE:
		break;
	}
	return false;
}

static void
walk_body(struct layout_env *env, const struct node *root)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	GArray *stack = g_array_new(FALSE, TRUE, sizeof(struct frame));
	struct frame top = { 0 };
	char buf[32];
	bool past_split = false;

	top.n = root;
	g_array_append_val(stack, top);
	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		struct frame *up = &g_array_index(stack, struct frame,
		    stack->len - 1);
		struct frame fr;

		if (n == root)
			continue;
		if (ev == WALK_ENTER && env->split && !past_split) {
			if (n == env->split) {
				past_split = true;
				if (env->helper_thread)
					env->helper_ready = true;
			} else if (env->speculative &&
			    !model_is_ancestor(n, env->split)) {
				model_walk_skip(&w);
				continue;
			}
		}
		/* Past split the two walks enter the same nodes in the same
		 * order: the helper stops once the main walk has caught up
		 * with it (what is left, the main walk sets itself). */
		if (ev == WALK_ENTER && past_split) {
			g_atomic_int_inc(&env->walked);
			if (env->speculative &&
			    g_atomic_int_get(&env->main_env->walked) >=
			    g_atomic_int_get(&env->walked))
				break;
		}
		if (ev == WALK_EXIT) {
			struct frame *me = up;

			switch (n->kind) {
			case N_LISTITEM: {
				guint end = env->lay->boxes->len;

				if (callout_is_item(n))
					listing_callout_item_links(env, n,
					    me->first_box);
				/* Short items stay on one page. */
				if (end > me->first_box && end - me->first_box
				    <= 6)
					for (guint i = me->first_box; i + 1 < end;
					    i++)
						g_array_index(env->lay->boxes,
						    struct lbox, i).flags |=
						    LBF_KEEP_NEXT;
				break;
			}
			case N_ADMONITION:
				layout_space(env, env->m.pitch * 0.5, 0);
				env->bg = NULL;
				layout_space(env, env->m.pitch * 0.5,
				    LBF_DISCARD);
				break;
			case N_BLOCKQUOTE:
				for (const struct node *c = n->first; c;
				    c = c->next)
					if (c->kind == N_ATTRIBUTION) {
						struct para_opts po = body_opts(
						    env, me);
						struct flat f;
						struct typo_para *tp;

						po.align = TYPO_RIGHT;
						flat_init(&f, false);
						g_string_append(f.text,
						    "——");
						layout_flatten(env, c, &f);
						tp = set_para(env, env->lay, &f,
						    &po);
						emit_lines(env, env->lay->boxes,
						    tp, &f, &po, env->m.em,
						    true, 0);
						flat_done(&f);
					}
				layout_space(env, env->m.pitch * 0.5,
				    LBF_DISCARD);
				break;
			case N_FIGURE: {
				guint end;

				formal_caption(env, n, me, 0);
				end = env->lay->boxes->len;
				for (guint i = me->first_box; i + 1 < end; i++)
					g_array_index(env->lay->boxes,
					    struct lbox, i).flags |=
					    LBF_KEEP_NEXT;
				layout_space(env, env->m.pitch * 0.5,
				    LBF_DISCARD);
				break;
			}
			case N_DIV:
				/* stanzas apart */
				if (strcmp(n->name, "linegroup") == 0)
					layout_space(env, env->m.pitch * 0.5,
					    LBF_DISCARD);
				break;
			case N_ITEMIZEDLIST:
			case N_ORDEREDLIST:
			case N_VARIABLELIST:
				break;
			default:
				break;
			}
			g_array_set_size(stack, stack->len - 1);
			if (n->kind == N_ADMONITION) {
				const struct frame *p = &g_array_index(stack,
				    struct frame, stack->len - 1);

				env->bg = p->bg;
				env->bg_x = p->bg_x;
				env->bg_w = p->bg_w;
			}
			continue;
		}

		/* WALK_ENTER */
		if (model_kind_class(n->kind) == NC_META) {
			model_walk_skip(&w);
			continue;
		}
		/* Between the blocks of a division, the boxes so far are
		 * final (a list item or figure still open may yet keep its
		 * boxes together): the pager may place them. */
		if (env->pager.progress && n->parent && (n->parent == root ||
		    model_is_division(n->parent->kind)))
			env->pager.progress(env->pager.arg);
		if ((n->id && !model_is_division(n->kind)) ||
		    layout_listed(env, n))
			g_ptr_array_add(env->pending_dests,
			    (gpointer)layout_dest_of(env, n));
		fr = *up;
		fr.n = n;
		fr.first_box = env->lay->boxes->len;
		switch (n->kind) {
		case N_PART:
		case N_PREFACE:
		case N_CHAPTER:
		case N_APPENDIX:
			chapter_opening(env, n, &fr);
			if (index_is_division(n))
				layout_index_entries(env, &fr, n);
			break;
		case N_SECTION:
		case N_SIMPLESECT:
			heading_block(env, n, n->kind == N_SECTION && n->depth ?
			    n->depth : 4, &fr);
			break;
		case N_PARA: {
			struct para_opts po = body_opts(env, &fr);
			const struct node *lone = model_lone_inline_media(n);

			if (mathml_fallback(up->n) &&
			    mathml_of_equation(up->n)->parent == n &&
			    !mathml_is_all_laid_out(mathml_of_equation(up->n))) {
				/* the equation's image stands for it */
				model_walk_skip(&w);
				continue;
			}
			if (strcmp(n->name, "areaspec") == 0) {
				/* its markers are in the listing */
				model_walk_skip(&w);
				continue;
			}
			if (lone) {
				/* an image alone: as a mediaobject */
				if (!env->speculative)
					layout_mediaobject(env, lone, &fr);
				model_walk_skip(&w);
				continue;
			}
			if (para_indented(n))
				po.indent = env->st->indent * env->m.em;
			/* a bibliography entry's lines hang under its label */
			if (model_is_biblioentry(n))
				po.indent = -2 * env->m.em;
			if (up->n->kind == N_LISTITEM || up->n->kind == N_ENTRY)
				po.align = TYPO_JUSTIFY;
			/* A display formula (a mathphrase) is centred. */
			if (up->n->kind == N_FIGURE &&
			    g_str_has_suffix(up->n->name, "equation")) {
				po.align = TYPO_CENTER;
				po.indent = 0;
				po.display = true;
			}
			po.lang = n->lang;
			layout_space(env, env->st->para_space * env->m.em,
			    LBF_DISCARD);
			para_node(env, n, &po, 0);
			model_walk_skip(&w);
			continue;
		}
		case N_BRIDGEHEAD: {
			struct para_opts po = body_opts(env, &fr);
			char *text = model_text(n);

			po.font = F_HEADING;
			po.align = TYPO_LEFT;
			po.block = 'h';
			/* in the tree a heading one level below its
			 * division's; an empty one (a mere target of links)
			 * none */
			po.level = *g_strstrip(text) ? tree_level(n, 0) : 0;
			g_free(text);
			layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
			para_node(env, n, &po, LBF_KEEP_NEXT);
			model_walk_skip(&w);
			continue;
		}
		case N_DIV:
		case N_FORMALPARA: {
			/* a titled container (partintro, poetry, an unknown
			 * one): its title bold, kept with what follows */
			struct node *title = model_title(n);

			if (title) {
				struct para_opts po = body_opts(env, &fr);

				po.bold = true;
				po.align = TYPO_LEFT;
				po.block = 'h';
				para_node(env, title, &po, LBF_KEEP_NEXT);
			}
			break;
		}
		case N_ITEMIZEDLIST:
		case N_ORDEREDLIST: {
			const char *start = model_attr(n, "startingnumber");

			fr.left += env->st->list_indent * env->m.em;
			fr.depth++;
			fr.item = start ? atoi(start) : 1;
			fr.sp = layout_new_list(env, fr.sp,
			    list_numbering(&fr));
			break;
		}
		case N_VARIABLELIST:
			fr.sp = layout_new_struct(env, LS_L, fr.sp);
			break;
		case N_LISTITEM:
			if (up->n->kind == N_VARLISTENTRY) {
				fr.left += env->st->list_indent * env->m.em;
				fr.sp = layout_new_struct(env, LS_LBODY, fr.sp);
			} else {
				fr.sp = layout_new_struct(env, LS_LBODY,
				    layout_new_struct(env, LS_LI, fr.sp));
				env->pending_marker = layout_intern(env,
				    list_marker(up, up->item++, buf,
				    sizeof buf));
				env->pending_marker_x = fr.left -
				    env->m.em * 0.5;
				env->pending_marker_bullet = up->n->kind ==
				    N_ITEMIZEDLIST;
				if (callout_is_item(n))
					listing_callout_item(env, n);
			}
			break;
		case N_VARLISTENTRY:
			fr.sp = layout_new_struct(env, LS_LI, fr.sp);
			break;
		case N_TERM: {
			struct para_opts po = body_opts(env, &fr);

			po.sp = layout_new_struct(env, LS_LBL, fr.sp);
			po.bold = true;
			po.align = TYPO_LEFT;
			po.block = 'h';
			para_node(env, n, &po, LBF_KEEP_NEXT);
			model_walk_skip(&w);
			continue;
		}
		case N_PROGRAMLISTING:
		case N_SCREEN:
		case N_LITERALLAYOUT:
			verbatim_block(env, n, &fr);
			model_walk_skip(&w);
			continue;
		case N_BLOCKQUOTE:
			fr.left += 2 * env->m.em;
			fr.right += 2 * env->m.em;
			fr.sp = layout_new_struct(env, LS_QUOTE, fr.sp);
			layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
			break;
		case N_ADMONITION: {
			struct node *title = model_title(n);
			struct para_opts po;
			char *t = title ? model_text(title) : NULL;
			const char *kind = l10n_admonition(n, env->lang);
			/* "注意：标题", "Note: Title"; a sidebar's title
			 * alone, or no heading */
			char *head = t && kind ? g_strdup_printf("%s%s%s",
			    kind, l10n_is_zh(env->lang) ? "：" : ": ", t) :
			    g_strdup(t ? t : kind);

			layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
			fr.bg = env->st->note_background;
			fr.bg_x = fr.left;
			fr.bg_w = env->m.measure - fr.left - fr.right;
			env->bg = fr.bg;
			env->bg_x = fr.bg_x;
			env->bg_w = fr.bg_w;
			fr.left += env->m.em;
			fr.right += env->m.em;
			layout_space(env, env->m.pitch * 0.5, LBF_KEEP_NEXT);
			po = body_opts(env, &fr);
			po.font = F_HEADING;
			po.align = TYPO_LEFT;
			po.block = 'h';
			if (head)
				para_text(env, head, &po, LBF_KEEP_NEXT);
			env->keep_lines = 2;
			g_free(head);
			g_free(t);
			break;
		}
		case N_FIGURE:
			layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
			fr.first_box = env->lay->boxes->len;
			break;
		case N_MEDIAOBJECT:
			/* An equation's image of its formula stands in for
			 * MathML that is not all Core, else is not drawn. */
			if (mathml_of_equation(n->parent) &&
			    mathml_is_all_laid_out(mathml_of_equation(n->parent))) {
				model_walk_skip(&w);
				continue;
			}
			/* An image's callout areas: the callouts link back
			 * to the image. */
			for (const struct node *c = n->first; c; c = c->next)
				if (strcmp(c->name, "areaspec") == 0)
					area_dests(env, c);
			/* Images are probed (and reported) by the main walk
			 * alone: probing writes env->images and may warn. */
			if (!env->speculative)
				layout_mediaobject(env, n, &fr);
			model_walk_skip(&w);
			continue;
		case N_TABLE:
			table_block(env, n, &fr);
			model_walk_skip(&w);
			continue;
		case N_BOOK:
			break;
		case N_INFO:
		case N_TITLE:
		case N_SUBTITLE:
		case N_AUTHOR:
		case N_DATE:
		case N_RELEASEINFO:
		case N_PUBLISHER:
		case N_COPYRIGHT:
		case N_ABSTRACT:
		case N_LEGALNOTICE:
		case N_ATTRIBUTION:
		case N_IMAGEDATA:
		case N_AVDATA:
		case N_TEXTOBJECT:
		case N_CAPTION:
		case N_COLSPEC:
		case N_SPANSPEC:
		case N_THEAD:
		case N_TBODY:
		case N_TFOOT:
		case N_ROW:
		case N_ENTRY:
		case N_TEXT:
		case N_EMPHASIS:
		case N_LINK:
		case N_XREF:
		case N_ANCHOR:
		case N_CODE:
		case N_REPLACEABLE:
		case N_QUOTE:
		case N_PHRASE:
		case N_SUPERSCRIPT:
		case N_SUBSCRIPT:
		case N_FOOTNOTE:
		case N_FOOTNOTEREF:
		case N_INDEXTERM:
		case N_INLINEMEDIA:
		case N_MATH:
		case N_MML:
		case N_UNKNOWN:
		case N__COUNT: {
			/* Not a block: validation puts inline content in
			 * paragraphs, so this is a part we do not lay out. */
			if (model_kind_class(n->kind) == NC_INLINE) {
				struct para_opts po = body_opts(env, &fr);

				para_node(env, n, &po, 0);
			}
			model_walk_skip(&w);
			continue;
		}
		}
		g_array_append_val(stack, fr);
	}
	g_array_free(stack, TRUE);
}

void
layout_pass_begin(struct layout_env *env, GHashTable *pages)
{
	/* Room for the boxes the pass will make, so the array is not
	 * copied as it grows: as many as the last pass made, and a little
	 * more (the PostgreSQL manual's passes make 129,000 boxes, 37 MB). */
	env->lay = layout_new_sized(env->boxes_made + env->boxes_made / 16);
	env->pages = pages;
	env->urls_seen = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	env->fn_numbers = g_hash_table_new(NULL, NULL);
	env->fn_count = 0;
	env->xref_serial = 0;
	env->para_serial = 0;
	env->keep_lines = 0;
	env->pending_marker = NULL;
	env->bg = NULL;
	g_ptr_array_set_size(env->pending_dests, 0);
}

struct layout *
layout_pass_end(struct layout_env *env)
{
	struct layout *l = env->lay;

	env->boxes_made = l->boxes->len;
	/* Targets after the last printed box: on the last box. */
	for (guint k = l->boxes->len; k > 0 && env->pending_dests->len; k--) {
		struct lbox *b = &g_array_index(l->boxes, struct lbox, k - 1);

		if (b->kind == LB_BREAK)
			continue;
		for (guint i = 0; i < env->pending_dests->len; i++)
			layout_add_dest(b, env->pending_dests->pdata[i]);
		g_ptr_array_set_size(env->pending_dests, 0);
	}
	g_ptr_array_set_size(env->pending_dests, 0);

	g_hash_table_destroy(env->urls_seen);
	g_hash_table_destroy(env->fn_numbers);
	env->urls_seen = env->fn_numbers = NULL;
	env->lay = NULL;
	return l;
}

static gpointer
helper_run(gpointer data)
{
	struct layout_env *h = data;

	layout_pass_begin(h, h->pages);
	walk_body(h, h->book->root);
	layout_free(layout_pass_end(h));
	return NULL;
}

/* Used neither by this walk nor since the last one (by pagination:
 * running heads and page numbers, see layout_body). */
static gboolean
para_stale(gpointer key, gpointer value, gpointer gen)
{
	return ((const struct para_key *)key)->gen + 1 < *(const unsigned *)gen;
}

/* Which xrefs of the last pass printed a page number, if it was not the
 * first (see xref_text). */
static void
remember_numbered(struct layout_env *env)
{
	guint n = env->xrefs->len;

	g_byte_array_set_size(env->numbered, 0);
	if (env->pass < 3 || n == 0)
		return;
	/* serials count up in walk order, as the xrefs came */
	g_byte_array_set_size(env->numbered, ((const struct xref_use *)
	    env->xrefs->pdata[n - 1])->serial + 1);
	memset(env->numbered->data, 0, env->numbered->len);
	for (guint i = 0; i < n; i++) {
		const struct xref_use *u = env->xrefs->pdata[i];

		env->numbered->data[u->serial] = *u->printed != '\0';
	}
}

struct layout *
layout_body(struct layout_env *env, GHashTable *pages)
{
	env->gen++;
	env->pass++;
	/* The helper sets ahead in the first pass only. Later passes find
	 * nearly every paragraph in the caches, and its walk would take the
	 * core the drawing thread needs (the PostgreSQL manual's third pass:
	 * 1.07 s with it, 0.85 s without). */
	if (env->helper && env->gen == 1) {
		env->helper->pages = pages;
		env->helper->gen = env->gen;
		env->helper_ready = false;
		env->helper_thread = g_thread_new("bookc-layout", helper_run,
		    env->helper);
	}
	layout_pass_begin(env, pages);
	if (env->pager.begin)
		env->pager.begin(env->pager.arg, env->lay);
	remember_numbered(env);
	g_ptr_array_set_size(env->xrefs, 0);
	g_ptr_array_set_size(env->index_uses, 0);
	env->xrefs_ok = 0;
	env->unsure = false;
	layout_body_opening(env);
	walk_body(env, env->book->root);
	if (env->helper_thread) {
		/* it stops where this walk passes it, or at the end */
		g_thread_join(env->helper_thread);
		env->helper_thread = NULL;
	}
	env->helper_ready = env->helper != NULL;
	if (env->pager.walked)
		env->pager.walked(env->pager.arg);
	/* Paragraphs the passes no longer use (text an xref's page number
	 * changed) would only grow the cache: nothing refers to them now. */
	g_hash_table_foreach_remove(env->paras, para_stale, &env->gen);
	if (env->helper)
		g_hash_table_foreach_remove(env->helper->paras, para_stale,
		    &env->gen);
	/* What is set from now until the next walk (pagination, the front
	 * matter) has a number of its own, so the next sweep keeps it. */
	env->gen++;
	return layout_pass_end(env);
}

/* Text bytes under n. */
gsize
layout_text_size(const struct node *n)
{
	struct walker w;
	const struct node *c;
	enum walk_event ev;
	gsize size = 0;

	model_walk_init(&w, n);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE)
		if (ev == WALK_ENTER && c->kind == N_TEXT && c->text)
			size += strlen(c->text);
	return size;
}

/* Below this much text a second thread costs more than it saves. */
#define HELPER_MIN_TEXT (256 * 1024)

bool
layout_env_helper(struct layout_env *env, PangoContext *ctx)
{
	const struct node *root = env->book->root, *split = NULL, *c;
	gsize total = env->text_total, before = 0;  /* text before c */
	struct walker w;
	enum walk_event ev;

	if (env->helper || total < HELPER_MIN_TEXT)
		return false;
	/*
	 * The main walk sets everything before split (and the images after
	 * it: the helper leaves those), then follows the helper through its
	 * part, finding its paragraphs set, and sets what is left once it
	 * has caught up. Split where the text before is the text after less
	 * a seventh: measured on the PostgreSQL manual (pass 1 2.28-2.32 s
	 * when the main walk waited for the helper at split, 2.16-2.21 s
	 * now; a fifth or a quarter gained a little more but raised the
	 * 1,000-page benchmark's peak memory). Its parts are too big to split
	 * between: split is a division down to a chapter's sections.
	 */
	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
		gsize after = total - before;

		if (ev != WALK_ENTER || c == root)
			continue;
		if (model_is_division(c->kind) && c != root->first &&
		    before + after / 7 >= after) {
			split = c;
			break;
		}
		if (model_is_division(c->kind) &&
		    (c->parent == root || c->parent->parent == root))
			continue;       /* into it */
		before += layout_text_size(c);
		model_walk_skip(&w);
	}
	if (split == NULL)
		return false;
	env->helper = layout_env_new_from(ctx, env->st, env->book, env);
	env->helper->speculative = true;
	env->helper->main_env = env;
	env->helper->split = split;
	env->split = split;
	return true;
}

/* Compares what index line u printed with what it would print in the
 * next pass, its terms placed as in pages: *same if nothing would
 * change, *wide if its width would not. */
static void
index_use_next(const struct layout_env *env, const struct index_use *u,
    GHashTable *pages, bool *same, bool *wide)
{
	const char *last = NULL;
	guint n = 0;

	*same = *wide = true;
	for (guint k = 0; k < u->dests->len; k++) {
		const char *label = g_hash_table_lookup(pages,
		    u->dests->pdata[k]);

		if (label == NULL)
			label = "??";
		if (last && strcmp(last, label) == 0)
			continue;
		last = label;
		if (n >= u->printed->len) {
			*same = *wide = false;
			return;
		}
		if (strcmp(label, u->printed->pdata[n]) != 0) {
			*same = false;
			if (!layout_same_width(env, label,
			    u->printed->pdata[n]))
				*wide = false;
		}
		n++;
	}
	if (n != u->printed->len)
		*same = *wide = false;
}

enum layout_settle
layout_xrefs_settle(const struct layout_env *env, GHashTable *pages,
    guint *changes)
{
	bool wide = true;
	guint n = 0;

	for (guint i = 0; i < env->xrefs->len; i++) {
		const struct xref_use *u = env->xrefs->pdata[i];
		const char *label = g_hash_table_lookup(pages, u->target);
		const char *mine = g_hash_table_lookup(pages, u->here);
		const char *next = xref_next(env, u, label, mine);

		if (strcmp(u->printed, next) == 0)
			continue;
		n++;
		if (!*u->printed || !*next ||
		    !layout_same_width(env, u->printed, next))
			wide = false;
	}
	for (guint i = 0; i < env->index_uses->len; i++) {
		bool same, w;

		index_use_next(env, env->index_uses->pdata[i], pages, &same,
		    &w);
		n += !same;
		wide = wide && w;
	}
	*changes = n;
	if (n == 0)
		return LAYOUT_SETTLED;
	return wide ? LAYOUT_SETTLE_NEXT : LAYOUT_UNSETTLED;
}

int
layout_xrefs_frontier(struct layout_env *env, GHashTable *pages)
{
	if (env->unsure)
		return -1;
	for (; env->xrefs_ok < env->xrefs->len; env->xrefs_ok++) {
		const struct xref_use *u = env->xrefs->pdata[env->xrefs_ok];
		const char *mine = g_hash_table_lookup(pages, u->here);
		const char *label = g_hash_table_lookup(pages, u->target);

		const char *first = u->start ?
		    g_hash_table_lookup(pages, u->start) : NULL;

		if (mine == NULL)
			return G_MAXINT;        /* not placed yet */
		/* Set again, its paragraph may break anywhere anew: from
		 * the page it starts on. */
		if (first == NULL)
			first = mine;
		if (label == NULL)
			return atoi(first);     /* its target is not placed */
		/* wrong: the cursor stays, and so does the answer */
		if (strcmp(u->printed, xref_next(env, u, label, mine)) != 0)
			return atoi(first);
	}
	return G_MAXINT;
}

bool
layout_dest_is_mark(const char *name)
{
	return g_str_has_prefix(name, "bookc-xref-") ||
	    g_str_has_prefix(name, "bookc-para-");
}

void
layout_set_pager(struct layout_env *env, const struct layout_pager *pager)
{
	if (pager)
		env->pager = *pager;
	else
		memset(&env->pager, 0, sizeof env->pager);
}
