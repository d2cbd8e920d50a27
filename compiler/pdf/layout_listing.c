/*
 * Listings (see layout_int.h): program listings, screens and literal
 * layouts, their whitespace kept and long lines wrapped with a hanging
 * indent; highlighting by the listing's language (tokens from
 * highlight.c), a screen's prompts, input and output, line numbers, and
 * callouts: markers placed in the code (glyphs from callout.c), linked to
 * their calloutlist items and back. It never draws: ink that is not code
 * is only marked, for device.c to keep out of the copied text.
 */
#include <stdlib.h>
#include <string.h>

#include "callout.h"
#include "highlight.h"
#include "layout_int.h"

/*
 * How a token class looks, by the style's [code] highlight: grey (weight
 * and shades of grey only, so that a grey-scale print still tells them
 * apart), color, none, or auto (grey for print styles, those that print
 * URLs as footnotes; color for screen styles). Never italic: it would
 * slant Han comments.
 */
static bool
listing_grey(const struct layout_env *env)
{
	const char *h = env->st->code_highlight;

	if (strcmp(h, "auto") == 0)
		return layout_is_print(env);
	return strcmp(h, "grey") == 0;
}

/* How class c of a listing looks in this style: none at all when the
 * style turns highlighting off. */
static struct hl_look
listing_look(const struct layout_env *env, enum hl_class c)
{
	struct hl_look none = { NULL, false };

	if (strcmp(env->st->code_highlight, "none") == 0)
		return none;
	return hl_look(c, listing_grey(env));
}

/*
 * Ink that is not the listing's text (prompts, callout markers, line
 * numbers) carries this attribute: an opaque foreground alpha, which
 * changes nothing drawn but reaches the device with the glyph run, so it
 * draws those runs as outlines and a reader copying the code copies only
 * the code.
 */
static void
flat_art(struct flat *f, int s, int e)
{
	flat_attr(f, pango_attr_foreground_alpha_new(65535), s, e);
}

/* Called by layout_flatten for a phrase inside a listing: in a screen, the
 * prompt (not copied), the user's input (bold) and the computer's
 * output (lighter). */
void
listing_phrase(struct layout_env *env, struct flat *f, const struct node *n,
    int s, int e)
{
	if (e <= s || n->kind != N_CODE)
		return;
	if (strcmp(n->name, "prompt") == 0) {
		flat_color(f, listing_look(env, HL_PROMPT).color, s, e);
		flat_art(f, s, e);
	} else if (strcmp(n->name, "userinput") == 0) {
		flat_attr(f, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s, e);
	} else if (strcmp(n->name, "computeroutput") == 0) {
		flat_color(f, listing_look(env, HL_OUTPUT).color, s, e);
	}
}

/* Moves the range [*s, *e) of a flattened paragraph for n bytes inserted
 * (n > 0) or removed (n < 0) at byte at. */
static void
range_shift(int *s, int *e, int at, int n)
{
	if (*s >= at)
		*s = MAX(at, *s + n);
	if (*e > at)
		*e = MAX(at, *e + n);
}

/* After n bytes were inserted (n > 0) or removed (n < 0) at byte at of
 * the text: moves the attributes, links, marks, tabs and spans over what
 * follows. */
static void
flat_shift(struct flat *f, int at, int n)
{
	pango_attr_list_update(f->attrs, at, MAX(0, -n), MAX(0, n));
	for (guint i = 0; i < f->links->len; i++) {
		struct flat_link *l = &g_array_index(f->links, struct flat_link,
		    i);

		range_shift(&l->s, &l->e, at, n);
	}
	for (guint i = 0; i < f->marks->len; i++) {
		struct flat_mark *m = &g_array_index(f->marks, struct flat_mark,
		    i);

		if (m->at > at)
			m->at = MAX(at, m->at + n);
	}
	for (guint i = 0; i < f->tabs->len; i++) {
		struct layout_span *t = &g_array_index(f->tabs,
		    struct layout_span, i);

		range_shift(&t->s, &t->e, at, n);
	}
	for (guint i = 0; i < f->spans->len; i++) {
		struct typo_span *sp = &g_array_index(f->spans,
		    struct typo_span, i);

		range_shift(&sp->start, &sp->end, at, n);
	}
}

/* Inserts s at byte at of a flattened paragraph, moving what follows. */
static void
flat_insert(struct flat *f, int at, const char *s)
{
	int n = (int)strlen(s);

	g_string_insert(f->text, at, s);
	flat_shift(f, at, n);
}

/* The listing a co or area marks: the co's ancestor; an areaspec's
 * sibling listing; or the image an area marks (imageobjectco, folded
 * into its mediaobject). */
static const struct node *
marked_listing(const struct node *n)
{
	const struct node *a = n;

	while (a && a->kind != N_PROGRAMLISTING && a->kind != N_SCREEN &&
	    a->kind != N_LITERALLAYOUT && strcmp(a->name, "areaspec") != 0)
		a = a->parent;
	if (a && strcmp(a->name, "areaspec") == 0) {
		if (a->parent && a->parent->kind == N_MEDIAOBJECT)
			return a->parent;
		for (const struct node *c = a->parent ? a->parent->first :
		    NULL; c; c = c->next)
			if (c->kind == N_PROGRAMLISTING || c->kind == N_SCREEN ||
			    c->kind == N_LITERALLAYOUT)
				return c;
		return NULL;
	}
	return a;
}

/* The callout explaining the marker with this id: an item of a
 * calloutlist among the next few blocks after the listing (or after the
 * programlistingco holding it). */
static const struct node *
find_callout(const struct node *listing, const char *id)
{
	for (const struct node *a = listing; a && !model_is_division(a->kind);
	    a = a->parent) {
		int k = 0;

		for (const struct node *s = a->next; s && k < 4;
		    s = s->next, k++) {
			if (strcmp(s->name, "calloutlist") != 0)
				continue;
			for (const struct node *c = s->first; c; c = c->next) {
				char **refs;
				bool hit = false;

				if (!callout_is_item(c))
					continue;
				refs = g_strsplit(model_attr(c, "arearefs"), " ",
				    -1);
				for (char **r = refs; *r && !hit; r++)
					hit = strcmp(*r, id) == 0;
				g_strfreev(refs);
				if (hit)
					return c;
			}
		}
	}
	return NULL;
}

struct co_mark {
	int at;
	const struct node *n;   /* co or area */
	int pad;                /* blanks before the marker */
};

static int
co_mark_cmp(gconstpointer a, gconstpointer b)
{
	const struct co_mark *x = a, *y = b;

	return (y->at > x->at) - (y->at < x->at);       /* last first */
}

/* The markers of a listing's co's (where layout_flatten left their anchors)
 * and of its areaspec's areas (at the end of their line, padded to their
 * column), inserted last to first so the offsets hold. */
static void
listing_callouts(struct layout_env *env, const struct node *n, struct flat *f)
{
	GArray *cos = g_array_new(FALSE, FALSE, sizeof(struct co_mark));
	const struct node *spec = NULL;
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, n);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
		if (ev != WALK_ENTER || strcmp(c->name, "co") != 0 || !c->id)
			continue;
		for (guint i = 0; i < f->marks->len; i++) {
			const struct flat_mark *mk = &g_array_index(f->marks,
			    struct flat_mark, i);

			if (mk->dest && strcmp(mk->dest,
			    layout_dest_of(env, c)) == 0) {
				struct co_mark m = { mk->at, c, 0 };

				g_array_append_val(cos, m);
				break;
			}
		}
	}
	for (const struct node *s = n->parent ? n->parent->first : NULL; s;
	    s = s->next)
		if (strcmp(s->name, "areaspec") == 0)
			spec = s;
	if (spec) {
		model_walk_init(&w, spec);
		while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
			const char *coords = model_attr(c, "coords");
			struct co_mark m = { 0, c, 1 };
			long line, col = 0, cols = 0;
			int p = 0, len = (int)f->text->len;
			char *end;

			if (ev != WALK_ENTER || strcmp(c->name, "area") != 0 ||
			    coords == NULL)
				continue;
			line = strtol(coords, &end, 10);
			if (end != coords)
				col = strtol(end, NULL, 10);
			for (long l = 1; l < line && p < len; p++)
				if (f->text->str[p] == '\n')
					l++;
			if (line < 1 || (p >= len && line > 1 &&
			    (p == 0 || f->text->str[p - 1] != '\n')))
				continue;
			for (; p < len && f->text->str[p] != '\n';
			    p = (int)(g_utf8_next_char(f->text->str + p) -
			    f->text->str))
				cols += g_unichar_iswide(g_utf8_get_char(
				    f->text->str + p)) ? 2 : 1;
			m.at = p;
			if (col > cols + 1)
				m.pad = (int)MIN(col - 1 - cols, 200);
			g_array_append_val(cos, m);
		}
	}
	g_array_sort(cos, co_mark_cmp);
	for (guint i = 0; i < cos->len; i++) {
		const struct co_mark *m = &g_array_index(cos, struct co_mark, i);
		const struct node *callout = m->n->id ? find_callout(n,
		    m->n->id) : NULL;
		char glyph[16];
		GString *s = g_string_new(NULL);
		int e;

		callout_glyph(callout_number(m->n), glyph, sizeof glyph);
		for (int k = 0; k < m->pad; k++)
			g_string_append_c(s, ' ');
		g_string_append(s, glyph);
		flat_insert(f, m->at, s->str);
		e = m->at + (int)s->len;
		flat_art(f, m->at, e);
		flat_attr(f, pango_attr_weight_new(PANGO_WEIGHT_NORMAL), m->at,
		    e);
		flat_color(f, listing_grey(env) ? "#000000" : env->st->link_color,
		    m->at, e);
		if (strcmp(m->n->name, "area") == 0) {
			struct flat_mark mk = { m->at + m->pad,
			    layout_dest_of(env, m->n), -1 };

			g_array_append_val(f->marks, mk);
		}
		if (callout) {
			struct flat_link ln = { m->at + m->pad, e, NULL,
			    layout_dest_of(env, callout) };

			g_array_append_val(f->links, ln);
		}
		g_string_free(s, TRUE);
	}
	g_array_free(cos, TRUE);
}

/* Highlighting by the listing's language (unknown: plain). */
static void
listing_highlight(struct layout_env *env, const struct node *n,
    struct flat *f)
{
	GArray *tokens = hl_tokenize(model_attr(n, "language"), f->text->str,
	    (int)f->text->len);

	for (guint i = 0; i < tokens->len; i++) {
		const struct hl_token *t = &g_array_index(tokens,
		    struct hl_token, i);
		struct hl_look look = listing_look(env, t->cls);
		int s = t->start, e = t->start + t->len;

		if (look.color)
			flat_color(f, look.color, s, e);
		if (look.bold)
			flat_attr(f, pango_attr_weight_new(PANGO_WEIGHT_BOLD),
			    s, e);
		if (t->cls == HL_PROMPT)
			flat_art(f, s, e);
	}
	g_array_unref(tokens);
}

/* Line numbers, right-aligned in the margin left of the listing's
 * background, on each line that begins a line of the source. */
static void
listing_numbers(struct layout_env *env, const struct frame *fr, guint first,
    double size)
{
	struct para_opts po = { 0 };
	int num = 0;

	po.font = F_CODE;
	po.size = size * 0.85;
	po.color = listing_grey(env) ? env->st->rule_color :
	    HL_LINE_NUMBER_COLOR;
	po.width = env->m.measure;
	po.pitch = env->m.pitch;
	po.align = TYPO_LEFT;
	for (guint i = first; i < env->lay->boxes->len; i++) {
		struct lbox *b = &g_array_index(env->lay->boxes, struct lbox, i);
		struct flat nf;
		struct typo_para *tp;

		if (i > first && (g_array_index(env->lay->boxes, struct lbox,
		    i - 1).flags & LBF_CONTINUED))
			continue;
		num++;
		if (b->marker)
			continue;       /* a list item's label */
		flat_init(&nf, false);
		g_string_append_printf(nf.text, "%d", num);
		flat_art(&nf, 0, (int)nf.text->len);
		tp = set_para(env, env->lay, &nf, &po);
		b->marker = tp->lines[0];
		b->marker_x = fr->left - env->m.em * 0.4;
		flat_done(&nf);
	}
}

/* A callout's item: its markers as the label, linked back to the
 * listing by listing_callout_item_links once the item is laid out. */
void
listing_callout_item(struct layout_env *env, const struct node *item)
{
	char **refs = g_strsplit(model_attr(item, "arearefs"), " ", -1);
	GString *s = g_string_new(NULL);

	for (char **r = refs; *r; r++) {
		const struct node *t = **r ? g_hash_table_lookup(
		    env->book->ids, *r) : NULL;
		const struct node *l = t ? marked_listing(t) : NULL;
		char glyph[16];

		if (l == NULL)
			continue;
		callout_glyph(callout_number(t), glyph, sizeof glyph);
		g_string_append(s, glyph);
	}
	if (s->len) {
		env->pending_marker = layout_intern(env, s->str);
		env->pending_marker_bullet = false;
	}
	g_ptr_array_add(env->pending_dests,
	    (gpointer)layout_dest_of(env, item));
	g_string_free(s, TRUE);
	g_strfreev(refs);
}

void
listing_callout_item_links(struct layout_env *env, const struct node *item,
    guint first)
{
	const char *refs = model_attr(item, "arearefs");
	char *id = g_strndup(refs, strcspn(refs, " "));
	const struct node *t = *id ? g_hash_table_lookup(env->book->ids, id) :
	    NULL;

	for (guint i = first; t && i < env->lay->boxes->len; i++) {
		struct lbox *b = &g_array_index(env->lay->boxes, struct lbox, i);
		struct layout_link ll = { 0 };

		if (b->kind != LB_LINE || b->marker == NULL)
			continue;
		ll.w = b->marker->width / PS;
		ll.x = b->marker_x - ll.w - b->x;
		ll.dest = layout_dest_of(env, t);
		if (b->links == NULL)
			b->links = g_array_new(FALSE, FALSE,
			    sizeof(struct layout_link));
		g_array_append_val(b->links, ll);
		break;
	}
	g_free(id);
}

/* Program listings, screens and literal layouts: whitespace kept, long
 * lines wrapped with a hanging indent and a continuation mark; code
 * highlighted, numbered and marked with its callouts. */
void
verbatim_block(struct layout_env *env, const struct node *n,
    const struct frame *fr)
{
	bool code = n->kind != N_LITERALLAYOUT;
	double pad = code ? env->m.em * 0.5 : 0;
	struct para_opts po = body_opts(env, fr);
	struct flat f;
	struct typo_para *tp;
	double size = code ? env->st->code_size : env->m.em;
	double used = 0, total, before;
	guint first, count;
	const char *save_bg = env->bg;
	double save_x = env->bg_x, save_w = env->bg_w;
	const char *numbering = model_attr(n, "linenumbering");

	flat_init(&f, true);
	layout_flatten(env, n, &f);
	/* One newline at either end is markup layout, not content. */
	while (f.text->len && f.text->str[f.text->len - 1] == '\n')
		g_string_truncate(f.text, f.text->len - 1);
	if (f.text->len && f.text->str[0] == '\n') {
		g_string_erase(f.text, 0, 1);
		flat_shift(&f, 0, -1);
	}
	if (code)
		listing_highlight(env, n, &f);
	listing_callouts(env, n, &f);
	if (code) {
		po.font = F_CODE;
		po.pitch = layout_ceil_to(size * 1.45, env->m.pitch / 8);
		po.x = fr->left + pad;
		po.width = env->m.measure - fr->left - fr->right - 2 * pad -
		    env->m.em;   /* room for the continuation mark */
		po.indent = -2 * size;   /* hanging indent of wrapped lines */
	} else {
		po.indent = 0;
	}
	po.align = TYPO_LEFT;
	po.block = 'v';
	tp = set_para(env, env->lay, &f, &po);
	count = (guint)tp->nlines;
	total = layout_ceil_to(count * po.pitch + 2 * pad, env->m.pitch);
	before = code ? (total - count * po.pitch) / 2 : 0;
	/* The space between blocks has no background (the listing's
	 * would be left alone at the foot of a page). */
	layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
	if (code) {
		env->bg = env->st->code_background;
		env->bg_x = fr->left;
		env->bg_w = env->m.measure - fr->left - fr->right;
	}
	layout_space(env, before, LBF_KEEP_NEXT);
	first = env->lay->boxes->len;
	emit_lines(env, env->lay->boxes, tp, &f, &po, size, true, 0);
	if (numbering && strcmp(numbering, "numbered") == 0)
		listing_numbers(env, fr, first, size);
	for (guint i = first; i < env->lay->boxes->len; i++) {
		struct lbox *b = &g_array_index(env->lay->boxes, struct lbox, i);

		used += b->h;
		/* A few lines stay on one page; longer listings break
		 * between lines of the source (never inside a wrapped one),
		 * keeping two lines at either end; the background goes on
		 * with every line. */
		if (count <= 6 || i - first < 1 || i + 2 >= first + count ||
		    (b->flags & LBF_CONTINUED))
			b->flags |= LBF_KEEP_NEXT;
		else
			b->flags &= ~LBF_KEEP_NEXT;
	}
	if (env->lay->boxes->len > first)
		g_array_index(env->lay->boxes, struct lbox,
		    env->lay->boxes->len - 1).flags &= ~LBF_KEEP_NEXT;
	if (code && env->lay->boxes->len > first)
		g_array_index(env->lay->boxes, struct lbox,
		    env->lay->boxes->len - 1).flags |= LBF_KEEP_NEXT;
	layout_space(env, total - before - used, 0);
	env->bg = save_bg;
	env->bg_x = save_x;
	env->bg_w = save_w;
	layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
	env->bg_x = save_x;
	env->bg_w = save_w;
	flat_done(&f);
}
