/*
 * A display formula too wide for the measure broken into lines, as TeX
 * and MathML's line breaking do it: at the operators of its top-level
 * row, each line as full as it can be, before a relation where that
 * leaves the line at least half full, else before a binary operator
 * (+, −, ×), else before any relation. A continuation line starts with
 * its operator (MathML's linebreakstyle "before"), indented to the first
 * line's first relation, or by 2em. row() recorded where each child of
 * the row begins (struct row_piece); the laid out items are moved, never
 * laid out again. What cannot be broken to fit is left to scaling.
 *
 * A long inline formula is cut instead into pieces the paragraph's line
 * breaking may break between, as TeX breaks inline math: after a
 * relation or a binary operator of its top-level row (after the last of
 * a run of relations), the operator ending its line.
 */
#include "formula_int.h"

#define P(i) (&g_array_index(l->pieces, struct row_piece, (i)))

/* The piece a line from a (offset off) breaks before: the next line's
 * first, an operator after a and at most at j + 1 (the first that does
 * not fit); 0 when there is none. */
static guint
break_at(const struct lay *l, guint a, guint j, double off, double room)
{
	guint n = l->pieces->len, best_bin = 0, best_rel = 0;

	for (guint k = MIN(j + 1, n - 1); k > a; k--) {
		if (P(k)->brk == 2 && best_rel == 0)
			best_rel = k;
		if (P(k)->brk == 1 && best_bin == 0)
			best_bin = k;
	}
	if (best_rel && P(best_rel)->x - P(a)->x + off >= room / 2)
		return best_rel;
	return best_bin ? best_bin : best_rel;
}

int
formula_break(const struct lay *l, struct mbox *b, double room, double *last)
{
	guint n = l->pieces->len, a = 0;
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint));
	double indent = 2 * l->size0, y = 0, prev_desc = 0, w = 0;
	int lines;

	if (n < 2)
		goto unbroken;
	for (guint k = 1; k < n; k++)
		if (P(k)->brk == 2) {
			if (P(k)->x <= room / 2)
				indent = P(k)->x;
			break;
		}
	g_array_append_val(starts, a);
	for (;;) {
		double off = a > 0 ? indent : 0;
		guint j = a;

		while (j + 1 < n && P(j + 1)->x + P(j + 1)->w - P(a)->x + off <=
		    room)
			j++;
		if (P(j)->x + P(j)->w - P(a)->x + off > room)
			goto unbroken;  /* one piece is too wide */
		if (j + 1 >= n)
			break;
		if ((a = break_at(l, a, j, off, room)) == 0)
			goto unbroken;
		g_array_append_val(starts, a);
	}
	lines = (int)starts->len;
	for (int li = 0; li < lines; li++) {
		guint s = g_array_index(starts, guint, li);
		guint e = li + 1 < lines ? g_array_index(starts, guint, li + 1) :
		    n;
		guint end = e < n ? P(e)->item : b->items->len;
		double asc = 0, desc = 0, dx = li ? indent - P(s)->x : 0;

		for (guint k = s; k < e; k++) {
			asc = MAX(asc, P(k)->asc);
			desc = MAX(desc, P(k)->desc);
		}
		if (li == 0)
			b->asc = asc;
		else
			y += MAX(prev_desc + asc + 0.25 * l->size0,
			    1.3 * l->size0);
		for (guint i = P(s)->item; i < end; i++)
			math_item_shift(&g_array_index(b->items,
			    struct math_item, i), dx, y);
		w = MAX(w, P(e - 1)->x + P(e - 1)->w + dx);
		prev_desc = desc;
	}
	b->w = w;
	b->desc = y + prev_desc;
	*last = y;
	g_array_free(starts, TRUE);
	return lines;
unbroken:
	g_array_free(starts, TRUE);
	return 1;
}

GPtrArray *
formula_split(const struct lay *l, struct mbox *b)
{
	GPtrArray *segs = g_ptr_array_new();
	guint n = l->pieces->len, s = 0;

	for (guint k = 0; k < n; k++) {
		bool cut = k + 1 == n || (P(k)->brk > 0 &&
		    !(P(k)->brk == 2 && P(k + 1)->brk == 2));
		struct mbox *seg;
		double x0, x1;
		guint end;

		if (!cut)
			continue;
		if (k + 1 == n && s == 0)
			break;          /* nowhere to cut: b stays whole */
		seg = mbox_new();
		x0 = s > 0 ? P(s)->x : 0;
		x1 = k + 1 < n ? P(k + 1)->x : b->w;
		end = k + 1 < n ? P(k + 1)->item : b->items->len;
		for (guint i = P(s)->item; i < end; i++) {
			struct math_item *it = &g_array_index(b->items,
			    struct math_item, i);

			math_item_shift(it, -x0, 0);
			g_array_append_val(seg->items, *it);
		}
		for (guint i = s; i <= k; i++) {
			seg->asc = MAX(seg->asc, P(i)->asc);
			seg->desc = MAX(seg->desc, P(i)->desc);
		}
		seg->w = x1 - x0;
		/* The space after its operator, which a line ending there
		 * does without, as TeX discards it (math_box.end_space). */
		seg->rspace = x1 - P(k)->x - P(k)->w;
		g_ptr_array_add(segs, seg);
		s = k + 1;
	}
	if (segs->len == 0)
		g_ptr_array_add(segs, b);
	else {
		/* The items moved to the pieces. */
		g_array_set_size(b->items, 0);
		mbox_free(b);
	}
	return segs;
}
