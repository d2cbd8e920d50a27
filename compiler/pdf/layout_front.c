/*
 * Front matter (see layout_int.h): the title page, the table of contents
 * and the lists of figures and of tables, laid out after the body with
 * the page labels it got; the title block and the contents block a style
 * may put at the head of the body instead (layout_body_opening); and the
 * one-line boxes of running heads and page numbers (layout_text_box).
 */
#include <string.h>

#include "l10n.h"
#include "layout_int.h"

/* The book's title and its subtitles, centred: the title at scale
 * times the chapter size, subtitles at section depth sub_depth's size and
 * sub_pitch times that apart. */
static void
title_lines(struct layout_env *env, struct para_opts *po, double scale,
    unsigned sub_depth, double sub_pitch, unsigned flags)
{
	const struct node *info = model_book_info(env->book);
	struct node *title = model_title(env->book->root);

	/* the book's title heads the document's structure (H1); the
	 * abstract's heading under it is H2 */
	po->block = 'h';
	po->level = 1;
	po->font = F_HEADING;
	po->align = TYPO_CENTER;
	po->size = layout_heading_size(env, 0) * scale;
	po->pitch = layout_ceil_to(po->size * 1.4, env->m.pitch / 4);
	po->color = env->st->heading_color;
	if (title)
		para_node(env, title, po, flags);
	po->block = 'o';
	po->level = 0;
	po->font = F_BODY;
	po->size = layout_heading_size(env, sub_depth);
	po->pitch = layout_ceil_to(po->size * sub_pitch, env->m.pitch / 4);
	po->color = NULL;
	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		if (c->kind == N_SUBTITLE)
			para_node(env, c, po, flags);
}

/* The paragraphs of an abstract or legal notice, inset 2 em each side. */
static void
inset_paras(struct layout_env *env, const struct node *c)
{
	struct frame fr = { 0 };
	struct para_opts po;

	fr.left = fr.right = 2 * env->m.em;
	for (const struct node *p = c->first; p; p = p->next) {
		if (model_kind_content(p->kind) != CT_INLINE)
			continue;
		po = body_opts(env, &fr);
		po.indent = para_indented(p) ? env->st->indent * env->m.em : 0;
		para_node(env, p, &po, 0);
	}
}

static void
title_page(struct layout_env *env)
{
	const struct node *info = model_book_info(env->book);
	struct frame fr = { 0 };
	struct para_opts po = body_opts(env, &fr);
	double y = 0;
	guint at;

	layout_space(env, env->m.body_h * 0.22, LBF_NOFOLIO | LBF_OPENING);
	title_lines(env, &po, 1.4, 1, 1.6, 0);
	layout_space(env, 3 * env->m.pitch, 0);
	po.size = env->m.em * 1.2;
	po.pitch = env->m.pitch * 1.2;
	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		if (c->kind == N_AUTHOR)
			para_node(env, c, &po, 0);
	layout_space(env, env->m.pitch, 0);
	po.size = env->m.em;
	po.pitch = env->m.pitch;
	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		if (c->kind == N_RELEASEINFO || c->kind == N_DATE ||
		    c->kind == N_PUBLISHER)
			para_node(env, c, &po, 0);
		else if (c->kind == N_COPYRIGHT) {
			char *t = model_copyright_text(c);

			para_text(env, t, &po, 0);
			g_free(t);
		}
	for (guint i = 0; i < env->lay->boxes->len; i++)
		y += g_array_index(env->lay->boxes, struct lbox, i).h;
	for (const struct node *c = info ? info->first : NULL; c; c = c->next) {
		if (c->kind != N_ABSTRACT && c->kind != N_LEGALNOTICE)
			continue;
		layout_space(env, 2 * env->m.pitch, 0);
		po = body_opts(env, &fr);
		po.font = F_HEADING;
		po.align = TYPO_CENTER;
		po.block = 'h';
		po.level = 2;
		at = env->lay->boxes->len;
		para_text(env, l10n_text(env->lang, c->kind == N_ABSTRACT ?
		    L_ABSTRACT : L_LEGALNOTICE), &po, LBF_KEEP_NEXT);
		(void)at;
		inset_paras(env, c);
	}
	(void)y;
}

/*
 * One entry of the contents or of a list of figures or tables: label and
 * title (or fallback), dot leaders, the page number at the right, all a
 * link to dest. left is the indent; chapter entries (strong) are set in
 * the heading font with space above. toc: the TOC it is an entry of.
 */
static void
toc_line(struct layout_env *env, const struct lstruct *toc,
    const char *label, const struct node *title, const char *fallback,
    const char *dest, double left, bool strong, const char *page)
{
	struct frame fr = { 0 };
	struct para_opts po;
	double numw = 3 * env->m.em;
	struct flat f, nf;
	struct typo_para *tp, *np;
	guint first;
	struct lbox *last;
	double tail_w;
	struct flat_link ln;
	const char *entry;

	fr.left = left;
	fr.right = numw;
	fr.sp = toc;
	po = body_opts(env, &fr);
	po.align = TYPO_LEFT;
	po.indent = 0;
	po.block = 'o';
	if (strong) {
		po.font = F_HEADING;
		layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
	}
	flat_init(&f, false);
	f.toc_entry = true;
	flat_label_title(env, &f, label, title);
	if (title == NULL && fallback)
		g_string_append(f.text, fallback);
	ln.s = 0;
	ln.e = (int)f.text->len;
	ln.uri = NULL;
	ln.dest = dest;
	/* the entry's own links would compete with the jump: drop them */
	g_array_set_size(f.links, 0);
	g_array_set_size(f.marks, 0);
	g_array_append_val(f.links, ln);
	tp = set_para(env, env->lay, &f, &po);
	first = env->lay->boxes->len;
	emit_lines(env, env->lay->boxes, tp, &f, &po, env->m.em, true, 0);
	/* the page number's link says what it leads to, as the entry's */
	{
		char *t = g_strstrip(g_strdup(f.text->str));

		entry = layout_intern(env, t);
		g_free(t);
	}
	flat_done(&f);
	last = &g_array_index(env->lay->boxes, struct lbox,
	    env->lay->boxes->len - 1);
	for (guint i = first; i + 1 < env->lay->boxes->len; i++)
		g_array_index(env->lay->boxes, struct lbox, i).flags |=
		    LBF_KEEP_NEXT;
	flat_init(&nf, false);
	g_string_append(nf.text, page ? page : "");
	/* In the body (contents = inline) the number may change with the
	 * next pass: in figures of one width, like an xref's. */
	if (page && env->pager.label)
		flat_attr(&nf, pango_attr_font_features_new("hwid"), 0,
		    (int)strlen(page));
	po.x = 0;
	po.width = env->m.measure;
	np = set_para(env, env->lay, &nf, &po);
	flat_done(&nf);
	last->tail = np->lines[0];
	tail_w = last->tail->width / PS;
	last->tail_x = env->m.measure;
	last->lead_x0 = last->x + last->w + env->m.em * 0.5;
	last->lead_x1 = env->m.measure - tail_w - env->m.em * 0.5;
	/* the page number links too */
	if (page) {
		struct layout_link ll = { env->m.measure - tail_w - last->x,
		    tail_w, NULL, dest, entry };

		if (last->links == NULL)
			last->links = g_array_new(FALSE, FALSE,
			    sizeof(struct layout_link));
		g_array_append_val(last->links, ll);
	}
}

/*
 * The page label an entry of the contents prints for dest: from pages
 * in the front matter (laid out after the body); in the body (contents
 * = inline) as far as this pass knows, like an index line, and recorded
 * as one (struct index_use) so layout_xrefs_settle sees it move.
 */
static const char *
toc_page(struct layout_env *env, const char *dest, GHashTable *pages,
    char *buf, size_t len)
{
	const char *label;
	bool sure;
	struct index_use *use;

	if (env->pager.label == NULL)
		return pages ? g_hash_table_lookup(pages, dest) : NULL;
	label = layout_label_of(env, dest, &sure);
	if (!sure)
		env->unsure = true;
	if (label == NULL)
		label = env->pages ? "??" : env->guess;
	g_strlcpy(buf, label, len);
	use = g_new(struct index_use, 1);
	use->dests = g_ptr_array_new_with_free_func(g_free);
	use->printed = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(use->dests, g_strdup(dest));
	g_ptr_array_add(use->printed, g_strdup(buf));
	g_ptr_array_add(env->index_uses, use);
	return buf;
}

/* A division in the contents: chapters (level 0), then sections indented
 * by level. */
static void
toc_entry(struct layout_env *env, const struct lstruct *toc,
    const struct node *div, unsigned level, GHashTable *pages)
{
	char *label = l10n_division_label(div, env->st, env->lang);
	const char *dest = layout_dest_of(env, div);
	char buf[24];

	/* (chapters stand out on pages of their own, not in a block) */
	toc_line(env, toc, label, model_title(div), div->kind == N_PREFACE ?
	    l10n_text(env->lang, L_PREFACE) : NULL, dest,
	    level == 0 ? 0 : (level * 2 - 1) * env->m.em,
	    level == 0 && env->pager.label == NULL,
	    toc_page(env, dest, pages, buf, sizeof buf));
	g_free(label);
}

/* The heading that opens the contents or a list: a page's opening, the
 * running head and an outline entry; dest names it for links. */
static void
front_heading(struct layout_env *env, const char *text, const char *dest)
{
	struct frame fr = { 0 };
	struct para_opts po;
	struct lbox *b;
	guint first;

	layout_space(env, 3 * env->m.pitch, LBF_OPENING | LBF_KEEP_NEXT);
	po = body_opts(env, &fr);
	po.font = F_HEADING;
	po.size = layout_heading_size(env, 0);
	po.pitch = layout_ceil_to(po.size * 1.4, env->m.pitch / 4);
	po.align = env->st->heading_center ? TYPO_CENTER : TYPO_LEFT;
	po.color = env->st->heading_color;
	po.block = 'h';
	po.level = 1;
	first = env->lay->boxes->len;
	g_ptr_array_add(env->pending_dests, (gpointer)dest);
	para_text(env, text, &po, LBF_KEEP_NEXT | LBF_OPENING);
	b = &g_array_index(env->lay->boxes, struct lbox, first);
	b->chapter_mark = layout_intern(env, text);
	b->section_mark = "";
	b->outline = g_new0(struct layout_outline, 1);
	b->outline->level = 1;
	b->outline->title = layout_intern(env, text);
	b->outline->dest = dest;
	layout_space(env, layout_ceil_to(po.pitch, env->m.pitch) - po.pitch +
	    2 * env->m.pitch, LBF_KEEP_NEXT);
}

/* The chapter (or appendix, preface, part) a figure is numbered in. */
static const struct node *
numbered_in(const struct node *n)
{
	while (n && n->kind != N_CHAPTER && n->kind != N_APPENDIX &&
	    n->kind != N_PREFACE && n->kind != N_PART)
		n = n->parent;
	return n;
}

/* A list of figures or of tables (items in book order) on pages of its
 * own; a little space between chapters, as in LaTeX's lists. */
static void
formal_list(struct layout_env *env, const GPtrArray *items,
    enum l10n_text title, const char *dest, GHashTable *pages)
{
	const struct node *chapter = NULL;
	const struct lstruct *toc;

	if (items->len == 0)
		return;
	layout_page_break(env, env->m.two_sided ? LBF_RECTO : 0);
	front_heading(env, l10n_text(env->lang, title), dest);
	toc = layout_new_struct(env, LS_TOC, NULL);
	for (guint i = 0; i < items->len; i++) {
		const struct node *n = items->pdata[i];
		char *label = l10n_formal_label(n, env->lang);

		if (i > 0 && numbered_in(n) != chapter)
			layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
		chapter = numbered_in(n);
		toc_line(env, toc, label, model_title(n), NULL,
		    layout_dest_of(env, n), 0, false, pages ?
		    g_hash_table_lookup(pages, layout_dest_of(env, n)) :
		    NULL);
		g_free(label);
	}
}

/* The contents' entries, in book order: divisions down to depth
 * (chapters are 0). */
static void
toc_entries(struct layout_env *env, unsigned depth, GHashTable *pages)
{
	const struct lstruct *toc = layout_new_struct(env, LS_TOC, NULL);
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, env->book->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		if (ev != WALK_ENTER || n == env->book->root)
			continue;
		switch (n->kind) {
		case N_PART:
			toc_entry(env, toc, n, 0, pages);
			break;
		case N_PREFACE:
		case N_CHAPTER:
		case N_APPENDIX:
			toc_entry(env, toc, n, 0, pages);
			if (depth == 0)
				model_walk_skip(&w);
			break;
		case N_SECTION:
			if (n->depth <= depth)
				toc_entry(env, toc, n, n->depth, pages);
			else
				model_walk_skip(&w);
			break;
		default:
			if (model_kind_class(n->kind) != NC_BLOCK ||
			    !model_is_division(n->kind))
				if (n->kind != N_DIV)
					model_walk_skip(&w);
			break;
		}
	}
}

bool
layout_has_front(const struct layout_env *env)
{
	return strcmp(env->st->title, "page") == 0 ||
	    strcmp(env->st->contents, "pages") == 0;
}

const struct style *
layout_style(const struct layout_env *env)
{
	return env->st;
}

struct layout *
layout_front(struct layout_env *env, GHashTable *pages)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	GPtrArray *figures, *tables;

	layout_pass_begin(env, pages);
	if (strcmp(env->st->title, "page") == 0)
		title_page(env);
	if (strcmp(env->st->contents, "pages") != 0)
		return layout_pass_end(env);
	layout_page_break(env, env->m.two_sided ? LBF_RECTO : 0);
	front_heading(env, l10n_text(env->lang, L_CONTENTS), "bookc-contents");
	/* Three levels: chapters, sections, subsections. */
	toc_entries(env, 3, pages);
	/* Figures and tables are anywhere in the body. */
	figures = g_ptr_array_new();
	tables = g_ptr_array_new();
	model_walk_init(&w, env->book->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE)
		if (ev == WALK_ENTER && layout_listed(env, n))
			g_ptr_array_add(model_formal_list(n) == FL_TABLES ?
			    tables : figures, (gpointer)n);
	formal_list(env, figures, L_LIST_OF_FIGURES, "bookc-figures", pages);
	formal_list(env, tables, L_LIST_OF_TABLES, "bookc-tables", pages);
	g_ptr_array_free(figures, TRUE);
	g_ptr_array_free(tables, TRUE);
	return layout_pass_end(env);
}

/* The text of info's children of kind, joined with sep (NULL: none). */
static char *
info_joined(const struct node *info, const enum node_kind *kinds, size_t n,
    const char *sep)
{
	GString *s = g_string_new(NULL);

	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		for (size_t k = 0; k < n; k++) {
			char *t;

			if (c->kind != kinds[k])
				continue;
			t = g_strstrip(model_text(c));
			if (*t)
				g_string_append_printf(s, "%s%s",
				    s->len ? sep : "", t);
			g_free(t);
		}
	return g_string_free(s, s->len == 0);
}

/*
 * The title block ([page] title = block): the title, subtitle, the
 * authors, edition and date on one line, and the abstract, at the top
 * of the first page, the text following at once. No running head on
 * that page (LBF_OPENING).
 */
static void
title_block(struct layout_env *env)
{
	static const enum node_kind line_kinds[] = { N_AUTHOR, N_RELEASEINFO,
	    N_DATE };
	const struct node *info = model_book_info(env->book);
	struct frame fr = { 0 };
	struct para_opts po = body_opts(env, &fr);
	guint first = env->lay->boxes->len;
	double used = 0;
	char *line;

	title_lines(env, &po, 1.2, 2, 1.5, LBF_KEEP_NEXT);
	po.size = env->m.em * 0.9;
	po.pitch = env->m.pitch;
	line = info_joined(info, line_kinds, G_N_ELEMENTS(line_kinds),
	    l10n_is_zh(env->lang) ? "\u3000" : " \u00b7 ");
	if (line)
		para_text(env, line, &po, LBF_KEEP_NEXT);
	g_free(line);
	for (guint i = first; i < env->lay->boxes->len; i++) {
		struct lbox *b = &g_array_index(env->lay->boxes, struct lbox,
		    i);

		b->flags |= LBF_OPENING | LBF_KEEP_NEXT;
		used += b->h;
	}
	/* back on the body's grid */
	layout_space(env, layout_ceil_to(used, env->m.pitch) - used +
	    0.5 * env->m.pitch, LBF_KEEP_NEXT);
	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		if (c->kind == N_ABSTRACT)
			inset_paras(env, c);
}

/* The contents as a block in the body ([toc] contents = inline): a small
 * heading and one line a chapter, or, in an article, a top-level
 * section; nothing where there is neither. */
static void
contents_block(struct layout_env *env)
{
	struct frame fr = { 0 };
	struct para_opts po = body_opts(env, &fr);
	const char *text = l10n_text(env->lang, L_CONTENTS);
	bool chapters = false, sections = false;
	struct lbox *b;
	guint first;

	for (const struct node *c = env->book->root->first; c; c = c->next) {
		chapters |= c->kind == N_PART || c->kind == N_CHAPTER ||
		    c->kind == N_APPENDIX || c->kind == N_PREFACE;
		sections |= c->kind == N_SECTION;
	}
	if (!chapters && !sections)
		return;

	layout_space(env, env->m.pitch, LBF_DISCARD);
	po.font = F_HEADING;
	po.align = TYPO_LEFT;
	po.color = env->st->heading_color;
	po.block = 'h';
	po.level = 1;
	first = env->lay->boxes->len;
	g_ptr_array_add(env->pending_dests, (gpointer)"bookc-contents");
	para_text(env, text, &po, LBF_KEEP_NEXT);
	b = &g_array_index(env->lay->boxes, struct lbox, first);
	b->outline = g_new0(struct layout_outline, 1);
	b->outline->level = 1;
	b->outline->title = layout_intern(env, text);
	b->outline->dest = "bookc-contents";
	env->keep_lines = 2;
	toc_entries(env, chapters ? 0 : 1, NULL);
}

/*
 * A book of a set opens with its own title page, as DocBook XSL sets it:
 * under the title (chapter_opening), its subtitles and its authors,
 * centred, from the book's own info.
 */
void
layout_set_book_credits(struct layout_env *env, const struct node *book,
    struct para_opts *po)
{
	const struct node *info = NULL;

	for (const struct node *c = book->first; c && !info; c = c->next)
		if (c->kind == N_INFO)
			info = c;
	po->block = 'o';
	po->level = 0;
	po->font = F_BODY;
	po->color = NULL;
	po->align = TYPO_CENTER;
	po->size = layout_heading_size(env, 1);
	po->pitch = layout_ceil_to(po->size * 1.6, env->m.pitch / 4);
	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		if (c->kind == N_SUBTITLE)
			para_node(env, c, po, LBF_KEEP_NEXT);
	layout_space(env, 2 * env->m.pitch, LBF_KEEP_NEXT);
	po->size = env->m.em * 1.2;
	po->pitch = env->m.pitch * 1.2;
	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		if (c->kind == N_AUTHOR)
			para_node(env, c, po, LBF_KEEP_NEXT);
}

void
layout_body_opening(struct layout_env *env)
{
	guint first = env->lay->boxes->len;

	if (strcmp(env->st->title, "block") == 0)
		title_block(env);
	if (strcmp(env->st->contents, "inline") == 0)
		contents_block(env);
	env->after_opening = env->lay->boxes->len > first;
	if (env->after_opening)
		layout_space(env, env->m.pitch, LBF_DISCARD);
}

struct lbox
layout_text_box(struct layout_env *env, struct layout *l, const char *text,
    enum layout_role role, enum typo_align align, double width)
{
	struct para_opts po = { 0 };
	struct flat f;
	struct typo_para *tp;
	struct lbox b = { .kind = LB_LINE };
	double size = env->m.em * (role == LR_HEAD ? 0.85 : 0.9);

	po.font = F_BODY;
	po.size = size;
	po.width = width;
	po.pitch = env->m.pitch;
	po.align = align;
	flat_init(&f, false);
	g_string_append(f.text, text);
	if (role == LR_FOLIO_EVEN)
		flat_attr(&f, pango_attr_font_features_new("hwid"), 0,
		    (int)f.text->len);
	tp = set_para(env, l, &f, &po);
	flat_done(&f);
	b.line = tp->lines[0];
	b.x = tp->lines[0]->x / PS;
	b.w = tp->lines[0]->width / PS;
	b.h = env->m.pitch;
	b.baseline = layout_baseline_in(env->m.pitch, size);
	b.block = 'o';
	b.align = align;
	b.right = width;
	b.flags = LBF_PARA_FIRST | LBF_PARA_LAST | LBF_ARTIFACT;
	return b;
}
