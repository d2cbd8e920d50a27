/*
 * Tables as XHTML: the cell an ENTRY opens, with the columns it spans
 * (from its colspecs' names, or its colspan), the rows it spans and
 * whether it is a header cell. The block walker (content.c) opens the
 * table with its caption, the row groups and the rows, and hands each
 * cell here; this file opens the cell and nothing else, and never walks
 * what the cell holds.
 */
#include <stdlib.h>

#include "content_int.h"

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

void
emit_entry(struct out *o, const struct node *n)
{
	const struct node *table = ancestor(n, N_TABLE);
	bool head = (n->flags & NF_HEADER) || ancestor(n, N_THEAD);
	char span[16] = "", rows[16] = "";
	const char *more = model_attr(n, "morerows");

	if (table) {
		int a = column_of(table, model_attr(n, "namest"));
		int b = column_of(table, model_attr(n, "nameend"));

		if (a > 0 && b > a)
			g_snprintf(span, sizeof span, "%d", b - a + 1);
	}
	if (model_attr(n, "colspan"))
		g_snprintf(span, sizeof span, "%d",
		    atoi(model_attr(n, "colspan")));
	if (more && atoi(more) > 0)
		g_snprintf(rows, sizeof rows, "%d", atoi(more) + 1);
	else if (model_attr(n, "rowspan"))
		g_snprintf(rows, sizeof rows, "%d",
		    atoi(model_attr(n, "rowspan")));
	eopen(o, head ? "th" : "td", n, "id", frag_of(o->d, n),
	    "colspan", atoi(span) > 1 ? span : NULL,
	    "rowspan", atoi(rows) > 1 ? rows : NULL,
	    "scope", head && ancestor(n, N_THEAD) ? "col" : NULL, NULL);
}
