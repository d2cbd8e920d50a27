/*
 * Tables (see layout_int.h): CALS and HTML tables, their cells placed on
 * a grid (spans over columns and rows), column widths from colwidth or
 * from the cells' text (measured once per book), and one row box per row
 * with its cells' lines as kids, the header rows to repeat and the rules.
 * Where a table breaks is paginate.c's; device.c draws the rules.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"
#include "../table.h"

static void entrytbl_widths(struct layout_env *env, const struct node *e,
    double pad, double **nat, double **tok, int *ncols);

/* A layout of text on one line in a cell's font. */
static PangoLayout *
cell_layout(struct layout_env *env, const char *t, bool bold)
{
	PangoLayout *pl = pango_layout_new(env->ctx);
	PangoFontDescription *fd = pango_font_description_copy(
	    env->fonts[F_BODY]);

	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(pl, t, -1);
	return pl;
}

static double
text_width(struct layout_env *env, const char *t, bool bold)
{
	PangoLayout *pl = cell_layout(env, t, bold);
	PangoRectangle log;

	pango_layout_get_extents(pl, NULL, &log);
	g_object_unref(pl);
	return log.width / PS;
}

/* A paragraph's text as a cell sets it, for its widths: a footnote's (or
 * an annotation's) mark is a superscript figure after the word it
 * follows, an sbr a new line. */
static char *
cell_text(const struct node *p)
{
	GString *s = g_string_new(NULL);
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, p);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
		if (ev != WALK_ENTER || c == p)
			continue;
		if (c->kind == N_FOOTNOTE || c->kind == N_FOOTNOTEREF)
			g_string_append(s, "\u2078");
		else if (model_is_break(c))
			g_string_append_c(s, '\n');
		else if (c->kind == N_TEXT)
			g_string_append(s, c->text);
		if (c->kind == N_FOOTNOTE || c->kind == N_INDEXTERM ||
		    (c->kind == N_MML && g_str_has_prefix(c->name,
		    "annotation")))
			model_walk_skip(&w);
	}
	return g_string_free(s, FALSE);
}

/*
 * A cell's widths set on one line: *nat its widest paragraph, *tok its
 * longest run of characters without a break opportunity (a word, a
 * number), which a column should not be narrower than. Plain Pango with
 * the cell's font: the typesetter's own spacing differs by a few
 * hundredths of an em, which the caller's rounding covers.
 */
static void
cell_widths(struct layout_env *env, const struct node *entry, bool bold,
    double *nat, double *tok)
{
	/* The widths come from the model's text alone, the same in every
	 * pass: measured once (a fifth of the PostgreSQL manual's later
	 * passes went to measuring its 464 tables again). Keyed by the
	 * entry, its lowest bit set for bold. */
	gpointer key = (gpointer)((guintptr)entry | (bold ? 1 : 0));
	double *known = g_hash_table_lookup(env->cell_widths, key);

	if (known) {
		*nat = known[0];
		*tok = known[1];
		return;
	}
	*nat = *tok = 0;
	if (table_is_entrytbl(entry)) {
		double *n, *t;
		int k;

		entrytbl_widths(env, entry, env->m.em * 0.5, &n, &t, &k);
		for (int j = 0; j < k; j++) {
			*nat += n[j];
			*tok += t[j];
		}
		g_free(n);
		g_free(t);
		goto known;
	}
	for (const struct node *p = entry->first; p; p = p->next) {
		char *t = cell_text(p);
		PangoLayout *pl = cell_layout(env, t, bold);
		const PangoLogAttr *la;
		PangoLayoutIter *it;
		PangoRectangle log;
		int n, i = 0;
		double run0 = 0, inkend = 0;

		pango_layout_get_extents(pl, NULL, &log);
		if (log.width / PS > *nat)
			*nat = log.width / PS;
		la = pango_layout_get_log_attrs_readonly(pl, &n);
		it = pango_layout_get_iter(pl);
		do {
			PangoRectangle r;

			pango_layout_iter_get_char_extents(it, &r);
			if (i > 0 && (la[i].is_line_break ||
			    la[i].is_mandatory_break)) {
				*tok = MAX(*tok, inkend - run0);
				run0 = r.x / PS;
			}
			if (i < n && !la[i].is_white)
				inkend = (r.x + r.width) / PS;
			i++;
		} while (pango_layout_iter_next_char(it));
		*tok = MAX(*tok, inkend - run0);
		pango_layout_iter_free(it);
		g_object_unref(pl);
		g_free(t);
	}
known:
	known = g_new(double, 2);
	known[0] = *nat;
	known[1] = *tok;
	g_hash_table_insert(env->cell_widths, key, known);
}

/* An entrytbl's columns (its grid's, table.h): each its widest entry's
 * widths, padded (an entry spanning columns is left to them). */
static void
entrytbl_widths(struct layout_env *env, const struct node *e, double pad,
    double **nat, double **tok, int *ncols)
{
	struct table_grid g;

	table_grid_init(&g, e);
	*ncols = MAX(g.ncols, 1);
	*nat = g_new0(double, *ncols);
	*tok = g_new0(double, *ncols);
	for (guint i = 0; i < g.cells->len; i++) {
		const struct table_cell *c = &g_array_index(g.cells,
		    struct table_cell, i);
		double n, t;

		if (c->ncols != 1 || c->col >= *ncols ||
		    table_is_entrytbl(c->entry))
			continue;
		cell_widths(env, c->entry, g_array_index(g.is_head, gboolean,
		    c->row), &n, &t);
		(*nat)[c->col] = MAX((*nat)[c->col], n + 2 * pad);
		(*tok)[c->col] = MAX((*tok)[c->col], t + 2 * pad);
	}
	table_grid_clear(&g);
}

/*
 * Column widths: CALS colwidth ("2*", "30mm") when every column has one,
 * else from the cells: their natural widths when the table fits, else
 * each column at least as wide as its longest word (so "Keystone" is not
 * broken) and the rest shared by what the columns would take unwrapped;
 * only when the words alone do not fit are columns narrower than them,
 * and words break inside (never past the column).
 */
static void
column_widths(struct layout_env *env, const struct table_grid *g,
    const double *cnat, const double *ctok, double avail, double pad,
    double *cw)
{
	GPtrArray *specs = g->specs;
	int ncols = g->ncols;
	double *nat = g_new0(double, ncols), *tok = g_new0(double, ncols);
	double stars = 0, fixed = 0, sum = 0, toks = 0;
	bool all_spec = specs->len >= (guint)ncols;

	for (int j = 0; j < ncols && all_spec; j++) {
		const char *v = model_attr(specs->pdata[j], "colwidth");
		size_t len = v ? strlen(v) : 0;

		if (v == NULL) {
			all_spec = false;
		} else if (len && v[len - 1] == '*') {
			double s = len == 1 ? 1 : g_ascii_strtod(v, NULL);

			cw[j] = -(s > 0 ? s : 1);
			stars += -cw[j];
		} else if (layout_parse_length(v) > 0) {
			cw[j] = layout_parse_length(v);
			fixed += cw[j];
		} else {
			all_spec = false;
		}
	}
	if (all_spec && (stars > 0 || fixed <= avail)) {
		double left = avail - fixed;

		for (int j = 0; j < ncols; j++)
			if (cw[j] < 0)
				cw[j] = left > 0 ? left * -cw[j] / stars :
				    avail / ncols;
		if (stars == 0 && fixed > avail)
			for (int j = 0; j < ncols; j++)
				cw[j] *= avail / fixed;
		goto out;
	}
	/* One-column cells first; a spanning cell then widens the columns
	 * it covers evenly by what they lack. */
	for (int pass = 0; pass < 2; pass++)
		for (guint i = 0; i < g->cells->len; i++) {
			const struct table_cell *c = &g_array_index(g->cells,
			    struct table_cell, i);
			double n = 0, t = 0;

			if ((c->ncols > 1) != (pass == 1) || c->col >= ncols)
				continue;
			for (int j = c->col; j < c->col + c->ncols; j++) {
				n += nat[j];
				t += tok[j];
			}
			for (int j = c->col; j < c->col + c->ncols; j++) {
				if (cnat[i] > n)
					nat[j] += (cnat[i] - n) / c->ncols;
				if (ctok[i] > t)
					tok[j] += (ctok[i] - t) / c->ncols;
			}
		}
	for (int j = 0; j < ncols; j++) {
		nat[j] = MAX(nat[j], 2 * env->m.em + 2 * pad);
		tok[j] = MIN(tok[j], nat[j]);
		sum += nat[j];
		toks += tok[j];
	}
	if (sum <= avail) {
		/* Fill the measure when the table is nearly that wide. */
		double k = sum > avail * 0.7 ? avail / sum : 1;

		for (int j = 0; j < ncols; j++)
			cw[j] = nat[j] * k;
	} else {
		double mins = 0, extra = 0;

		for (int j = 0; j < ncols; j++) {
			double mn = MIN(nat[j], 6 * env->m.em + 2 * pad);

			if (toks <= avail)
				mn = MAX(mn, tok[j]);
			tok[j] = mn;
			mins += mn;
			extra += nat[j] - mn;
		}
		for (int j = 0; j < ncols; j++) {
			if (mins >= avail)
				cw[j] = avail * tok[j] / mins;
			else
				cw[j] = tok[j] + (extra > 0 ? (avail - mins) *
				    (nat[j] - tok[j]) / extra : 0);
		}
	}
out:
	g_free(nat);
	g_free(tok);
}

/* Sets an entry's paragraphs into the kids of row, from y0 down, at x in
 * width w; returns their height. */
static double
entry_lines(struct layout_env *env, struct lbox *row, const struct node *e,
    double x, double w, bool bold, const struct lstruct *cell, double y0,
    enum typo_align align)
{
	double y = y0;

	for (const struct node *p = e->first; p; p = p->next) {
		struct para_opts po = { 0 };
		struct flat f;
		struct typo_para *tp;
		guint at = row->kids->len;
		enum node_content ct = model_kind_content(p->kind);

		po.font = F_BODY;
		po.bold = bold;
		po.x = x;
		po.width = w;
		po.pitch = env->m.pitch;
		po.align = align;
		po.block = 'c';
		po.sp = cell;
		flat_init(&f, ct == CT_VERBATIM);
		f.image_max = w;
		if (ct == CT_INLINE || ct == CT_VERBATIM) {
			layout_flatten(env, p, &f);
		} else {
			char *tx = model_text(p);

			g_string_append(f.text, tx);
			g_free(tx);
		}
		tp = set_para(env, env->lay, &f, &po);
		emit_lines(env, row->kids, tp, &f, &po, env->m.em, false, 0);
		for (guint k = at; k < row->kids->len; k++) {
			struct lbox *kb = &g_array_index(row->kids,
			    struct lbox, k);

			kb->dy = y;
			y += kb->h;
			/* footnotes go with the row */
			if (kb->fns) {
				if (row->fns == NULL)
					row->fns = g_array_new(FALSE, FALSE,
					    sizeof(int));
				g_array_append_vals(row->fns, kb->fns->data,
				    kb->fns->len);
			}
		}
		flat_done(&f);
	}
	return y - y0;
}

static void
add_rule(struct lbox *row, double x, double y, double w, double h)
{
	struct layout_rule r = { x, y, w, h };

	if (row->rules == NULL)
		row->rules = g_array_new(FALSE, FALSE,
		    sizeof(struct layout_rule));
	g_array_append_val(row->rules, r);
}

/* Weight of the rules of a table that says where its rules are. */
#define TABLE_RULE 0.5

static enum typo_align
typo_align_of(enum table_align a)
{
	switch (a) {
	case TALIGN_RIGHT:
	case TALIGN_CHAR:       /* where it cannot line up: numbers right */
		return TYPO_RIGHT;
	case TALIGN_CENTER:
		return TYPO_CENTER;
	case TALIGN_JUSTIFY:
		return TYPO_JUSTIFY;
	case TALIGN_UNSET:
	case TALIGN_LEFT:
		break;
	}
	return TYPO_LEFT;
}

/* A rule an entrytbl draws down to the bottom of its outer row, however
 * deep that row turns out (table_block sets it). */
#define RULE_TO_ROW_END (-1.0)

/*
 * A CALS entrytbl: a table in the cell, its columns shared out of the
 * cell's width as its entries' widths ask, its entries placed on its own
 * grid (spans, table.h) with the alignment and the rules they inherit
 * (its colsep and rowsep inside it; the outer cell draws its edges), its
 * header rows bold, each row as deep as its deepest entry.
 */
static double
entrytbl_lines(struct layout_env *env, struct lbox *row, const struct node *e,
    double x, double w, bool bold, const struct lstruct *cell)
{
	double pad = env->m.em * 0.5, *nat, *tok, sum = 0, *cx, *ry;
	double rw = TABLE_RULE, x0 = x - pad;
	int ncols, nrows;
	struct table_grid g;

	entrytbl_widths(env, e, pad, &nat, &tok, &ncols);
	table_grid_init(&g, e);
	nrows = (int)g.rows->len;
	cx = g_new0(double, ncols + 1);
	ry = g_new0(double, nrows + 1);
	/* The inner table takes the cell's padding: its first column's
	 * text lines up with the cells above. */
	w += 2 * pad;
	for (int j = 0; j < ncols; j++)
		sum += nat[j] = MAX(nat[j], env->m.em + 2 * pad);
	for (int j = 0; j < ncols; j++)
		cx[j + 1] = cx[j] + (sum <= w ? nat[j] + (w - sum) / ncols :
		    w * nat[j] / sum);
	/* Row by row (the grid lists its cells so): an entry spanning rows
	 * deepens the last of them. */
	for (int r = 0; r < nrows; r++) {
		ry[r + 1] = MAX(ry[r + 1], ry[r]);
		for (guint i = 0; i < g.cells->len; i++) {
			const struct table_cell *c = &g_array_index(g.cells,
			    struct table_cell, i);
			int cn = MIN(c->col + c->ncols, ncols);
			int last = MIN(c->row + c->nrows, nrows);
			double h;

			if (c->row != r || c->col >= ncols)
				continue;
			h = table_is_entrytbl(c->entry) ? 0 :
			    entry_lines(env, row, c->entry, x0 + cx[c->col] +
			    pad, cx[cn] - cx[c->col] - 2 * pad, bold ||
			    g_array_index(g.is_head, gboolean, r), cell,
			    ry[r], typo_align_of(c->align));
			ry[last] = MAX(ry[last], ry[r] + h);
		}
	}
	for (guint i = 0; i < g.cells->len; i++) {
		const struct table_cell *c = &g_array_index(g.cells,
		    struct table_cell, i);
		int cn = MIN(c->col + c->ncols, ncols);
		int last = MIN(c->row + c->nrows, nrows);

		if (c->col >= ncols)
			continue;
		if (c->colsep == TSEP_YES && cn < ncols)
			add_rule(row, x0 + cx[cn] - rw / 2, ry[c->row], rw,
			    last == nrows ? RULE_TO_ROW_END : ry[last] -
			    ry[c->row]);
		if (c->rowsep == TSEP_YES && last < nrows)
			add_rule(row, x0 + cx[c->col], ry[last] - rw / 2,
			    cx[cn] - cx[c->col], rw);
	}
	sum = ry[nrows];
	table_grid_clear(&g);
	g_free(ry);
	g_free(cx);
	g_free(nat);
	g_free(tok);
	return sum;
}

/* Sets a cell's paragraphs into the kids of its (first) row, in the
 * structure element cell; returns their height. */
static double
cell_lines(struct layout_env *env, struct lbox *row,
    const struct table_cell *c, double x, double w, bool head,
    const struct lstruct *cell, bool by_char)
{
	guint first = row->kids->len;
	bool bold = head || (c->entry->flags & NF_HEADER);
	double y = table_is_entrytbl(c->entry) ?
	    entrytbl_lines(env, row, c->entry, x, w, bold, cell) :
	    entry_lines(env, row, c->entry, x, w, bold, cell, 0,
	    by_char ? TYPO_LEFT : typo_align_of(c->align));

	if (row->kids->len == first) {
		/* an empty cell is still a cell of the structure tree */
		struct lbox e = { .kind = LB_LINE, .sp = cell, .x = x };

		g_array_append_val(row->kids, e);
	}
	return y;
}

/*
 * A cell aligned on a character (align="char"): one paragraph of one
 * line's text, measured before the character (*wi) and from it on (*wf;
 * 0 when it has none: a number without decimals, a header). False for
 * what cannot line up: the cell is set flush right then.
 */
static bool
char_parts(struct layout_env *env, const struct table_cell *c, bool bold,
    double *wi, double *wf)
{
	const struct node *p = c->entry->first;
	char *t, *at;

	if (c->align != TALIGN_CHAR || c->ncols != 1 ||
	    table_is_entrytbl(c->entry) || p == NULL || p->next ||
	    model_kind_content(p->kind) != CT_INLINE)
		return false;
	t = model_text(p);
	at = strstr(t, c->ch);
	*wf = at ? text_width(env, at, bold) : 0;
	if (at)
		*at = '\0';
	*wi = text_width(env, t, bold);
	g_free(t);
	return true;
}

/*
 * The rules of a table that says where they are (table_grid_ruled): its
 * frame (all when it names none, as CALS has it) and each cell's colsep
 * and rowsep inside it, hung on the rows they cross.
 */
static void
table_rules(const struct table_grid *g, GArray *rb, const double *cx,
    double x0)
{
	int frame = g->frame < 0 ? TFRAME_ALL : g->frame, n = g->ncols;
	double rw = TABLE_RULE, last_row = (int)rb->len - 1;

	for (guint r = 0; r < rb->len; r++) {
		struct lbox *b = &g_array_index(rb, struct lbox, r);

		b->weight = rw;
		if (r == 0 && (frame & TFRAME_TOP))
			b->flags |= LBF_RULE_ABOVE;
		if (r == last_row && (frame & TFRAME_BOTTOM))
			b->flags |= LBF_RULE_BELOW;
		if (!(frame & TFRAME_BOTTOM))
			b->flags |= LBF_OPEN_BOTTOM;
		if (frame & TFRAME_LEFT)
			add_rule(b, x0 + cx[0] - rw / 2, -rw / 2, rw,
			    b->h + rw);
		if (frame & TFRAME_RIGHT)
			add_rule(b, x0 + cx[n] - rw / 2, -rw / 2, rw,
			    b->h + rw);
	}
	for (guint i = 0; i < g->cells->len; i++) {
		const struct table_cell *c = &g_array_index(g->cells,
		    struct table_cell, i);
		int last = c->row + c->nrows - 1;
		int cn = MIN(c->col + c->ncols, n);
		struct lbox *b;

		if (c->col >= n)
			continue;
		for (int r = c->row; c->colsep == TSEP_YES && cn < n &&
		    r <= last; r++) {
			b = &g_array_index(rb, struct lbox, r);
			add_rule(b, x0 + cx[cn] - rw / 2, -rw / 2, rw,
			    b->h + rw);
		}
		b = &g_array_index(rb, struct lbox, last);
		if (c->rowsep == TSEP_YES && last < last_row)
			add_rule(b, x0 + cx[c->col], b->h - rw / 2,
			    cx[cn] - cx[c->col], rw);
	}
}

/* An entrytbl's rules that run to its cell's end (RULE_TO_ROW_END), once
 * the rows it covers have their heights: the rules its cell i hung on
 * its first row are those from ext0[i] to ext[i]. */
static void
rules_to_row_end(const struct table_grid *g, GArray *rb, const guint *ext0,
    const guint *ext)
{
	for (guint i = 0; i < g->cells->len; i++) {
		const struct table_cell *c = &g_array_index(g->cells,
		    struct table_cell, i);
		struct lbox *b = &g_array_index(rb, struct lbox, c->row);
		double h = 0;

		if (b->rules == NULL || ext[i] <= ext0[i])
			continue;
		for (int r = c->row; r < c->row + c->nrows; r++)
			h += g_array_index(rb, struct lbox, r).h;
		for (guint k = ext0[i]; k < ext[i]; k++) {
			struct layout_rule *ru = &g_array_index(b->rules,
			    struct layout_rule, k);

			if (ru->h == RULE_TO_ROW_END)
				ru->h = h - ru->y + TABLE_RULE / 2;
		}
	}
}

/* What the cells of a table set after its rows' heights are known: the
 * lines of a cell aligned to the middle or bottom move down. */
static void
cells_valign(const struct table_grid *g, GArray *rb, const guint *k0,
    const guint *k1, const double *ch)
{
	for (guint i = 0; i < g->cells->len; i++) {
		const struct table_cell *c = &g_array_index(g->cells,
		    struct table_cell, i);
		struct lbox *b = &g_array_index(rb, struct lbox, c->row);
		double h = 0, dy;

		if (c->valign != TVALIGN_MIDDLE && c->valign != TVALIGN_BOTTOM)
			continue;
		for (int r = c->row; r < c->row + c->nrows; r++)
			h += g_array_index(rb, struct lbox, r).h;
		dy = (h - ch[i]) * (c->valign == TVALIGN_MIDDLE ? 0.5 : 1);
		for (guint k = k0[i]; dy > 0 && k < k1[i]; k++)
			g_array_index(b->kids, struct lbox, k).dy += dy;
	}
}

void
table_block(struct layout_env *env, const struct node *t,
    const struct frame *fr)
{
	struct table_grid g;
	GArray *rb;
	double avail = env->m.measure - fr->left - fr->right;
	double pad = env->m.em * 0.5, *cw, *cx, tw = 0, x0;
	double *nat, *tok, *wi, *wf, *intw, *fracw, *ch;
	guint *k0, *k1, *ext0, *ext, r0;
	int ncols, header_at = -1, nheader = 0, *keep_to, reach = -1;
	const struct lstruct *table;
	bool ruled;

	table_grid_init(&g, t);
	ncols = g.ncols;
	if (ncols == 0 || g.rows->len == 0)
		goto out;
	ruled = table_grid_ruled(&g);
	nat = g_new0(double, g.cells->len);
	tok = g_new0(double, g.cells->len);
	wi = g_new0(double, g.cells->len);
	wf = g_new0(double, g.cells->len);
	ch = g_new0(double, g.cells->len);
	k0 = g_new0(guint, g.cells->len);
	k1 = g_new0(guint, g.cells->len);
	ext0 = g_new0(guint, g.cells->len);
	ext = g_new0(guint, g.cells->len);
	intw = g_new0(double, ncols);
	fracw = g_new0(double, ncols);
	for (guint i = 0; i < g.cells->len; i++) {
		struct table_cell *c = &g_array_index(g.cells,
		    struct table_cell, i);
		bool bold = g_array_index(g.is_head, gboolean, c->row) ||
		    (c->entry->flags & NF_HEADER);

		cell_widths(env, c->entry, bold, &nat[i], &tok[i]);
		nat[i] += 2 * pad;
		/* A hair more than the word, for the typesetter's spacing. */
		tok[i] += 2 * pad + env->m.em * 0.1;
		/* centred and right-aligned lines are set a little short
		 * (typo.c): the column leaves them that too */
		if (typo_align_of(c->align) == TYPO_CENTER ||
		    typo_align_of(c->align) == TYPO_RIGHT) {
			nat[i] += env->m.em * 0.1;
			tok[i] += env->m.em * 0.1;
		}
		if (c->col < ncols && char_parts(env, c, bold, &wi[i],
		    &wf[i])) {
			intw[c->col] = MAX(intw[c->col], wi[i]);
			fracw[c->col] = MAX(fracw[c->col], wf[i]);
		} else {
			wi[i] = -1;
		}
	}
	/* A column lined up on a character is as wide as its widest part
	 * before it and its widest part after it. */
	for (guint i = 0; i < g.cells->len; i++) {
		const struct table_cell *c = &g_array_index(g.cells,
		    struct table_cell, i);

		if (wi[i] >= 0)
			nat[i] = MAX(nat[i], intw[c->col] + fracw[c->col] +
			    2 * pad);
	}
	cw = g_new0(double, ncols);
	cx = g_new0(double, ncols + 1);
	column_widths(env, &g, nat, tok, avail, pad, cw);
	for (int j = 0; j < ncols; j++) {
		cx[j] = tw;
		tw += cw[j];
	}
	cx[ncols] = tw;
	x0 = fr->left + (avail - tw) / 2;
	layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
	formal_caption(env, t, fr, LBF_KEEP_NEXT);
	for (const struct node *c = t->first; c; c = c->next)
		if (c->kind == N_CAPTION)
			caption_paras(env, c, fr);

	/* The rows' boxes, then their cells; a cell spanning rows hangs
	 * from its first row, and the last row it covers grows to hold it. */
	rb = g_array_new(FALSE, TRUE, sizeof(struct lbox));
	keep_to = g_new0(int, g.rows->len);
	table = layout_new_struct(env, LS_TABLE, fr->sp);
	for (guint r = 0; r < g.rows->len; r++) {
		struct lbox b = { .kind = LB_ROW };

		b.x = x0;
		b.w = tw;
		b.h = env->m.pitch;
		b.kids = g_array_new(FALSE, TRUE, sizeof(struct lbox));
		b.sp = layout_new_struct(env, LS_TR, table);
		b.header = -1;
		g_array_append_val(rb, b);
		keep_to[r] = (int)r;
	}
	for (int pass = 0; pass < 2; pass++)
		for (guint i = 0; i < g.cells->len; i++) {
			const struct table_cell *c = &g_array_index(g.cells,
			    struct table_cell, i);
			struct lbox *b = &g_array_index(rb, struct lbox, c->row);
			int last = c->row + c->nrows - 1, cn;
			double h, have = 0, x, w;
			bool head;

			if ((c->nrows > 1) != (pass == 1) || c->col >= ncols)
				continue;
			cn = MIN(c->col + c->ncols, ncols);
			if (c->entry->id)
				layout_add_dest(b, layout_dest_of(env,
				    c->entry));
			head = g_array_index(g.is_head, gboolean, c->row);
			x = x0 + cx[c->col] + pad;
			w = cx[cn] - cx[c->col] - 2 * pad;
			k0[i] = b->kids->len;
			r0 = b->rules ? b->rules->len : 0;
			h = cell_lines(env, b, c, x, w, head,
			    layout_new_struct(env, head || (c->entry->flags &
			    NF_HEADER) ? LS_TH : LS_TD, b->sp), wi[i] >= 0);
			k1[i] = b->kids->len;
			ch[i] = h;
			if (wi[i] >= 0) {
				/* the character where charoff puts it, else
				 * where the widest part after it ends flush
				 * right */
				double at = c->charoff >= 0 ?
				    w * c->charoff / 100 : w - fracw[c->col];
				double dx = CLAMP(at - wi[i], 0,
				    MAX(0, w - wi[i] - wf[i]));

				for (guint k = k0[i]; k < k1[i]; k++)
					g_array_index(b->kids, struct lbox,
					    k).x += dx;
			}
			for (int r = c->row; r <= last; r++)
				have += g_array_index(rb, struct lbox, r).h;
			if (h > have)
				g_array_index(rb, struct lbox, last).h +=
				    h - have;
			ext[i] = b->rules ? b->rules->len : 0;
			ext0[i] = r0;
			for (int r = c->row; r < last; r++)
				keep_to[r] = MAX(keep_to[r], last);
		}
	rules_to_row_end(&g, rb, ext0, ext);
	cells_valign(&g, rb, k0, k1, ch);
	if (ruled)
		table_rules(&g, rb, cx, x0);
	for (guint r = 0; r < g.rows->len; r++) {
		struct lbox *b = &g_array_index(rb, struct lbox, r);
		gboolean head = g_array_index(g.is_head, gboolean, r);

		/* The house style where the table says nothing of its rules:
		 * heavy rules above and below, a light one under the head. */
		if (r == 0 && !ruled)
			b->flags |= LBF_RULE_ABOVE;
		if (head) {
			b->flags |= LBF_HEADER | LBF_KEEP_NEXT;
			if (header_at < 0)
				header_at = (int)env->lay->boxes->len;
			nheader++;
			if (!ruled && r + 1 < g.rows->len &&
			    !g_array_index(g.is_head, gboolean, r + 1))
				b->flags |= LBF_RULE_MID;
		} else {
			b->header = header_at;
			b->nheader = nheader;
		}
		if (r + 1 == g.rows->len && !ruled)
			b->flags |= LBF_RULE_BELOW;
		/* The first body row stays with the header (or caption); a
		 * group of rows joined by a cell spanning them is never
		 * split. */
		reach = MAX(reach, keep_to[r]);
		if (r == 0 || reach > (int)r)
			b->flags |= LBF_KEEP_NEXT;
		layout_push(env, b);
	}
	/* A table's last two rows stay together. */
	if (g.rows->len >= 2)
		g_array_index(env->lay->boxes, struct lbox,
		    env->lay->boxes->len - 2).flags |= LBF_KEEP_NEXT;
	layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
	g_array_free(rb, TRUE);
	g_free(keep_to);
	g_free(cw);
	g_free(cx);
	g_free(nat);
	g_free(tok);
	g_free(wi);
	g_free(wf);
	g_free(ch);
	g_free(k0);
	g_free(k1);
	g_free(ext0);
	g_free(ext);
	g_free(intw);
	g_free(fracw);
out:
	table_grid_clear(&g);
}
