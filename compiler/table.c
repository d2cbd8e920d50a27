/*
 * Tables as both back ends read them (table.h): the grid of a CALS or
 * HTML table, and what each cell inherits. CALS: colsep, align, char and
 * charoff from the entry, its spanspec or its column's colspec, its
 * tgroup (kept on the table as tgroup-NAME by the reader), its table;
 * rowsep and valign from the row too, valign from thead, tbody or tfoot.
 * An entrytbl's cells inherit from its colspecs and spanspecs, then the
 * entrytbl, then the table it stands in.
 * HTML: border, rules and frame on the table; align, char, charoff and
 * valign on the cell, its row or its row group.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

bool
table_is_entrytbl(const struct node *e)
{
	return e->kind == N_PHRASE && g_strcmp0(e->name, "entrytbl") == 0;
}

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

/* The colspec of column col (0-based), or NULL. */
static const struct node *
spec_at(GPtrArray *specs, int col)
{
	int at = -1;

	for (guint i = 0; i < specs->len; i++) {
		const struct node *c = specs->pdata[i];
		const char *num = model_attr(c, "colnum");

		at = num && atoi(num) > 0 ? atoi(num) - 1 : at + 1;
		if (at == col)
			return c;
	}
	return NULL;
}

static int
attr_int(const struct node *n, const char *name, int dflt, int max)
{
	const char *v = model_attr(n, name);
	int i = v ? atoi(v) : dflt;

	return CLAMP(i, dflt < 1 ? 0 : 1, max);
}

static void
collect_rows(const struct node *part, GPtrArray *rows, bool header,
    GArray *is_head)
{
	for (const struct node *r = part->first; r; r = r->next) {
		gboolean h = header;

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

/* The spanspec an entry names, or NULL. */
static const struct node *
span_of(GPtrArray *spans, const struct node *e)
{
	const char *sn = model_attr(e, "spanname");

	for (guint i = 0; sn && i < spans->len; i++) {
		const char *nm = model_attr(spans->pdata[i], "spanname");

		if (nm && strcmp(nm, sn) == 0)
			return spans->pdata[i];
	}
	return NULL;
}

/*
 * Places every entry on the grid (CALS namest/nameend, spanname, colname,
 * morerows; HTML colspan, rowspan), skipping the slots that spans from
 * rows above still cover. Returns the number of columns.
 */
static int
place_cells(struct table_grid *g)
{
	GHashTable *busy = g_hash_table_new(NULL, NULL);
	int ncols = 0;

#define SLOT(r, c) GINT_TO_POINTER((r) * TABLE_MAX_COLS + (c) + 1)
	for (guint r = 0; r < g->rows->len; r++) {
		const struct node *row = g->rows->pdata[r];
		int cur = 0;

		for (const struct node *e = row->first; e; e = e->next) {
			struct table_cell c = { .entry = e, .row = (int)r,
			    .nrows = 1, .ncols = 1 };
			const struct node *sp = span_of(g->spans, e);
			const char *st = model_attr(e, "namest");
			const char *en = model_attr(e, "nameend");
			int at;

			if (e->kind != N_ENTRY && !table_is_entrytbl(e))
				continue;
			while (cur < TABLE_MAX_COLS - 1 &&
			    g_hash_table_contains(busy, SLOT(r, cur)))
				cur++;
			if (sp) {
				st = model_attr(sp, "namest");
				en = model_attr(sp, "nameend");
			}
			at = col_named(g->specs, st ? st :
			    model_attr(e, "colname"));
			c.col = at >= 0 ? at : cur;
			at = col_named(g->specs, en);
			if (st && at >= c.col)
				c.ncols = at - c.col + 1;
			else if (model_attr(e, "colspan"))
				c.ncols = attr_int(e, "colspan", 1,
				    TABLE_MAX_COLS);
			c.ncols = MIN(c.ncols, TABLE_MAX_COLS - c.col);
			c.nrows = model_attr(e, "rowspan") ?
			    attr_int(e, "rowspan", 1, INT_MAX / 2) :
			    attr_int(e, "morerows", 0, INT_MAX / 2) + 1;
			c.nrows = MIN(c.nrows, (int)(g->rows->len - r));
			for (int i = 0; i < c.nrows; i++)
				for (int j = 0; j < c.ncols; j++)
					g_hash_table_add(busy, SLOT(r + i,
					    c.col + j));
			cur = c.col + c.ncols;
			ncols = MAX(ncols, cur);
			g_array_append_val(g->cells, c);
		}
	}
#undef SLOT
	g_hash_table_destroy(busy);
	return ncols;
}

/* Whether the table is an HTML one (tr, td, th rather than row, entry). */
static bool
is_html(const struct table_grid *g)
{
	for (guint r = 0; r < g->rows->len; r++)
		if (g_strcmp0(((const struct node *)g->rows->pdata[r])->name,
		    "tr") == 0)
			return true;
	return false;
}

/* The frame a CALS or HTML frame value draws, or -1 for none known. */
static int
frame_of(const char *f)
{
	static const struct {
		const char *frame;
		int sides;
	} frames[] = {
		{ "all", TFRAME_ALL }, { "none", 0 },
		{ "sides", TFRAME_LEFT | TFRAME_RIGHT },
		{ "top", TFRAME_TOP }, { "bottom", TFRAME_BOTTOM },
		{ "topbot", TFRAME_TOP | TFRAME_BOTTOM },
		{ "void", 0 }, { "vsides", TFRAME_LEFT | TFRAME_RIGHT },
		{ "lhs", TFRAME_LEFT }, { "rhs", TFRAME_RIGHT },
		{ "above", TFRAME_TOP }, { "below", TFRAME_BOTTOM },
		{ "hsides", TFRAME_TOP | TFRAME_BOTTOM },
		{ "box", TFRAME_ALL }, { "border", TFRAME_ALL },
	};

	for (size_t i = 0; f && i < G_N_ELEMENTS(frames); i++)
		if (strcmp(f, frames[i].frame) == 0)
			return frames[i].sides;
	return -1;
}

static enum table_sep
sep_of(const char *v)
{
	return v == NULL ? TSEP_UNSET : atoi(v) != 0 ? TSEP_YES : TSEP_NO;
}

/* The first of the nodes (NULL ones skipped) that has the attribute,
 * then the table's tgroup-NAME and NAME. */
static const char *
inherit(const char *name, const struct node *const *from, size_t n,
    const struct node *table, bool table_own)
{
	char tg[32];

	for (size_t i = 0; i < n; i++)
		if (from[i] && model_attr(from[i], name))
			return model_attr(from[i], name);
	/* An entrytbl says its own colsep, rowsep, align, char and
	 * charoff, else the table it stands in says them. */
	if (table_is_entrytbl(table)) {
		if (model_attr(table, name))
			return model_attr(table, name);
		while (table && table->kind != N_TABLE)
			table = table->parent;
		if (table == NULL)
			return NULL;
	}
	g_snprintf(tg, sizeof tg, "tgroup-%s", name);
	if (model_attr(table, tg))
		return model_attr(table, tg);
	return table_own ? model_attr(table, name) : NULL;
}

static enum table_align
align_of(const char *v)
{
	static const char *const names[] = { "", "left", "right", "center",
	    "justify", "char" };

	for (size_t i = 1; v && i < G_N_ELEMENTS(names); i++)
		if (strcmp(v, names[i]) == 0)
			return (enum table_align)i;
	return TALIGN_UNSET;
}

static enum table_valign
valign_of(const char *v)
{
	if (v == NULL)
		return TVALIGN_UNSET;
	if (strcmp(v, "top") == 0)
		return TVALIGN_TOP;
	if (strcmp(v, "middle") == 0)
		return TVALIGN_MIDDLE;
	if (strcmp(v, "bottom") == 0)
		return TVALIGN_BOTTOM;
	return TVALIGN_UNSET;
}

/* HTML's border and rules, as a frame and the cells' rules. */
static void
html_rules(struct table_grid *g, const struct node *t)
{
	const char *border = model_attr(t, "border");
	const char *rules = model_attr(t, "rules");
	bool bordered = border && (*border == '\0' || atoi(border) > 0);
	bool cols = bordered, rows = bordered, groups = false;

	if (g->frame < 0 && border)
		g->frame = bordered ? TFRAME_ALL : 0;
	if (rules) {
		cols = strcmp(rules, "cols") == 0 || strcmp(rules, "all") == 0;
		rows = strcmp(rules, "rows") == 0 || strcmp(rules, "all") == 0;
		groups = strcmp(rules, "groups") == 0;
		if (g->frame < 0)
			g->frame = 0;
	}
	if (border == NULL && rules == NULL)
		return;
	for (guint i = 0; i < g->cells->len; i++) {
		struct table_cell *c = &g_array_index(g->cells,
		    struct table_cell, i);
		const struct node *row = g->rows->pdata[c->row + c->nrows - 1];
		bool group_end = row->next == NULL ||
		    row->parent->kind == N_THEAD;

		c->colsep = cols ? TSEP_YES : TSEP_NO;
		c->rowsep = rows || (groups && group_end) ? TSEP_YES : TSEP_NO;
	}
}

/* What each cell inherits. */
static void
resolve(struct table_grid *g, const struct node *t)
{
	bool html = is_html(g);

	g->frame = table_is_entrytbl(t) ? 0 : frame_of(model_attr(t,
	    "frame"));
	for (guint i = 0; i < g->cells->len; i++) {
		struct table_cell *c = &g_array_index(g->cells,
		    struct table_cell, i);
		const struct node *e = c->entry, *row = e->parent;
		const struct node *grp = row->parent != t ? row->parent : NULL;
		const struct node *sp = span_of(g->spans, e);
		const struct node *cs = spec_at(g->specs, c->col);
		const struct node *sep[] = { e, sp, cs };
		const struct node *rsep[] = { e, row, sp, cs };
		const struct node *al[] = { e, html ? row : NULL, sp, cs,
		    html ? grp : NULL };
		const struct node *va[] = { e, row, grp, cs };
		const char *off;

		c->colsep = sep_of(inherit("colsep", sep, 3, t, true));
		c->rowsep = sep_of(inherit("rowsep", rsep, 4, t, true));
		c->align = align_of(inherit("align", al, 5, t, false));
		c->valign = valign_of(inherit("valign", va, 4, t, false));
		if (c->align == TALIGN_CHAR) {
			c->ch = inherit("char", al, 5, t, false);
			if (c->ch == NULL || *c->ch == '\0')
				c->ch = ".";
			off = inherit("charoff", al, 5, t, false);
			c->charoff = off ? CLAMP(g_ascii_strtod(off, NULL), 0,
			    100) : -1;
		}
	}
	if (html)
		html_rules(g, t);
}

void
table_grid_init(struct table_grid *g, const struct node *t)
{
	const char *cols = model_attr(t, "cols");

	g->specs = g_ptr_array_new();
	g->spans = g_ptr_array_new();
	g->rows = g_ptr_array_new();
	g->is_head = g_array_new(FALSE, FALSE, sizeof(gboolean));
	g->cells = g_array_new(FALSE, FALSE, sizeof(struct table_cell));
	for (const struct node *c = t->first; c; c = c->next) {
		if (c->kind == N_COLSPEC)
			g_ptr_array_add(g->specs, (gpointer)c);
		else if (c->kind == N_SPANSPEC)
			g_ptr_array_add(g->spans, (gpointer)c);
		else if (c->kind == N_THEAD)
			collect_rows(c, g->rows, true, g->is_head);
	}
	for (const struct node *c = t->first; c; c = c->next)
		if (c->kind == N_TBODY)
			collect_rows(c, g->rows, false, g->is_head);
	collect_rows(t, g->rows, false, g->is_head);
	for (const struct node *c = t->first; c; c = c->next)
		if (c->kind == N_TFOOT)
			collect_rows(c, g->rows, false, g->is_head);
	g->ncols = place_cells(g);
	if (cols && atoi(cols) > g->ncols)
		g->ncols = MIN(atoi(cols), TABLE_MAX_COLS);
	resolve(g, t);
}

void
table_grid_clear(struct table_grid *g)
{
	g_ptr_array_free(g->specs, TRUE);
	g_ptr_array_free(g->spans, TRUE);
	g_ptr_array_free(g->rows, TRUE);
	g_array_free(g->is_head, TRUE);
	g_array_free(g->cells, TRUE);
}

bool
table_grid_ruled(const struct table_grid *g)
{
	if (g->frame >= 0)
		return true;
	for (guint i = 0; i < g->cells->len; i++) {
		const struct table_cell *c = &g_array_index(g->cells,
		    struct table_cell, i);

		if (c->colsep != TSEP_UNSET || c->rowsep != TSEP_UNSET)
			return true;
	}
	return false;
}
