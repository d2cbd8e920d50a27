/*
 * Print production on the finished PDF, through qpdf's C API: imposition
 * (2up: two pages side by side, in reading order, centred on the paper
 * that holds them, A4 for A5 pages, A3 for A4; booklet: the same sheets
 * in saddle-stitch order, 16|1, 2|15, 14|3, ...) and crop marks with bleed (TrimBox = the book page or the
 * sheet, BleedBox = trim + bleed, MediaBox = all, marks in registration
 * colour outside the bleed).
 *
 * Imposition turns each book page into a form XObject (its content, its
 * resources, /BBox = its MediaBox) drawn on the sheet with a `cm`; the
 * link annotations move onto the sheet, and every destination (the named
 * destinations Cairo writes, explicit ones, the outline's) is pointed at
 * the sheet with its coordinates moved. The structure tree cannot follow
 * marked content into form XObjects, so imposed output is untagged (valid
 * rather than tagged); its page labels name the book pages on each sheet
 * ("3–4", "16–1"), blank halves left out. Marks alone keep each page and
 * its content stream (wrapped in q/cm/Q), so tags and labels stay.
 *
 * The result is written deterministically (qpdf's content-derived /ID, no
 * dates touched) to a temporary file beside path, renamed over path only
 * when complete.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "diag.h"
#include "impose.h"
#include "lazy.h"
#include "output.h"

/* qpdf's functions, from the library lazy_qpdf loads (pdf_impose loads
 * it before it calls any). */
#define qpdf_add_page (*lazy_qpdf()->qpdf_add_page)
#define qpdf_cleanup (*lazy_qpdf()->qpdf_cleanup)
#define qpdf_get_error (*lazy_qpdf()->qpdf_get_error)
#define qpdf_get_error_message_detail (*lazy_qpdf()->qpdf_get_error_message_detail)
#define qpdf_get_num_pages (*lazy_qpdf()->qpdf_get_num_pages)
#define qpdf_get_page_n (*lazy_qpdf()->qpdf_get_page_n)
#define qpdf_get_root (*lazy_qpdf()->qpdf_get_root)
#define qpdf_has_error (*lazy_qpdf()->qpdf_has_error)
#define qpdf_init (*lazy_qpdf()->qpdf_init)
#define qpdf_init_write (*lazy_qpdf()->qpdf_init_write)
#define qpdf_make_indirect_object (*lazy_qpdf()->qpdf_make_indirect_object)
#define qpdf_more_warnings (*lazy_qpdf()->qpdf_more_warnings)
#define qpdf_next_warning (*lazy_qpdf()->qpdf_next_warning)
#define qpdf_oh_append_item (*lazy_qpdf()->qpdf_oh_append_item)
#define qpdf_oh_begin_dict_key_iter (*lazy_qpdf()->qpdf_oh_begin_dict_key_iter)
#define qpdf_oh_dict_more_keys (*lazy_qpdf()->qpdf_oh_dict_more_keys)
#define qpdf_oh_dict_next_key (*lazy_qpdf()->qpdf_oh_dict_next_key)
#define qpdf_oh_get_array_item (*lazy_qpdf()->qpdf_oh_get_array_item)
#define qpdf_oh_get_array_n_items (*lazy_qpdf()->qpdf_oh_get_array_n_items)
#define qpdf_oh_get_dict (*lazy_qpdf()->qpdf_oh_get_dict)
#define qpdf_oh_get_int_value_as_int (*lazy_qpdf()->qpdf_oh_get_int_value_as_int)
#define qpdf_oh_get_key (*lazy_qpdf()->qpdf_oh_get_key)
#define qpdf_oh_get_name (*lazy_qpdf()->qpdf_oh_get_name)
#define qpdf_oh_get_object_id (*lazy_qpdf()->qpdf_oh_get_object_id)
#define qpdf_oh_get_page_content_data (*lazy_qpdf()->qpdf_oh_get_page_content_data)
#define qpdf_oh_get_utf8_value (*lazy_qpdf()->qpdf_oh_get_utf8_value)
#define qpdf_oh_get_value_as_number (*lazy_qpdf()->qpdf_oh_get_value_as_number)
#define qpdf_oh_is_array (*lazy_qpdf()->qpdf_oh_is_array)
#define qpdf_oh_is_dictionary (*lazy_qpdf()->qpdf_oh_is_dictionary)
#define qpdf_oh_is_indirect (*lazy_qpdf()->qpdf_oh_is_indirect)
#define qpdf_oh_is_integer (*lazy_qpdf()->qpdf_oh_is_integer)
#define qpdf_oh_is_name (*lazy_qpdf()->qpdf_oh_is_name)
#define qpdf_oh_is_name_and_equals (*lazy_qpdf()->qpdf_oh_is_name_and_equals)
#define qpdf_oh_is_stream (*lazy_qpdf()->qpdf_oh_is_stream)
#define qpdf_oh_is_string (*lazy_qpdf()->qpdf_oh_is_string)
#define qpdf_oh_new_array (*lazy_qpdf()->qpdf_oh_new_array)
#define qpdf_oh_new_dictionary (*lazy_qpdf()->qpdf_oh_new_dictionary)
#define qpdf_oh_new_integer (*lazy_qpdf()->qpdf_oh_new_integer)
#define qpdf_oh_new_name (*lazy_qpdf()->qpdf_oh_new_name)
#define qpdf_oh_new_null (*lazy_qpdf()->qpdf_oh_new_null)
#define qpdf_oh_new_real_from_double (*lazy_qpdf()->qpdf_oh_new_real_from_double)
#define qpdf_oh_new_stream (*lazy_qpdf()->qpdf_oh_new_stream)
#define qpdf_oh_new_unicode_string (*lazy_qpdf()->qpdf_oh_new_unicode_string)
#define qpdf_oh_parse (*lazy_qpdf()->qpdf_oh_parse)
#define qpdf_oh_remove_key (*lazy_qpdf()->qpdf_oh_remove_key)
#define qpdf_oh_replace_key (*lazy_qpdf()->qpdf_oh_replace_key)
#define qpdf_oh_replace_stream_data (*lazy_qpdf()->qpdf_oh_replace_stream_data)
#define qpdf_oh_set_array_item (*lazy_qpdf()->qpdf_oh_set_array_item)
#define qpdf_push_inherited_attributes_to_page (*lazy_qpdf()->qpdf_push_inherited_attributes_to_page)
#define qpdf_read (*lazy_qpdf()->qpdf_read)
#define qpdf_remove_page (*lazy_qpdf()->qpdf_remove_page)
#define qpdf_set_attempt_recovery (*lazy_qpdf()->qpdf_set_attempt_recovery)
#define qpdf_set_decode_level (*lazy_qpdf()->qpdf_set_decode_level)
#define qpdf_set_deterministic_ID (*lazy_qpdf()->qpdf_set_deterministic_ID)
#define qpdf_set_suppress_warnings (*lazy_qpdf()->qpdf_set_suppress_warnings)
#define qpdf_silence_errors (*lazy_qpdf()->qpdf_silence_errors)
#define qpdf_write (*lazy_qpdf()->qpdf_write)

#define PT_PER_MM       (72.0 / 25.4)
#define MARK_GAP        3.0     /* pt from the bleed edge to a mark */
#define MARK_LEN        18.0    /* pt, about 6 mm */
#define MARK_PAD        6.0     /* pt from a mark's end to the media edge */
#define MAX_TREE_DEPTH  64      /* name and number trees; Cairo writes 1 */

struct box {
	double x0, y0, x1, y1;
};

/* Where a book page's content went: which output page, moved by dx, dy. */
struct place {
	qpdf_oh page;
	double dx, dy;
};

struct imp {
	qpdf_data q;
	GHashTable *places;     /* object id of a book page -> struct place */
	GHashTable *seen;       /* ids of indirect objects already remapped */
	qpdf_oh reg;            /* registration colour space, or 0 */
	double bleed;           /* pt */
	double margin;          /* pt around the trim; 0 without marks */
	bool untag;             /* drop the structure tree */
};

static qpdf_oh
num(qpdf_data q, double v)
{
	return qpdf_oh_new_real_from_double(q, v, 4);
}

static qpdf_oh
box_array(qpdf_data q, struct box b)
{
	qpdf_oh a = qpdf_oh_new_array(q);

	qpdf_oh_append_item(q, a, num(q, b.x0));
	qpdf_oh_append_item(q, a, num(q, b.y0));
	qpdf_oh_append_item(q, a, num(q, b.x1));
	qpdf_oh_append_item(q, a, num(q, b.y1));
	return a;
}

static struct box
grow(struct box b, double by)
{
	return (struct box){ b.x0 - by, b.y0 - by, b.x1 + by, b.y1 + by };
}

static bool
get_box(qpdf_data q, qpdf_oh page, const char *key, struct box *b)
{
	qpdf_oh a = qpdf_oh_get_key(q, page, key);
	double v[4];

	if (!qpdf_oh_is_array(q, a) || qpdf_oh_get_array_n_items(q, a) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (!qpdf_oh_get_value_as_number(q,
		    qpdf_oh_get_array_item(q, a, i), &v[i]))
			return false;
	b->x0 = MIN(v[0], v[2]);
	b->x1 = MAX(v[0], v[2]);
	b->y0 = MIN(v[1], v[3]);
	b->y1 = MAX(v[1], v[3]);
	return b->x1 > b->x0 && b->y1 > b->y0;
}

/* Numbers in content streams: always a decimal point, whatever the
 * locale. */
static void
put_num(GString *s, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_ascii_formatd(buf, sizeof buf, "%.4f", v);
	g_string_append(s, buf);
	g_string_append_c(s, ' ');
}

static void
put_line(GString *s, double x0, double y0, double x1, double y1)
{
	put_num(s, x0);
	put_num(s, y0);
	g_string_append(s, "m ");
	put_num(s, x1);
	put_num(s, y1);
	g_string_append(s, "l\n");
}

/* Crop marks at the corners of trim, outside the bleed, as an artifact
 * (not content) for a tagged page; with middle, also a fold or cut mark
 * at the middle of the top and bottom edges. */
static void
put_marks(GString *s, const struct imp *im, struct box t, bool middle)
{
	double o = im->bleed + MARK_GAP, l = MARK_LEN;
	double xs[2] = { t.x0, t.x1 }, ys[2] = { t.y0, t.y1 };

	g_string_append(s, "/Artifact BMC q /BookcReg CS 1 SC "
	    "0.25 w 0 J [] 0 d\n");
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double sx = i ? 1 : -1, sy = j ? 1 : -1;

			put_line(s, xs[i] + sx * o, ys[j],
			    xs[i] + sx * (o + l), ys[j]);
			put_line(s, xs[i], ys[j] + sy * o,
			    xs[i], ys[j] + sy * (o + l));
		}
	if (middle) {
		double xm = (t.x0 + t.x1) / 2;

		put_line(s, xm, t.y1 + o, xm, t.y1 + o + l);
		put_line(s, xm, t.y0 - o, xm, t.y0 - o - l);
	}
	g_string_append(s, "S Q EMC\n");
}

static qpdf_oh
new_stream(qpdf_data q, const char *data, size_t len)
{
	qpdf_oh s = qpdf_oh_new_stream(q);

	qpdf_oh_replace_stream_data(q, s, (const unsigned char *)data, len,
	    qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	return s;
}

/* /BookcReg in the resources' colour spaces: Separation /All, which
 * prints on every plate (registration colour). */
static void
add_reg_colorspace(struct imp *im, qpdf_oh res)
{
	qpdf_data q = im->q;
	qpdf_oh cs = qpdf_oh_get_key(q, res, "/ColorSpace");

	if (im->reg == 0)
		im->reg = qpdf_make_indirect_object(q, qpdf_oh_parse(q,
		    "[/Separation /All /DeviceCMYK << /FunctionType 2 "
		    "/Domain [0 1] /C0 [0 0 0 0] /C1 [1 1 1 1] /N 1 >>]"));
	if (!qpdf_oh_is_dictionary(q, cs))
		cs = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, cs, "/BookcReg", im->reg);
	qpdf_oh_replace_key(q, res, "/ColorSpace", cs);
}

/* Replaces dict's key, an array of x y pairs, with the array moved. */
static void
move_pairs(qpdf_data q, qpdf_oh dict, const char *key, double dx, double dy)
{
	qpdf_oh a = qpdf_oh_get_key(q, dict, key), m;
	int n;

	if (!qpdf_oh_is_array(q, a))
		return;
	n = qpdf_oh_get_array_n_items(q, a);
	m = qpdf_oh_new_array(q);
	for (int i = 0; i < n; i++) {
		double v;

		if (!qpdf_oh_get_value_as_number(q,
		    qpdf_oh_get_array_item(q, a, i), &v))
			return;
		qpdf_oh_append_item(q, m, num(q, v + (i % 2 ? dy : dx)));
	}
	qpdf_oh_replace_key(q, dict, key, m);
}

static void
move_annot(qpdf_data q, qpdf_oh annot, double dx, double dy)
{
	move_pairs(q, annot, "/Rect", dx, dy);
	move_pairs(q, annot, "/QuadPoints", dx, dy);
}

/* True the second time an indirect object is met (and for shared or
 * cyclic structures, every time after). */
static bool
visited(struct imp *im, qpdf_oh oh)
{
	int id;

	if (!qpdf_oh_is_indirect(im->q, oh))
		return false;
	id = qpdf_oh_get_object_id(im->q, oh);
	if (g_hash_table_contains(im->seen, GINT_TO_POINTER(id)))
		return true;
	g_hash_table_add(im->seen, GINT_TO_POINTER(id));
	return false;
}

static void
shift_item(qpdf_data q, qpdf_oh a, int i, double by)
{
	double v;

	if (i < qpdf_oh_get_array_n_items(q, a) &&
	    qpdf_oh_get_value_as_number(q, qpdf_oh_get_array_item(q, a, i), &v))
		qpdf_oh_set_array_item(q, a, i, num(q, v + by));
}

/* An explicit destination [page /XYZ left top zoom] (or /Fit...), or a
 * dictionary with /D: pointed at the output page, coordinates moved. */
static void
move_dest(struct imp *im, qpdf_oh d)
{
	qpdf_data q = im->q;
	const struct place *pl;
	qpdf_oh pg;
	const char *type;

	if (qpdf_oh_is_dictionary(q, d)) {
		if (!visited(im, d))
			move_dest(im, qpdf_oh_get_key(q, d, "/D"));
		return;
	}
	if (!qpdf_oh_is_array(q, d) || qpdf_oh_get_array_n_items(q, d) < 2 ||
	    visited(im, d))
		return;
	pg = qpdf_oh_get_array_item(q, d, 0);
	if (!qpdf_oh_is_indirect(q, pg))
		return;
	pl = g_hash_table_lookup(im->places,
	    GINT_TO_POINTER(qpdf_oh_get_object_id(q, pg)));
	if (pl == NULL)
		return;
	qpdf_oh_set_array_item(q, d, 0, pl->page);
	type = qpdf_oh_get_name(q, qpdf_oh_get_array_item(q, d, 1));
	if (strcmp(type, "/XYZ") == 0) {
		shift_item(q, d, 2, pl->dx);
		shift_item(q, d, 3, pl->dy);
	} else if (strcmp(type, "/FitH") == 0 || strcmp(type, "/FitBH") == 0)
		shift_item(q, d, 2, pl->dy);
	else if (strcmp(type, "/FitV") == 0 || strcmp(type, "/FitBV") == 0)
		shift_item(q, d, 2, pl->dx);
	else if (strcmp(type, "/FitR") == 0) {
		shift_item(q, d, 2, pl->dx);
		shift_item(q, d, 3, pl->dy);
		shift_item(q, d, 4, pl->dx);
		shift_item(q, d, 5, pl->dy);
	}
}

static void
move_action(struct imp *im, qpdf_oh a)
{
	qpdf_data q = im->q;

	if (!qpdf_oh_is_dictionary(q, a) || visited(im, a))
		return;
	if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, a, "/S"),
	    "/GoTo"))
		move_dest(im, qpdf_oh_get_key(q, a, "/D"));
}

/* The /Dests name tree: every value is a destination. */
static void
move_name_tree(struct imp *im, qpdf_oh node, int depth)
{
	qpdf_data q = im->q;
	qpdf_oh names, kids;

	if (depth > MAX_TREE_DEPTH || !qpdf_oh_is_dictionary(q, node) ||
	    visited(im, node))
		return;
	names = qpdf_oh_get_key(q, node, "/Names");
	if (qpdf_oh_is_array(q, names)) {
		int n = qpdf_oh_get_array_n_items(q, names);

		for (int i = 1; i < n; i += 2)
			move_dest(im, qpdf_oh_get_array_item(q, names, i));
	}
	kids = qpdf_oh_get_key(q, node, "/Kids");
	if (qpdf_oh_is_array(q, kids)) {
		int n = qpdf_oh_get_array_n_items(q, kids);

		for (int i = 0; i < n; i++)
			move_name_tree(im, qpdf_oh_get_array_item(q, kids, i),
			    depth + 1);
	}
}

/* The outline, without recursion: a stack of items still to visit. */
static void
move_outline(struct imp *im, qpdf_oh root)
{
	qpdf_data q = im->q;
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
	qpdf_oh first = qpdf_oh_get_key(q, root, "/First");

	g_array_append_val(todo, first);
	while (todo->len > 0) {
		qpdf_oh it = g_array_index(todo, qpdf_oh, todo->len - 1), next;

		g_array_set_size(todo, todo->len - 1);
		if (!qpdf_oh_is_dictionary(q, it) || visited(im, it))
			continue;
		move_dest(im, qpdf_oh_get_key(q, it, "/Dest"));
		move_action(im, qpdf_oh_get_key(q, it, "/A"));
		if (im->untag)
			qpdf_oh_remove_key(q, it, "/SE");
		first = qpdf_oh_get_key(q, it, "/First");
		next = qpdf_oh_get_key(q, it, "/Next");
		g_array_append_val(todo, next);
		g_array_append_val(todo, first);
	}
	g_array_free(todo, TRUE);
}

/* Every destination in the document, after the pages have moved. */
static void
move_dests(struct imp *im, const qpdf_oh *out, int nout)
{
	qpdf_data q = im->q;
	qpdf_oh root = qpdf_get_root(q), d, open;

	for (int i = 0; i < nout; i++) {
		qpdf_oh annots = qpdf_oh_get_key(q, out[i], "/Annots");
		int n = qpdf_oh_is_array(q, annots) ?
		    qpdf_oh_get_array_n_items(q, annots) : 0;

		for (int j = 0; j < n; j++) {
			qpdf_oh a = qpdf_oh_get_array_item(q, annots, j);

			move_dest(im, qpdf_oh_get_key(q, a, "/Dest"));
			move_action(im, qpdf_oh_get_key(q, a, "/A"));
		}
	}
	d = qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/Names"), "/Dests");
	move_name_tree(im, d, 0);
	d = qpdf_oh_get_key(q, root, "/Dests");   /* PDF 1.1 dictionary */
	if (qpdf_oh_is_dictionary(q, d) && !visited(im, d)) {
		GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);

		qpdf_oh_begin_dict_key_iter(q, d);
		while (qpdf_oh_dict_more_keys(q))
			g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
		for (guint i = 0; i < keys->len; i++)
			move_dest(im, qpdf_oh_get_key(q, d, keys->pdata[i]));
		g_ptr_array_free(keys, TRUE);
	}
	open = qpdf_oh_get_key(q, root, "/OpenAction");
	move_dest(im, open);
	move_action(im, open);
	d = qpdf_oh_get_key(q, root, "/Outlines");
	if (qpdf_oh_is_dictionary(q, d))
		move_outline(im, d);
}

/* Page labels: the book's labels read from the /PageLabels number tree,
 * formatted for the sheets. */
struct label_range {
	int start;              /* page index */
	char style;             /* D, R, r, A, a, or 0 for none */
	char *prefix;
	int first;              /* /St */
};

static void
read_label_tree(qpdf_data q, qpdf_oh node, GArray *out, int depth)
{
	qpdf_oh nums, kids;

	if (depth > MAX_TREE_DEPTH || !qpdf_oh_is_dictionary(q, node))
		return;
	kids = qpdf_oh_get_key(q, node, "/Kids");
	if (qpdf_oh_is_array(q, kids)) {
		int n = qpdf_oh_get_array_n_items(q, kids);

		for (int i = 0; i < n; i++)
			read_label_tree(q, qpdf_oh_get_array_item(q, kids, i),
			    out, depth + 1);
	}
	nums = qpdf_oh_get_key(q, node, "/Nums");
	if (qpdf_oh_is_array(q, nums)) {
		int n = qpdf_oh_get_array_n_items(q, nums);

		for (int i = 0; i + 1 < n; i += 2) {
			qpdf_oh k = qpdf_oh_get_array_item(q, nums, i);
			qpdf_oh v = qpdf_oh_get_array_item(q, nums, i + 1);
			qpdf_oh s = qpdf_oh_get_key(q, v, "/S");
			qpdf_oh p = qpdf_oh_get_key(q, v, "/P");
			qpdf_oh st = qpdf_oh_get_key(q, v, "/St");
			struct label_range r = { 0, 0, NULL, 1 };
			const char *sn = qpdf_oh_is_name(q, s) ?
			    qpdf_oh_get_name(q, s) : "";

			if (!qpdf_oh_is_integer(q, k))
				continue;
			r.start = qpdf_oh_get_int_value_as_int(q, k);
			if (strlen(sn) == 2 && strchr("DRrAa", sn[1]))
				r.style = sn[1];
			r.prefix = g_strdup(qpdf_oh_is_string(q, p) ?
			    qpdf_oh_get_utf8_value(q, p) : "");
			if (qpdf_oh_is_integer(q, st))
				r.first = qpdf_oh_get_int_value_as_int(q, st);
			g_array_append_val(out, r);
		}
	}
}

static void
put_roman(GString *s, int n, bool upper)
{
	static const struct {
		int v;
		const char *d;
	} r[] = { { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
	    { 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
	    { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" } };
	size_t from = s->len;

	for (size_t i = 0; i < G_N_ELEMENTS(r); i++)
		for (; n >= r[i].v; n -= r[i].v)
			g_string_append(s, r[i].d);
	if (upper)
		for (size_t i = from; i < s->len; i++)
			s->str[i] = g_ascii_toupper(s->str[i]);
}

/* The label of page i (0-based), as a PDF viewer shows it. */
static void
put_label(GString *s, const GArray *ranges, int i)
{
	const struct label_range *r = NULL;
	int n;

	if (ranges->len == 0) {
		g_string_append_printf(s, "%d", i + 1);
		return;
	}
	for (guint k = 0; k < ranges->len; k++)
		if (g_array_index(ranges, struct label_range, k).start <= i)
			r = &g_array_index(ranges, struct label_range, k);
	if (r == NULL)
		return;
	g_string_append(s, r->prefix);
	n = r->first + (i - r->start);
	if (n < 1 || r->style == 0)
		return;
	switch (r->style) {
	case 'R':
	case 'r':
		put_roman(s, MIN(n, 4999), r->style == 'R');
		break;
	case 'A':
	case 'a':
		for (int k = 0; k <= (n - 1) / 26 && k < 100; k++)
			g_string_append_c(s, (char)((r->style == 'A' ? 'A' : 'a') +
			    (n - 1) % 26));
		break;
	default:
		g_string_append_printf(s, "%d", n);
		break;
	}
}

/* /PageLabels for the sheets: the labels of the book pages on each,
 * "3–4"; blank halves left out; a sheet with no book page gets its
 * number. */
static void
label_sheets(qpdf_data q, const int *order, int nsheets)
{
	qpdf_oh root = qpdf_get_root(q), labels, nums;
	GArray *ranges = g_array_new(FALSE, FALSE, sizeof(struct label_range));
	GString *s = g_string_new(NULL), *t = g_string_new(NULL);

	read_label_tree(q, qpdf_oh_get_key(q, root, "/PageLabels"), ranges, 0);
	nums = qpdf_oh_new_array(q);
	for (int k = 0; k < nsheets; k++) {
		qpdf_oh d = qpdf_oh_new_dictionary(q);

		g_string_truncate(s, 0);
		for (int side = 0; side < 2; side++) {
			int i = order[2 * k + side];

			if (i < 0)
				continue;
			g_string_truncate(t, 0);
			put_label(t, ranges, i);
			if (t->len > 0)
				g_string_append_printf(s, "%s%s",
				    s->len > 0 ? "\u2013" : "", t->str);
		}
		if (s->len == 0)
			g_string_printf(s, "%d", k + 1);
		qpdf_oh_replace_key(q, d, "/P", qpdf_oh_new_unicode_string(q,
		    s->str));
		qpdf_oh_append_item(q, nums, qpdf_oh_new_integer(q, k));
		qpdf_oh_append_item(q, nums, d);
	}
	labels = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, labels, "/Nums", nums);
	qpdf_oh_replace_key(q, root, "/PageLabels", labels);
	for (guint k = 0; k < ranges->len; k++)
		g_free(g_array_index(ranges, struct label_range, k).prefix);
	g_array_free(ranges, TRUE);
	g_string_free(s, TRUE);
	g_string_free(t, TRUE);
}

/* A book page as a form XObject: its content streams concatenated. */
static qpdf_oh
page_form(qpdf_data q, qpdf_oh page, struct box b)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	qpdf_oh form, d, v;

	if (qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS)
		return 0;
	form = new_stream(q, (const char *)buf, len);
	free(buf);
	d = qpdf_oh_get_dict(q, form);
	qpdf_oh_replace_key(q, d, "/Type", qpdf_oh_new_name(q, "/XObject"));
	qpdf_oh_replace_key(q, d, "/Subtype", qpdf_oh_new_name(q, "/Form"));
	qpdf_oh_replace_key(q, d, "/BBox", box_array(q, b));
	v = qpdf_oh_get_key(q, page, "/Resources");
	if (qpdf_oh_is_dictionary(q, v))
		qpdf_oh_replace_key(q, d, "/Resources", v);
	v = qpdf_oh_get_key(q, page, "/Group");
	if (qpdf_oh_is_dictionary(q, v))
		qpdf_oh_replace_key(q, d, "/Group", v);
	return form;
}

static void
set_place(struct imp *im, qpdf_oh page, qpdf_oh to, double dx, double dy)
{
	struct place *pl = g_new(struct place, 1);

	pl->page = to;
	pl->dx = dx;
	pl->dy = dy;
	g_hash_table_insert(im->places,
	    GINT_TO_POINTER(qpdf_oh_get_object_id(im->q, page)), pl);
}

/* The reading order of the halves: order[2k] and order[2k+1] are the
 * left and right page of output sheet k, -1 for a blank. Returns the
 * number of halves. */
static int
impose_order(enum impose_mode mode, int n, int **order)
{
	int np = mode == IMPOSE_BOOKLET ? (n + 3) / 4 * 4 : (n + 1) / 2 * 2;
	int *o = g_new(int, np);

	for (int i = 0; i < np; i++)
		o[i] = i;
	if (mode == IMPOSE_BOOKLET)
		for (int s = 0; s < np / 4; s++) {
			o[4 * s] = np - 1 - 2 * s;      /* front: last, first */
			o[4 * s + 1] = 2 * s;
			o[4 * s + 2] = 2 * s + 1;       /* back: second, ... */
			o[4 * s + 3] = np - 2 - 2 * s;
		}
	for (int i = 0; i < np; i++)
		if (o[i] >= n)
			o[i] = -1;
	*order = o;
	return np;
}

/* The sheet for two pages side by side (w by h, pt): the standard paper
 * size when one fits within 2 mm (two A5 pages are 296 mm wide, the A4
 * they print on 297 mm), else exactly their size. */
static void
sheet_size(double w, double h, double *sw, double *sh)
{
	static const double sizes[][2] = {      /* mm, landscape */
		{ 297, 210 }, { 420, 297 },     /* A4, A3 */
		{ 353, 250 }, { 370, 260 },     /* B4, 8K (two 16K) */
		{ 431.8, 279.4 },               /* tabloid (two letter) */
	};

	*sw = w;
	*sh = h;
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		double x = sizes[i][0] * PT_PER_MM, y = sizes[i][1] * PT_PER_MM;

		if (x >= w - 0.01 && y >= h - 0.01 && x - w <= 2 * PT_PER_MM &&
		    y - h <= 2 * PT_PER_MM) {
			*sw = x;
			*sh = y;
			return;
		}
	}
}

static bool
impose_pages(struct imp *im, enum impose_mode mode, const qpdf_oh *pages,
    const struct box *boxes, int n, qpdf_oh **sheets_out, int *nsheets)
{
	qpdf_data q = im->q;
	double w = 0, h = 0, m = im->margin;
	int *order, np = impose_order(mode, n, &order), ns = np / 2;
	qpdf_oh *forms = g_new0(qpdf_oh, n), *sheets = g_new0(qpdf_oh, ns);
	qpdf_oh group = qpdf_oh_get_key(q, pages[0], "/Group"), root;
	GString *c = g_string_new(NULL);

	for (int i = 0; i < n; i++) {
		w = MAX(w, boxes[i].x1 - boxes[i].x0);
		h = MAX(h, boxes[i].y1 - boxes[i].y0);
		forms[i] = page_form(q, pages[i], boxes[i]);
		if (forms[i] == 0)
			goto fail;
	}
	for (int k = 0; k < ns; k++) {
		qpdf_oh sheet = qpdf_make_indirect_object(q,
		    qpdf_oh_new_dictionary(q));
		qpdf_oh res = qpdf_oh_new_dictionary(q);
		qpdf_oh xo = qpdf_oh_new_dictionary(q);
		qpdf_oh annots = qpdf_oh_new_array(q);
		struct box trim = { m, m, m + 2 * w, m + h }, media;
		double ox = 0, oy = 0;

		/* With marks the media is the trim and the margin; without,
		 * the paper, the pages centred on it (the fold in the middle). */
		if (m > 0)
			media = grow(trim, m);
		else {
			double sw, sh;

			sheet_size(2 * w, h, &sw, &sh);
			media = (struct box){ 0, 0, sw, sh };
			ox = (sw - 2 * w) / 2;
			oy = (sh - h) / 2;
		}

		g_string_truncate(c, 0);
		for (int side = 0; side < 2; side++) {
			int i = order[2 * k + side];
			double dx, dy;
			qpdf_oh pa;
			int na;

			if (i < 0)
				continue;
			dx = m + ox + side * w - boxes[i].x0;
			dy = m + oy - boxes[i].y0;
			qpdf_oh_replace_key(q, xo, side ? "/R" : "/L", forms[i]);
			g_string_append(c, "q 1 0 0 1 ");
			put_num(c, dx);
			put_num(c, dy);
			g_string_append_printf(c, "cm /%s Do Q\n",
			    side ? "R" : "L");
			pa = qpdf_oh_get_key(q, pages[i], "/Annots");
			na = qpdf_oh_is_array(q, pa) ?
			    qpdf_oh_get_array_n_items(q, pa) : 0;
			for (int j = 0; j < na; j++) {
				qpdf_oh a = qpdf_oh_get_array_item(q, pa, j);

				if (!qpdf_oh_is_name_and_equals(q,
				    qpdf_oh_get_key(q, a, "/Subtype"), "/Link"))
					continue;
				move_annot(q, a, dx, dy);
				qpdf_oh_remove_key(q, a, "/StructParent");
				qpdf_oh_remove_key(q, a, "/P");
				qpdf_oh_append_item(q, annots, a);
			}
			set_place(im, pages[i], sheet, dx, dy);
		}
		qpdf_oh_replace_key(q, res, "/XObject", xo);
		if (m > 0) {
			put_marks(c, im, trim, true);
			add_reg_colorspace(im, res);
		}
		qpdf_oh_replace_key(q, sheet, "/Type", qpdf_oh_new_name(q, "/Page"));
		qpdf_oh_replace_key(q, sheet, "/MediaBox", box_array(q, media));
		if (m > 0) {
			qpdf_oh_replace_key(q, sheet, "/TrimBox", box_array(q,
			    trim));
			qpdf_oh_replace_key(q, sheet, "/BleedBox", box_array(q,
			    grow(trim, im->bleed)));
		}
		qpdf_oh_replace_key(q, sheet, "/Resources", res);
		qpdf_oh_replace_key(q, sheet, "/Contents", new_stream(q, c->str,
		    c->len));
		if (qpdf_oh_is_dictionary(q, group))
			qpdf_oh_replace_key(q, sheet, "/Group", group);
		if (qpdf_oh_get_array_n_items(q, annots) > 0)
			qpdf_oh_replace_key(q, sheet, "/Annots", annots);
		sheets[k] = sheet;
	}
	if (qpdf_has_error(q))
		goto fail;
	for (int i = 0; i < n; i++)
		if (qpdf_remove_page(q, pages[i]) & QPDF_ERRORS)
			goto fail;
	for (int k = 0; k < ns; k++)
		if (qpdf_add_page(q, q, sheets[k], QPDF_FALSE) & QPDF_ERRORS)
			goto fail;
	/* Marked content inside form XObjects would need the structure tree
	 * rewritten (/Stm, new parent tree): drop it, keep the PDF valid. */
	root = qpdf_get_root(q);
	qpdf_oh_remove_key(q, root, "/StructTreeRoot");
	qpdf_oh_remove_key(q, root, "/MarkInfo");
	label_sheets(q, order, ns);
	g_free(order);
	g_free(forms);
	g_string_free(c, TRUE);
	*sheets_out = sheets;
	*nsheets = ns;
	return !qpdf_has_error(q);
fail:
	g_free(order);
	g_free(forms);
	g_free(sheets);
	g_string_free(c, TRUE);
	return false;
}

/* Marks on each page as it is: the page grows by the margin on every
 * side, its content streams wrapped in q, a clip to the bleed box and a
 * cm, and Q; the page object stays, so tags and labels stay. */
static bool
mark_pages(struct imp *im, const qpdf_oh *pages, const struct box *boxes,
    int n)
{
	qpdf_data q = im->q;
	double m = im->margin;
	GString *c = g_string_new(NULL);

	for (int i = 0; i < n; i++) {
		struct box b = boxes[i];
		struct box trim = { m, m, m + b.x1 - b.x0, m + b.y1 - b.y0 };
		struct box bl = grow(trim, im->bleed);
		double dx = m - b.x0, dy = m - b.y0;
		qpdf_oh old = qpdf_oh_get_key(q, pages[i], "/Contents");
		qpdf_oh contents = qpdf_oh_new_array(q), res, annots;
		int na;

		g_string_assign(c, "q ");
		put_num(c, bl.x0);
		put_num(c, bl.y0);
		put_num(c, bl.x1 - bl.x0);
		put_num(c, bl.y1 - bl.y0);
		g_string_append(c, "re W n 1 0 0 1 ");
		put_num(c, dx);
		put_num(c, dy);
		g_string_append(c, "cm\n");
		qpdf_oh_append_item(q, contents, new_stream(q, c->str, c->len));
		if (qpdf_oh_is_array(q, old)) {
			int k = qpdf_oh_get_array_n_items(q, old);

			for (int j = 0; j < k; j++)
				qpdf_oh_append_item(q, contents,
				    qpdf_oh_get_array_item(q, old, j));
		} else if (qpdf_oh_is_stream(q, old))
			qpdf_oh_append_item(q, contents, old);
		g_string_assign(c, "\nQ\n");
		put_marks(c, im, trim, false);
		qpdf_oh_append_item(q, contents, new_stream(q, c->str, c->len));
		qpdf_oh_replace_key(q, pages[i], "/Contents", contents);

		res = qpdf_oh_get_key(q, pages[i], "/Resources");
		if (!qpdf_oh_is_dictionary(q, res)) {
			res = qpdf_oh_new_dictionary(q);
			add_reg_colorspace(im, res);
			qpdf_oh_replace_key(q, pages[i], "/Resources", res);
		} else
			add_reg_colorspace(im, res);
		qpdf_oh_replace_key(q, pages[i], "/MediaBox", box_array(q,
		    grow(trim, m)));
		qpdf_oh_replace_key(q, pages[i], "/TrimBox", box_array(q, trim));
		qpdf_oh_replace_key(q, pages[i], "/BleedBox", box_array(q, bl));
		qpdf_oh_remove_key(q, pages[i], "/CropBox");
		qpdf_oh_remove_key(q, pages[i], "/ArtBox");
		annots = qpdf_oh_get_key(q, pages[i], "/Annots");
		na = qpdf_oh_is_array(q, annots) ?
		    qpdf_oh_get_array_n_items(q, annots) : 0;
		for (int j = 0; j < na; j++)
			move_annot(q, qpdf_oh_get_array_item(q, annots, j), dx, dy);
		set_place(im, pages[i], pages[i], dx, dy);
	}
	g_string_free(c, TRUE);
	return !qpdf_has_error(q);
}

static void
report(qpdf_data q, const char *path, const char *why)
{
	/* qpdf's own message says more than ours when there is one. */
	if (qpdf_has_error(q))
		why = qpdf_get_error_message_detail(q, qpdf_get_error(q));
	diag(D_OUTPUT, NULL, path, why ? why : "qpdf failed");
}

bool
pdf_impose(const char *path, enum impose_mode mode, bool marks,
    double bleed_mm)
{
	qpdf_data q;
	struct imp im = { 0 };
	qpdf_oh *pages = NULL, *out = NULL;
	struct box *boxes = NULL;
	int n, nout = 0;
	char *tmp = NULL;
	bool ok = false;

	if (mode == IMPOSE_NONE && !marks)
		return true;
	if (lazy_qpdf() == NULL) {
		diag(D_OUTPUT, NULL, path, "qpdf cannot be loaded");
		return false;
	}
	q = qpdf_init();
	/* Errors become one diagnostic; the input is bookc's own, so a
	 * damaged one is an error, not something to repair in silence. */
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_set_attempt_recovery(q, QPDF_FALSE);
	im.q = q;
	im.places = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	im.seen = g_hash_table_new(NULL, NULL);
	im.bleed = marks ? MAX(bleed_mm, 0) * PT_PER_MM : 0;
	im.margin = marks ? im.bleed + MARK_GAP + MARK_LEN + MARK_PAD : 0;
	im.untag = mode != IMPOSE_NONE;
	if (qpdf_read(q, path, NULL) & QPDF_ERRORS ||
	    qpdf_push_inherited_attributes_to_page(q) & QPDF_ERRORS) {
		report(q, path, NULL);
		goto done;
	}
	n = qpdf_get_num_pages(q);
	if (n <= 0) {
		report(q, path, n == 0 ? "the PDF has no pages to impose" : NULL);
		goto done;
	}
	pages = g_new(qpdf_oh, n);
	boxes = g_new(struct box, n);
	for (int i = 0; i < n; i++) {
		pages[i] = qpdf_get_page_n(q, (size_t)i);
		if (!get_box(q, pages[i], "/MediaBox", &boxes[i])) {
			report(q, path, "a page without a valid MediaBox");
			goto done;
		}
	}
	if (mode != IMPOSE_NONE) {
		if (!impose_pages(&im, mode, pages, boxes, n, &out, &nout)) {
			report(q, path, "cannot impose the pages");
			goto done;
		}
	} else {
		if (!mark_pages(&im, pages, boxes, n)) {
			report(q, path, "cannot add crop marks");
			goto done;
		}
		out = g_memdup2(pages, sizeof(qpdf_oh) * (size_t)n);
		nout = n;
	}
	move_dests(&im, out, nout);
	if (qpdf_has_error(q)) {
		report(q, path, NULL);
		goto done;
	}

	/* A pending temporary file of the output module, so an interrupt
	 * removes it too. */
	tmp = output_begin(path);
	if (tmp == NULL)
		goto done;
	if (qpdf_init_write(q, tmp) & QPDF_ERRORS) {
		report(q, path, NULL);
		goto done;
	}
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_decode_level(q, qpdf_dl_none);
	if (qpdf_write(q) & QPDF_ERRORS) {
		report(q, path, NULL);
		goto done;
	}
	ok = true;
done:
	while (qpdf_more_warnings(q))
		(void)qpdf_next_warning(q);
	qpdf_cleanup(&q);
	if (ok)
		ok = output_commit(tmp, path);
	else
		output_abort(tmp);
	g_free(pages);
	g_free(boxes);
	g_free(out);
	g_hash_table_destroy(im.places);
	g_hash_table_destroy(im.seen);
	return ok;
}
