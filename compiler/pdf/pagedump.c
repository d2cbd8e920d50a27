/*
 * The text dump of the page geometry (BOOKC_PAGE_DUMP, see device.h):
 * what the golden layout tests compare, with no Cairo in between. A
 * formula on a line is dumped below it, item by item: its glyph runs
 * (size, the characters, then each glyph's id and origin) and its rules
 * and strokes, in points from the formula's origin.
 */
#include <stdio.h>

#include "device.h"
#include "formula.h"

static void
dump_formula(FILE *out, const struct layout_image *li)
{
	const struct math_box *m = li->math;
	static const char *const kinds[] = { "glyphs", "rule", "line",
	    "ellipse", "rounded" };

	fprintf(out, "  formula x %.2f w %.2f asc %.2f desc %.2f%s", li->x,
	    m->w, m->asc, m->desc, m->continued ? " continued" : "");
	if (m->scale != 1)
		fprintf(out, " scale %.3f", m->scale);
	fputc('\n', out);
	for (guint i = 0; i < m->items->len; i++) {
		const struct math_item *it = &g_array_index(m->items,
		    struct math_item, i);

		if (it->kind != MI_GLYPHS) {
			fprintf(out, "    %s %.2f %.2f %.2f %.2f", kinds[it->kind],
			    it->x, it->y, it->w, it->h);
			if (it->kind != MI_RULE)
				fprintf(out, " %.2f", it->size);
			fputc('\n', out);
			continue;
		}
		fprintf(out, "    glyphs %.2f \"%.*s\"", it->size, it->len,
		    it->utf8);
		for (int g = 0; g < it->nglyphs; g++)
			fprintf(out, " %lu@%.2f,%.2f", it->glyphs[g].index,
			    it->glyphs[g].x, it->glyphs[g].y);
		fputc('\n', out);
	}
}

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
	for (guint i = 0; b->images && i < b->images->len; i++) {
		const struct layout_image *li = &g_array_index(b->images,
		    struct layout_image, i);

		if (li->math)
			dump_formula(out, li);
	}
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
