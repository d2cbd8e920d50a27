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

/* A CALS entrytbl: kept by validation as a phrase in the row, holding
 * its own rows; set as one cell whose lines are its rows. */
static bool
is_entrytbl(const struct node *e)
{
	return e->kind == N_PHRASE && g_strcmp0(e->name, "entrytbl") == 0;
}

static void entrytbl_widths(struct layout_env *env, const struct node *e,
    double pad, double **nat, double **tok, int *ncols);

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
	if (is_entrytbl(entry)) {
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
		char *t = model_text(p);
		PangoLayout *pl = pango_layout_new(env->ctx);
		PangoFontDescription *fd = pango_font_description_copy(
		    env->fonts[F_BODY]);
		const PangoLogAttr *la;
		PangoLayoutIter *it;
		PangoRectangle log;
		int n, i = 0;
		double run0 = 0, inkend = 0;

		if (bold)
			pango_font_description_set_weight(fd,
			    PANGO_WEIGHT_BOLD);
		pango_layout_set_font_description(pl, fd);
		pango_layout_set_text(pl, t, -1);
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
		pango_font_description_free(fd);
		g_object_unref(pl);
		g_free(t);
	}
known:
	known = g_new(double, 2);
	known[0] = *nat;
	known[1] = *tok;
	g_hash_table_insert(env->cell_widths, key, known);
}

/* A cell placed on the table's grid. */
struct tcell {
	const struct node *entry;
	int row, col;           /* top-left slot */
	int nrows, ncols;       /* slots it covers */
	double nat, tok;        /* widths from cell_widths, padding added */
};

/* Spans larger than this are taken for mistakes (or attacks). */
#define TABLE_MAX_COLS 256

/* Column number (0-based) of a CALS column name, or -1. */
static int
col_named(GPtrArray *specs, const char *name)
{
	int at = -1;

	if (name == NULL)
		return -1;
	for (guint i = 0; i < specs->len; i++) {
		const struct node *c = specs->pdata[i];
		const char *num = model_attr(c, "colnum");
		const char *cn = model_attr(c, "colname");

		at = num && atoi(num) > 0 ? atoi(num) - 1 : at + 1;
		if (cn && strcmp(cn, name) == 0)
			return MIN(at, TABLE_MAX_COLS - 1);
	}
	return -1;
}

static int
attr_int(const struct node *n, const char *name, int dflt, int max)
{
	const char *v = model_attr(n, name);
	int i = v ? atoi(v) : dflt;

	return CLAMP(i, dflt < 1 ? 0 : 1, max);
}


/* The rows of an entrytbl (its thead's first), each an array of its
 * entries; *ncols the most entries a row has, or its cols. */
static GPtrArray *
entrytbl_rows(const struct node *e, int *ncols, guint *nhead)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)g_ptr_array_unref);
	const char *cols = model_attr(e, "cols");

	*ncols = cols ? CLAMP(atoi(cols), 1, TABLE_MAX_COLS) : 1;
	*nhead = 0;
	for (int head = 1; head >= 0; head--)
		for (const struct node *part = e->first; part;
		    part = part->next) {
			if ((part->kind == N_THEAD) != (head == 1) ||
			    (part->kind != N_THEAD && part->kind != N_TBODY))
				continue;
			for (const struct node *r = part->first; r;
			    r = r->next) {
				GPtrArray *row;

				if (r->kind != N_ROW)
					continue;
				row = g_ptr_array_new();
				for (const struct node *c = r->first; c;
				    c = c->next)
					if (c->kind == N_ENTRY &&
					    row->len < TABLE_MAX_COLS)
						g_ptr_array_add(row,
						    (gpointer)c);
				*ncols = MAX(*ncols, (int)row->len);
				g_ptr_array_add(rows, row);
				*nhead += head;
			}
		}
	return rows;
}

/* An entrytbl's columns: each its widest entry's widths, padded. */
static void
entrytbl_widths(struct layout_env *env, const struct node *e, double pad,
    double **nat, double **tok, int *ncols)
{
	guint nhead;
	GPtrArray *rows = entrytbl_rows(e, ncols, &nhead);

	*nat = g_new0(double, *ncols);
	*tok = g_new0(double, *ncols);
	for (guint r = 0; r < rows->len; r++) {
		GPtrArray *row = rows->pdata[r];

		for (guint j = 0; j < row->len; j++) {
			double n, t;

			cell_widths(env, row->pdata[j], r < nhead, &n, &t);
			(*nat)[j] = MAX((*nat)[j], n + 2 * pad);
			(*tok)[j] = MAX((*tok)[j], t + 2 * pad);
		}
	}
	g_ptr_array_free(rows, TRUE);
}

/*
 * Places every entry on the grid (CALS namest/nameend, spanname, colname,
 * morerows; HTML colspan, rowspan), skipping the slots that spans from
 * rows above still cover. Returns the number of columns.
 */
static int
place_cells(GPtrArray *specs, GPtrArray *spans, GPtrArray *rows,
    GArray *cells)
{
	GHashTable *busy = g_hash_table_new(NULL, NULL);
	int ncols = 0;

#define SLOT(r, c) GINT_TO_POINTER((r) * TABLE_MAX_COLS + (c) + 1)
	for (guint r = 0; r < rows->len; r++) {
		const struct node *row = rows->pdata[r];
		int cur = 0;

		for (const struct node *e = row->first; e; e = e->next) {
			struct tcell c = { e, (int)r, 0, 1, 1, 0, 0 };
			const char *sn = model_attr(e, "spanname");
			const char *st = model_attr(e, "namest");
			const char *en = model_attr(e, "nameend");
			int at;

			if (e->kind != N_ENTRY && !is_entrytbl(e))
				continue;
			while (cur < TABLE_MAX_COLS - 1 &&
			    g_hash_table_contains(busy, SLOT(r, cur)))
				cur++;
			for (guint i = 0; sn && i < spans->len; i++) {
				const struct node *sp = spans->pdata[i];
				const char *nm = model_attr(sp, "spanname");

				if (nm && strcmp(nm, sn) == 0) {
					st = model_attr(sp, "namest");
					en = model_attr(sp, "nameend");
				}
			}
			at = col_named(specs, st ? st :
			    model_attr(e, "colname"));
			c.col = at >= 0 ? at : cur;
			at = col_named(specs, en);
			if (st && at >= c.col)
				c.ncols = at - c.col + 1;
			else if (model_attr(e, "colspan"))
				c.ncols = attr_int(e, "colspan", 1,
				    TABLE_MAX_COLS);
			c.ncols = MIN(c.ncols, TABLE_MAX_COLS - c.col);
			c.nrows = model_attr(e, "rowspan") ?
			    attr_int(e, "rowspan", 1, INT_MAX / 2) :
			    attr_int(e, "morerows", 0, INT_MAX / 2) + 1;
			c.nrows = MIN(c.nrows, (int)(rows->len - r));
			for (int i = 0; i < c.nrows; i++)
				for (int j = 0; j < c.ncols; j++)
					g_hash_table_add(busy, SLOT(r + i,
					    c.col + j));
			cur = c.col + c.ncols;
			ncols = MAX(ncols, cur);
			g_array_append_val(cells, c);
		}
	}
#undef SLOT
	g_hash_table_destroy(busy);
	return ncols;
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
column_widths(struct layout_env *env, GPtrArray *specs, GArray *cells,
    int ncols, double avail, double pad, double *cw)
{
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
		for (guint i = 0; i < cells->len; i++) {
			const struct tcell *c = &g_array_index(cells,
			    struct tcell, i);
			double n = 0, t = 0;

			if ((c->ncols > 1) != (pass == 1) || c->col >= ncols)
				continue;
			for (int j = c->col; j < c->col + c->ncols; j++) {
				n += nat[j];
				t += tok[j];
			}
			for (int j = c->col; j < c->col + c->ncols; j++) {
				if (c->nat > n)
					nat[j] += (c->nat - n) / c->ncols;
				if (c->tok > t)
					tok[j] += (c->tok - t) / c->ncols;
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

static void
collect_rows(const struct node *part, GPtrArray *rows, bool *header,
    GArray *is_head)
{
	for (const struct node *r = part->first; r; r = r->next) {
		gboolean h = *header;

		if (r->kind != N_ROW)
			continue;
		if (!h && r->first) {
			h = TRUE;
			for (const struct node *e = r->first; e; e = e->next)
				if (!(e->flags & NF_HEADER))
					h = FALSE;
		}
		g_ptr_array_add(rows, (gpointer)r);
		g_array_append_val(is_head, h);
	}
}

/* Sets an entry's paragraphs into the kids of row, from y0 down, at x in
 * width w; returns their height. */
static double
entry_lines(struct layout_env *env, struct lbox *row, const struct node *e,
    double x, double w, bool bold, const struct lstruct *cell, double y0)
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
		po.align = TYPO_LEFT;
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

/* A CALS entrytbl: a table in the cell, its columns shared out of the
 * cell's width as its entries' widths ask, its header rows bold, each
 * row as deep as its deepest entry. */
static double
entrytbl_lines(struct layout_env *env, struct lbox *row, const struct node *e,
    double x, double w, bool bold, const struct lstruct *cell)
{
	double pad = env->m.em * 0.5, *nat, *tok, sum = 0, y = 0, *cx;
	int ncols;
	guint nhead;
	GPtrArray *rows;

	entrytbl_widths(env, e, pad, &nat, &tok, &ncols);
	rows = entrytbl_rows(e, &ncols, &nhead);
	cx = g_new0(double, ncols + 1);
	/* The inner table takes the cell's padding: its first column's
	 * text lines up with the cells above. */
	w += 2 * pad;
	for (int j = 0; j < ncols; j++)
		sum += nat[j] = MAX(nat[j], env->m.em + 2 * pad);
	for (int j = 0; j < ncols; j++)
		cx[j + 1] = cx[j] + (sum <= w ? nat[j] + (w - sum) / ncols :
		    w * nat[j] / sum);
	for (guint r = 0; r < rows->len; r++) {
		GPtrArray *cells = rows->pdata[r];
		double h = 0;

		for (guint j = 0; j < cells->len; j++) {
			/* x - pad + pad: the inner table takes the cell's
			 * padding, its own cells pad their text. */
			double eh = entry_lines(env, row, cells->pdata[j],
			    x + cx[j], cx[j + 1] - cx[j] - 2 * pad,
			    bold || r < nhead, cell, y);

			h = MAX(h, eh);
		}
		y += h;
	}
	g_ptr_array_free(rows, TRUE);
	g_free(cx);
	g_free(nat);
	g_free(tok);
	return y;
}

/* Sets a cell's paragraphs into the kids of its (first) row, in the
 * structure element cell; returns their height. */
static double
cell_lines(struct layout_env *env, struct lbox *row, const struct tcell *c,
    double x, double w, bool head, const struct lstruct *cell)
{
	guint first = row->kids->len;
	bool bold = head || (c->entry->flags & NF_HEADER);
	double y = is_entrytbl(c->entry) ?
	    entrytbl_lines(env, row, c->entry, x, w, bold, cell) :
	    entry_lines(env, row, c->entry, x, w, bold, cell, 0);

	if (row->kids->len == first) {
		/* an empty cell is still a cell of the structure tree */
		struct lbox e = { .kind = LB_LINE, .sp = cell, .x = x };

		g_array_append_val(row->kids, e);
	}
	return y;
}

/* Whether the table's frame (CALS, or HTML's) draws its top or bottom
 * rule; no frame draws both. */
static bool
frame_has(const struct node *t, bool top)
{
	static const struct {
		const char *frame;
		bool top, bottom;
	} frames[] = {
		{ "none", false, false }, { "sides", false, false },
		{ "top", true, false }, { "bottom", false, true },
		{ "void", false, false }, { "vsides", false, false },
		{ "lhs", false, false }, { "rhs", false, false },
		{ "above", true, false }, { "below", false, true },
	};
	const char *f = model_attr(t, "frame");

	for (size_t i = 0; f && i < G_N_ELEMENTS(frames); i++)
		if (strcmp(f, frames[i].frame) == 0)
			return top ? frames[i].top : frames[i].bottom;
	return true;    /* all, topbot, box, border, hsides */
}

void
table_block(struct layout_env *env, const struct node *t,
    const struct frame *fr)
{
	GPtrArray *specs = g_ptr_array_new(), *spans = g_ptr_array_new();
	GPtrArray *rows = g_ptr_array_new();
	GArray *is_head = g_array_new(FALSE, FALSE, sizeof(gboolean));
	GArray *cells = g_array_new(FALSE, FALSE, sizeof(struct tcell));
	GArray *rb;
	double avail = env->m.measure - fr->left - fr->right;
	double pad = env->m.em * 0.5, *cw, *cx, tw = 0, x0;
	int ncols, header_at = -1, nheader = 0, *keep_to, reach = -1;
	const struct lstruct *table;
	bool no = false, yes = true;
	const char *cols = model_attr(t, "cols");

	for (const struct node *c = t->first; c; c = c->next) {
		if (c->kind == N_COLSPEC)
			g_ptr_array_add(specs, (gpointer)c);
		else if (c->name && strcmp(c->name, "spanspec") == 0)
			g_ptr_array_add(spans, (gpointer)c);
		else if (c->kind == N_THEAD)
			collect_rows(c, rows, &yes, is_head);
	}
	for (const struct node *c = t->first; c; c = c->next) {
		if (c->kind == N_TBODY)
			collect_rows(c, rows, &no, is_head);
	}
	collect_rows(t, rows, &no, is_head);
	for (const struct node *c = t->first; c; c = c->next)
		if (c->kind == N_TFOOT)
			collect_rows(c, rows, &no, is_head);
	ncols = place_cells(specs, spans, rows, cells);
	if (cols && atoi(cols) > ncols)
		ncols = MIN(atoi(cols), TABLE_MAX_COLS);
	if (ncols == 0 || rows->len == 0)
		goto out;
	for (guint i = 0; i < cells->len; i++) {
		struct tcell *c = &g_array_index(cells, struct tcell, i);

		cell_widths(env, c->entry, g_array_index(is_head, gboolean,
		    c->row) || (c->entry->flags & NF_HEADER), &c->nat, &c->tok);
		c->nat += 2 * pad;
		/* A hair more than the word, for the typesetter's spacing. */
		c->tok += 2 * pad + env->m.em * 0.1;
	}
	cw = g_new0(double, ncols);
	cx = g_new0(double, ncols + 1);
	column_widths(env, specs, cells, ncols, avail, pad, cw);
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
	keep_to = g_new0(int, rows->len);
	table = layout_new_struct(env, LS_TABLE, fr->sp);
	for (guint r = 0; r < rows->len; r++) {
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
		for (guint i = 0; i < cells->len; i++) {
			const struct tcell *c = &g_array_index(cells,
			    struct tcell, i);
			struct lbox *b = &g_array_index(rb, struct lbox, c->row);
			int last = c->row + c->nrows - 1, cn;
			double h, have = 0;
			bool head;

			if ((c->nrows > 1) != (pass == 1) || c->col >= ncols)
				continue;
			cn = MIN(c->col + c->ncols, ncols);
			if (c->entry->id)
				layout_add_dest(b, layout_dest_of(env,
				    c->entry));
			head = g_array_index(is_head, gboolean, c->row);
			h = cell_lines(env, b, c, x0 + cx[c->col] + pad,
			    cx[cn] - cx[c->col] - 2 * pad, head,
			    layout_new_struct(env, head || (c->entry->flags &
			    NF_HEADER) ? LS_TH : LS_TD, b->sp));
			for (int r = c->row; r <= last; r++)
				have += g_array_index(rb, struct lbox, r).h;
			if (h > have)
				g_array_index(rb, struct lbox, last).h +=
				    h - have;
			for (int r = c->row; r < last; r++)
				keep_to[r] = MAX(keep_to[r], last);
		}
	for (guint r = 0; r < rows->len; r++) {
		struct lbox *b = &g_array_index(rb, struct lbox, r);
		gboolean head = g_array_index(is_head, gboolean, r);

		if (r == 0 && frame_has(t, true))
			b->flags |= LBF_RULE_ABOVE;
		if (head) {
			b->flags |= LBF_HEADER | LBF_KEEP_NEXT;
			if (header_at < 0)
				header_at = (int)env->lay->boxes->len;
			nheader++;
			if (r + 1 < rows->len && !g_array_index(is_head,
			    gboolean, r + 1))
				b->flags |= LBF_RULE_MID;
		} else {
			b->header = header_at;
			b->nheader = nheader;
		}
		if (r + 1 == rows->len && frame_has(t, false))
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
	if (rows->len >= 2)
		g_array_index(env->lay->boxes, struct lbox,
		    env->lay->boxes->len - 2).flags |= LBF_KEEP_NEXT;
	layout_space(env, env->m.pitch * 0.5, LBF_DISCARD);
	g_array_free(rb, TRUE);
	g_free(keep_to);
	g_free(cw);
	g_free(cx);
out:
	g_ptr_array_free(specs, TRUE);
	g_ptr_array_free(spans, TRUE);
	g_ptr_array_free(rows, TRUE);
	g_array_free(is_head, TRUE);
	g_array_free(cells, TRUE);
}
