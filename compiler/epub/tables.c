/*
 * Tables as XHTML: the table element with its frame, and the cell an
 * ENTRY opens, with the columns it spans (from its colspecs' names, or
 * its colspan), the rows it spans, whether it is a header cell, and the
 * rules, alignment and vertical alignment it inherits (table.h) as
 * classes of the stylesheet (css.c), never HTML's old attributes. The
 * block walker (content.c) opens the row groups and the rows and hands
 * each table and cell here; a cell aligned on a character is written
 * here whole, anything else is walked by content.c.
 */
#include <stdlib.h>
#include <string.h>

#include "content_int.h"
#include "../table.h"

/* A cell as the table's grid places it. */
struct epub_cell {
	struct table_cell c;
	bool ruled;             /* its table says where its rules are */
	bool right, bottom;     /* it ends at the table's right, bottom */
	int frac;               /* aligned on a character: the most
	                           characters from it on in its column;
	                           -1 when it is not */
};

/* The text of a cell that can line up on its character: one paragraph
 * of text alone (g_free it), else NULL. */
static char *
char_text(const struct table_cell *c)
{
	const struct node *p = c->entry->first;

	if (c->align != TALIGN_CHAR || c->ncols != 1 || p == NULL ||
	    p->next || p->kind != N_PARA)
		return NULL;
	for (const struct node *t = p->first; t; t = t->next)
		if (t->kind != N_TEXT)
			return NULL;
	return model_text(p);
}

static int
frac_chars(const struct table_cell *c, const char *t)
{
	const char *at = strstr(t, c->ch);

	return at ? (int)g_utf8_strlen(at, -1) : 0;
}

/* The column number (1-based) of a colspec name in a table. */
static int
column_of(const struct node *table, const char *name)
{
	int i = 0;

	if (name == NULL)
		return 0;
	for (const struct node *c = table->first; c; c = c->next)
		if (c->kind == N_COLSPEC) {
			const char *num = model_attr(c, "colnum");

			i = num ? atoi(num) : i + 1;
			if (g_strcmp0(model_attr(c, "colname"), name) == 0)
				return i;
		}
	return 0;
}

static const struct node *
ancestor(const struct node *n, enum node_kind k)
{
	for (n = n->parent; n; n = n->parent)
		if (n->kind == k)
			return n;
	return NULL;
}

/* Opens the table, its frame a class; places its cells for emit_entry.
 * An entrytbl's table (in its cell, which has its id) has no frame: the
 * cell's edges are its. */
void
emit_table(struct out *o, const struct node *t)
{
	struct table_grid g;
	GString *cls = g_string_new(NULL);
	int *frac;
	bool ruled, inner = table_is_entrytbl(t);

	table_grid_init(&g, t);
	ruled = table_grid_ruled(&g);
	if (inner) {
		ruled = false;
		for (guint i = 0; i < g.cells->len; i++) {
			const struct table_cell *c = &g_array_index(g.cells,
			    struct table_cell, i);

			ruled |= c->colsep != TSEP_UNSET ||
			    c->rowsep != TSEP_UNSET;
		}
	}
	frac = g_new0(int, g.ncols + 1);
	for (guint i = 0; i < g.cells->len; i++) {
		const struct table_cell *c = &g_array_index(g.cells,
		    struct table_cell, i);
		char *tx = char_text(c);

		if (tx && c->col < g.ncols)
			frac[c->col] = MAX(frac[c->col], frac_chars(c, tx));
		g_free(tx);
	}
	for (guint i = 0; i < g.cells->len; i++) {
		struct epub_cell *e = g_new0(struct epub_cell, 1);
		char *tx;

		e->c = g_array_index(g.cells, struct table_cell, i);
		e->ruled = ruled;
		e->right = e->c.col + e->c.ncols >= g.ncols;
		e->bottom = e->c.row + e->c.nrows >= (int)g.rows->len;
		tx = char_text(&e->c);
		e->frac = tx && e->c.col < g.ncols ? frac[e->c.col] : -1;
		g_free(tx);
		g_hash_table_replace(o->cells, (gpointer)e->c.entry, e);
	}
	if (ruled) {
		int f = inner ? 0 : g.frame < 0 ? TFRAME_ALL : g.frame;

		g_string_append(cls, "ruled");
		if (f & TFRAME_TOP)
			g_string_append(cls, " frame-top");
		if (f & TFRAME_BOTTOM)
			g_string_append(cls, " frame-bottom");
		if (f & TFRAME_LEFT)
			g_string_append(cls, " frame-left");
		if (f & TFRAME_RIGHT)
			g_string_append(cls, " frame-right");
	}
	eopen(o, "table", inner ? NULL : t, "id", inner ? NULL :
	    frag_of(o->d, t), "class",
	    cls->len ? cls->str : NULL, NULL);
	g_string_free(cls, TRUE);
	g_free(frac);
	table_grid_clear(&g);
}

/* The classes of a cell: its rules inside the frame, its alignment. */
static void
cell_classes(GString *cls, const struct epub_cell *e, const char *extra)
{
	static const char *const align[] = { NULL, "align-left",
	    "align-right", "align-center", "align-justify", "align-char" };
	static const char *const valign[] = { NULL, "valign-top",
	    "valign-middle", "valign-bottom" };

	if (extra)
		g_string_append_printf(cls, " %s", extra);
	if (e == NULL)
		return;
	if (e->ruled && e->c.colsep == TSEP_YES && !e->right)
		g_string_append(cls, " colsep");
	if (e->ruled && e->c.rowsep == TSEP_YES && !e->bottom)
		g_string_append(cls, " rowsep");
	if (align[e->c.align])
		g_string_append_printf(cls, " %s", align[e->c.align]);
	if (valign[e->c.valign])
		g_string_append_printf(cls, " %s", valign[e->c.valign]);
}

/* A cell lined up on its character: the text before it, then the rest
 * in a box as wide as the column's widest rest (in the width of "0"), so
 * that the characters stand one above the other with no character
 * added. */
static void
emit_char_cell(struct out *o, const struct epub_cell *e)
{
	char *t = model_text(e->c.entry->first), *at = strstr(t, e->c.ch);
	char style[32];

	g_snprintf(style, sizeof style, "min-width: %dch", e->frac);
	if (at)
		*at = '\0';
	otext(o, t);
	eopen(o, "span", NULL, "class", "char-rest", "style", style, NULL);
	if (at) {
		*at = e->c.ch[0];
		otext(o, at);
	}
	xhtml_close(o->x);
	g_free(t);
}

/* Opens the cell of an ENTRY (or an entrytbl, class extra); false when
 * it has written what the cell holds too. */
bool
emit_cell(struct out *o, const struct node *n, const char *extra)
{
	const struct node *table = ancestor(n, N_TABLE);
	const struct epub_cell *e = g_hash_table_lookup(o->cells, n);
	bool head = (n->flags & NF_HEADER) || ancestor(n, N_THEAD);
	char span[16] = "", rows[16] = "";
	const char *more = model_attr(n, "morerows");
	GString *cls = g_string_new(NULL);

	if (e && e->c.ncols > 1)
		g_snprintf(span, sizeof span, "%d", e->c.ncols);
	else if (e == NULL && table) {
		int a = column_of(table, model_attr(n, "namest"));
		int b = column_of(table, model_attr(n, "nameend"));

		if (a > 0 && b > a)
			g_snprintf(span, sizeof span, "%d", b - a + 1);
	}
	if (e == NULL && model_attr(n, "colspan"))
		g_snprintf(span, sizeof span, "%d",
		    atoi(model_attr(n, "colspan")));
	if (e && e->c.nrows > 1)
		g_snprintf(rows, sizeof rows, "%d", e->c.nrows);
	else if (e == NULL && more && atoi(more) > 0)
		g_snprintf(rows, sizeof rows, "%d", atoi(more) + 1);
	else if (e == NULL && model_attr(n, "rowspan"))
		g_snprintf(rows, sizeof rows, "%d",
		    atoi(model_attr(n, "rowspan")));
	cell_classes(cls, e, extra);
	eopen(o, head ? "th" : "td", n, "id", frag_of(o->d, n),
	    "class", cls->len ? cls->str + 1 : NULL,
	    "colspan", atoi(span) > 1 ? span : NULL,
	    "rowspan", atoi(rows) > 1 ? rows : NULL,
	    "scope", head && ancestor(n, N_THEAD) ? "col" : NULL, NULL);
	g_string_free(cls, TRUE);
	if (e && e->frac >= 0) {
		emit_char_cell(o, e);
		return false;
	}
	return true;
}
