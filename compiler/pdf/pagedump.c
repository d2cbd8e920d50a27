/*
 * The text dump of the page geometry (BOOKC_PAGE_DUMP, see device.h):
 * what the golden layout tests compare, with no Cairo in between.
 */
#include <stdio.h>

#include "device.h"

/* "N x y w right TAG text": TAG is the block letter, the alignment
 * (J L C R), then ^ on a paragraph's first line and $ on its last. */
static void
dump_line(FILE *out, guint page, const struct lbox *b, double x, double y)
{
	const char *text;

	if (b->line == NULL)
		return;
	text = b->line->text;
	fprintf(out, "%u %.2f %.2f %.2f %.2f %c%c%s%s ", page, x,
	    y + b->baseline, b->w, x - b->x + b->right,
	    b->block ? b->block : 'o', "JLCR"[b->align],
	    (b->flags & LBF_PARA_FIRST) ? "^" : "",
	    (b->flags & LBF_PARA_LAST) ? "$" : "");
	for (int i = 0; i < b->line->length; i++)
		if (text[i] != '\n')
			fputc(text[i], out);
	fputc('\n', out);
}

void
pdf_dump_pages(FILE *out, const GPtrArray *pages)
{
	for (guint i = 0; i < pages->len; i++) {
		const struct page *p = pages->pdata[i];

		fprintf(out, "page %u %s%s\n", i + 1, p->label,
		    p->blank ? " blank" : "");
		for (guint k = 0; k < p->items->len; k++) {
			const struct page_item *it = &g_array_index(p->items,
			    struct page_item, k);
			const struct lbox *b = it->b;
			double left = it->x - b->x;

			if (b->kind == LB_LINE)
				dump_line(out, i + 1, b, it->x, it->y);
			else if (b->kind == LB_ROW)
				for (guint j = 0; j < b->kids->len; j++) {
					const struct lbox *kb = &g_array_index(
					    b->kids, struct lbox, j);

					dump_line(out, i + 1, kb, left + kb->x,
					    it->y + kb->dy);
				}
			else if (b->kind == LB_IMAGE)
				fprintf(out, "%u %.2f %.2f %.2f [image%s]\n",
				    i + 1, it->x, it->y, b->w,
				    b->image ? "" : " missing");
		}
	}
}
