/*
 * Pagination (see paginate.h): a first-fit page breaker over the box
 * stream. A page takes boxes while they fit; when one does not, the page
 * ends after the last box that allows a break (no LBF_KEEP_NEXT), which
 * keeps headings with their next lines, paragraphs free of widows and
 * orphans, and short blocks whole. A run of kept boxes taller than a page
 * breaks where it must. Footnotes take room from the bottom of the page
 * that references them.
 */
#include <stdio.h>
#include <string.h>

#include "paginate.h"
#include "style.h"

#define EPS 0.01

struct filler {
	struct layout_env *env;
	const struct layout_metrics *m;
	const struct layout *l;
	GPtrArray *pages;
	struct layout *extra;
	GHashTable *dests;
	int number;
	bool roman;
	const char *chapter;    /* running head marks carried between pages */
	const char *section;
	guint next;             /* the first box not placed yet */
	int total;              /* see page_filler_set_total */
	bool own;               /* pages copy their boxes (the layout still
	                           grows: see page_filler_new) */
};

static void
roman_numeral(int n, char *buf, size_t len)
{
	static const struct { int v; const char *s; } t[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
		{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
		{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
	};
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < G_N_ELEMENTS(t) && n > 0; i++)
		while (n >= t[i].v && at + strlen(t[i].s) < len) {
			strcpy(buf + at, t[i].s);
			at += strlen(t[i].s);
			n -= t[i].v;
		}
}

/* A page's printed number: roman in the front matter. */
static void
page_label(int n, bool roman, char *buf, size_t len)
{
	if (roman)
		roman_numeral(n, buf, len);
	else
		snprintf(buf, len, "%d", n);
}

static struct page *
page_new(struct filler *fl)
{
	struct page *p = g_new0(struct page, 1);

	p->number = fl->number++;
	p->roman = fl->roman;
	page_label(p->number, p->roman, p->label, sizeof p->label);
	p->recto = p->number % 2 == 1;
	p->items = g_array_new(FALSE, TRUE, sizeof(struct page_item));
	g_ptr_array_add(fl->pages, p);
	return p;
}

void
page_add_blank(GPtrArray *pages, bool roman)
{
	struct page *last = pages->len ? pages->pdata[pages->len - 1] : NULL;
	struct page *p = g_new0(struct page, 1);

	p->number = last ? last->number + 1 : 1;
	p->roman = roman;
	page_label(p->number, roman, p->label, sizeof p->label);
	p->recto = p->number % 2 == 1;
	p->blank = true;
	p->items = g_array_new(FALSE, TRUE, sizeof(struct page_item));
	g_ptr_array_add(pages, p);
}

void
page_free(struct page *p)
{
	if (p == NULL)
		return;
	g_array_free(p->items, TRUE);
	if (p->own)
		g_ptr_array_free(p->own, TRUE);
	g_free(p);
}

/* A copy of b the page keeps (shallow: its pointers stay borrowed). */
static struct lbox *
page_own(struct page *p, const struct lbox *b)
{
	struct lbox *c = g_new(struct lbox, 1);

	*c = *b;
	if (p->own == NULL)
		p->own = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(p->own, c);
	return c;
}

static double
page_left(const struct layout_metrics *m, const struct page *p)
{
	return p->recto ? m->left_recto : m->left_verso;
}

static void
note_dests(struct filler *fl, const struct page *p, const struct lbox *b)
{
	if (b->dests)
		for (guint i = 0; i < b->dests->len; i++)
			if (!g_hash_table_contains(fl->dests, b->dests->pdata[i]))
				g_hash_table_insert(fl->dests,
				    g_strdup(b->dests->pdata[i]),
				    g_strdup(p->label));
	if (b->kids)
		for (guint i = 0; i < b->kids->len; i++)
			note_dests(fl, p, &g_array_index(b->kids, struct lbox,
			    i));
}

static void
place(struct filler *fl, struct page *p, const struct lbox *b, double y)
{
	struct page_item it;

	if (fl->own)
		b = page_own(p, b);
	it.b = b;
	it.x = page_left(fl->m, p) + b->x;
	it.y = y;
	g_array_append_val(p->items, it);
	note_dests(fl, p, b);
}

static double
fn_height(const struct filler *fl, const struct lbox *b, double sofar)
{
	double h = 0;

	if (b->fns == NULL || b->fns->len == 0)
		return 0;
	for (guint i = 0; i < b->fns->len; i++) {
		int k = g_array_index(b->fns, int, i);
		const struct layout_fn *fn = fl->l->fns->pdata[k];

		h += fn->h;
	}
	if (sofar == 0)
		h += fl->m->pitch;     /* room for the rule above the notes */
	return h;
}

static double
header_height(const struct filler *fl, const struct lbox *b)
{
	double h = 0;

	if (b->kind != LB_ROW || b->header < 0)
		return 0;
	for (int i = 0; i < b->nheader; i++)
		h += g_array_index(fl->l->boxes, struct lbox,
		    b->header + i).h;
	return h;
}

/* Finds where the page starting at box i ends (exclusive). */
static guint
find_end(const struct filler *fl, guint start)
{
	const GArray *bx = fl->l->boxes;
	double y = 0, fnh = 0, limit = fl->m->body_h + EPS;
	guint j, last_ok = G_MAXUINT;

	if (start < bx->len)
		y += header_height(fl, &g_array_index(bx, struct lbox, start));
	for (j = start; j < bx->len; j++) {
		const struct lbox *b = &g_array_index(bx, struct lbox, j);
		double fx;

		if (b->kind == LB_BREAK)
			return j;
		fx = fn_height(fl, b, fnh);
		if (j > start && y + b->h + fnh + fx > limit)
			return last_ok != G_MAXUINT ? last_ok + 1 : j;
		y += b->h;
		fnh += fx;
		if (!(b->flags & LBF_KEEP_NEXT))
			last_ok = j;
	}
	return j;
}

static void
text_item(struct filler *fl, struct page *p, const char *text,
    enum layout_role role, enum typo_align align, double baseline_y)
{
	struct lbox b = layout_text_box(fl->env, fl->extra, text, role, align,
	    fl->m->measure);
	struct page_item it = { .b = page_own(p, &b) };

	it.x = page_left(fl->m, p) + b.x;
	it.y = baseline_y - b.baseline;
	g_array_append_val(p->items, it);
}

/* Running head, its rule, and the page number. */
static void
decorate(struct filler *fl, struct page *p, bool opening, bool nofolio,
    const char *page_section)
{
	const char *head;
	const char *numbers = layout_style(fl->env)->page_numbers;
	enum typo_align a;

	if (!opening && fl->chapter && fl->chapter[0] &&
	    layout_style(fl->env)->running_heads) {
		head = fl->chapter;
		a = TYPO_CENTER;
		if (fl->m->two_sided) {
			a = p->recto ? TYPO_RIGHT : TYPO_LEFT;
			if (p->recto) {
				if (page_section && page_section[0])
					head = page_section;
				else if (fl->section && fl->section[0])
					head = fl->section;
			}
		}
		text_item(fl, p, head, LR_HEAD, a, fl->m->head_y);
		{
			struct lbox rule = { .kind = LB_RULE };
			struct page_item it = { 0 };

			rule.w = fl->m->measure;
			rule.weight = 0.4;
			rule.flags = LBF_ARTIFACT;      /* the head's */
			it.b = page_own(p, &rule);
			it.x = page_left(fl->m, p);
			it.y = fl->m->head_y + fl->m->pitch * 0.3;
			g_array_append_val(p->items, it);
		}
	}
	if (!nofolio && strcmp(numbers, "none") != 0) {
		a = TYPO_CENTER;
		if (fl->m->two_sided)
			a = p->recto ? TYPO_RIGHT : TYPO_LEFT;
		if (strcmp(numbers, "of-total") == 0 &&
		    !p->roman) {
			char buf[48];

			/* (0: the first pass, which is never drawn) */
			snprintf(buf, sizeof buf, "%s / %d", p->label,
			    fl->total);
			text_item(fl, p, buf, LR_FOLIO_EVEN, a,
			    fl->m->foot_y);
		} else {
			text_item(fl, p, p->label, LR_FOLIO, a,
			    fl->m->foot_y);
		}
	}
}

static void
fill_page(struct filler *fl, guint start, guint end)
{
	const GArray *bx = fl->l->boxes;
	struct page *p = page_new(fl);
	double y = fl->m->top;
	GArray *fns = g_array_new(FALSE, FALSE, sizeof(int));
	bool opening = false, nofolio = false;
	const char *page_section = NULL;
	guint i = start;

	/* Space at the top of a page goes, but not the targets on it. */
	for (; i < end; i++) {
		const struct lbox *b = &g_array_index(bx, struct lbox, i);
		struct lbox z;

		if (b->kind != LB_SPACE || !(b->flags & LBF_DISCARD))
			break;
		if (b->dests) {
			z = *b;
			z.h = 0;
			z.bg = NULL;
			place(fl, p, page_own(p, &z), y);
		}
	}
	if (i < end) {
		const struct lbox *b = &g_array_index(bx, struct lbox, i);

		if (b->kind == LB_ROW && b->header >= 0)
			for (int k = 0; k < b->nheader; k++) {
				const struct lbox *h = &g_array_index(bx,
				    struct lbox, b->header + k);
				struct lbox hc = *h;

				/* a repeated header carries no targets, and
				 * is no part of the structure tree */
				hc.flags |= LBF_ARTIFACT;
				hc.dests = NULL;
				hc.outline = NULL;
				hc.fns = NULL;
				place(fl, p, page_own(p, &hc), y);
				y += h->h;
			}
	}
	for (; i < end; i++) {
		const struct lbox *b = &g_array_index(bx, struct lbox, i);

		if (b->flags & LBF_OPENING)
			opening = true;
		if (b->flags & LBF_NOFOLIO)
			nofolio = true;
		if (b->chapter_mark) {
			fl->chapter = b->chapter_mark;
			fl->section = NULL;
		}
		if (b->section_mark) {
			if (b->section_mark[0] && page_section == NULL)
				page_section = b->section_mark;
			fl->section = b->section_mark;
		}
		place(fl, p, b, y);
		y += b->h;
		if (b->fns)
			g_array_append_vals(fns, b->fns->data, b->fns->len);
	}
	/* A table broken here gets its closing rule on this page. */
	if (p->items->len) {
		struct page_item *last = &g_array_index(p->items,
		    struct page_item, p->items->len - 1);

		if (last->b->kind == LB_ROW &&
		    !(last->b->flags & LBF_OPEN_BOTTOM)) {
			struct lbox *row = page_own(p, last->b);

			row->flags |= LBF_RULE_BELOW;
			last->b = row;
		}
	}
	if (fns->len) {
		double h = 0, fy;
		struct page_item rule = { 0 };
		struct lbox rb = { .kind = LB_RULE };

		for (guint k = 0; k < fns->len; k++)
			h += ((const struct layout_fn *)fl->l->fns->pdata[
			    g_array_index(fns, int, k)])->h;
		fy = fl->m->top + fl->m->body_h - h;
		rb.w = fl->m->measure / 4;
		rb.weight = 0.5;
		rule.b = page_own(p, &rb);
		rule.x = page_left(fl->m, p);
		rule.y = fy - fl->m->pitch * 0.5;
		g_array_append_val(p->items, rule);
		for (guint k = 0; k < fns->len; k++) {
			const struct layout_fn *fn = fl->l->fns->pdata[
			    g_array_index(fns, int, k)];

			for (guint j = 0; j < fn->boxes->len; j++) {
				const struct lbox *b = &g_array_index(
				    fn->boxes, struct lbox, j);

				place(fl, p, b, fy);
				fy += b->h;
			}
		}
	}
	g_array_free(fns, TRUE);
	decorate(fl, p, opening, nofolio, page_section);
}

/* Whether a break follows box i (else the boxes end). */
static bool
break_follows(const GArray *bx, guint i)
{
	for (; i < bx->len; i++)
		if (g_array_index(bx, struct lbox, i).kind == LB_BREAK)
			return true;
	return false;
}

static bool
box_has_dest(const struct lbox *b, const char *dest)
{
	if (b->dests)
		for (guint i = 0; i < b->dests->len; i++)
			if (strcmp(b->dests->pdata[i], dest) == 0)
				return true;
	if (b->kids)
		for (guint i = 0; i < b->kids->len; i++)
			if (box_has_dest(&g_array_index(b->kids, struct lbox,
			    i), dest))
				return true;
	return false;
}

/* Whether nothing but discardable space is left before the next break:
 * such space must not make a page of its own. */
static bool
only_space_left(const GArray *bx, guint i)
{
	for (; i < bx->len; i++) {
		const struct lbox *b = &g_array_index(bx, struct lbox, i);

		if (b->kind == LB_BREAK)
			return true;
		if (b->kind != LB_SPACE || !(b->flags & LBF_DISCARD))
			return false;
	}
	return true;
}

struct filler *
page_filler_new(struct layout_env *env, const struct layout *l,
    GPtrArray *pages, int first, bool roman, struct layout *extra,
    GHashTable *dests, bool own)
{
	struct filler *fl = g_new0(struct filler, 1);

	fl->env = env;
	fl->m = layout_metrics(env);
	fl->l = l;
	fl->pages = pages;
	fl->extra = extra;
	fl->dests = dests;
	fl->number = first;
	fl->roman = roman;
	fl->own = own;
	return fl;
}

void
page_filler_run(struct filler *fl, bool final)
{
	const GArray *bx = fl->l->boxes;
	guint i = fl->next;

	while (i < bx->len) {
		const struct lbox *b = &g_array_index(bx, struct lbox, i);
		guint end;

		if (b->kind == LB_BREAK) {
			if ((b->flags & LBF_RECTO) && fl->number % 2 == 0 &&
			    fl->pages->len > 0) {
				page_add_blank(fl->pages, fl->roman);
				fl->number++;
			}
			i++;
			continue;
		}
		if (only_space_left(bx, i)) {
			/* up to a break, or to the end of the book */
			if (!final && !break_follows(bx, i))
				break;
			i++;
			continue;
		}
		end = find_end(fl, i);
		/* A page the boxes to come could still add to waits. */
		if (!final && end >= bx->len)
			break;
		if (end == i)
			end = i + 1;
		fill_page(fl, i, end);
		i = end;
	}
	fl->next = i;
}

void
page_filler_set_total(struct filler *fl, int total)
{
	fl->total = total;
}

const char *
page_filler_predict(const struct filler *fl, const char *dest, double dy,
    char *buf, size_t len)
{
	const GArray *bx = fl->l->boxes;
	double y = 0, fnh = 0, body = fl->m->body_h + EPS;
	int number = fl->number;
	bool found = false;

	for (guint i = fl->next; i < bx->len && !found; i++) {
		const struct lbox *b = &g_array_index(bx, struct lbox, i);
		double fx;

		if (b->kind == LB_BREAK) {
			if (y > 0)
				number++;
			y = fnh = 0;
			continue;
		}
		if (y == 0 && b->kind == LB_SPACE && (b->flags & LBF_DISCARD))
			continue;
		fx = fn_height(fl, b, fnh);
		if (y > 0 && y + b->h + fnh + fx > body) {
			number++;
			y = fnh = 0;
			fx = fn_height(fl, b, 0);
		}
		found = dest && box_has_dest(b, dest);
		y += b->h;
		fnh += fx;
	}
	if (!found)
		for (y += dy + fnh; y > body; y -= body)
			number++;
	page_label(number, fl->roman, buf, len);
	return buf;
}

bool
page_filler_waiting(const struct filler *fl, const char *dest)
{
	const GArray *bx = fl->l->boxes;

	for (guint i = fl->next; i < bx->len; i++) {
		const struct lbox *b = &g_array_index(bx, struct lbox, i);

		if (box_has_dest(b, dest))
			return true;
	}
	return false;
}

void
page_filler_free(struct filler *fl)
{
	g_free(fl);
}

void
page_fill(struct layout_env *env, const struct layout *l, GPtrArray *pages,
    int first, bool roman, struct layout *extra, GHashTable *dests)
{
	struct filler *fl = page_filler_new(env, l, pages, first, roman,
	    extra, dests, false);

	page_filler_run(fl, true);
	page_filler_free(fl);
}
