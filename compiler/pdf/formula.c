/*
 * The formula layout's ground floor: the faces (the math font through
 * Pango, so Cairo draws what HarfBuzz measured; the body's face for
 * characters the math font lacks, Han in mtext), its MATH constants,
 * tokens shaped character by character (so that each glyph keeps the
 * character it shows, for the text layer, whatever the math alphabet
 * drawn), the part of MathML's operator dictionary that spaces and
 * stretches operators, and stretching itself: the MATH table's glyph
 * variants, else its glyph assembly. formula_layout.c puts boxes together.
 */
#include <string.h>

#include <pango/pangocairo.h>

#include "diag.h"
#include "formula_int.h"

/* ---- Faces -------------------------------------------------------- */

static bool
face_load(PangoContext *ctx, const char *family, struct math_face *f)
{
	PangoFontDescription *d = pango_font_description_new();
	hb_font_t *phb;
	cairo_scaled_font_t *sf;
	hb_face_t *face;

	pango_font_description_set_family(d, family);
	pango_font_description_set_size(d, 10 * PANGO_SCALE);
	f->font = pango_font_map_load_font(pango_context_get_font_map(ctx),
	    ctx, d);
	pango_font_description_free(d);
	if (f->font == NULL)
		return false;
	phb = pango_font_get_hb_font(f->font);
	face = hb_font_get_face(phb);
	f->upem = hb_face_get_upem(face);
	f->hb = hb_font_create(face);
	hb_font_set_scale(f->hb, (int)f->upem, (int)f->upem);
	sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(f->font));
	f->face = cairo_font_face_reference(cairo_scaled_font_get_font_face(sf));
	return true;
}

static void
face_free(struct math_face *f)
{
	if (f->font == NULL)
		return;
	hb_font_destroy(f->hb);
	cairo_font_face_destroy(f->face);
	g_object_unref(f->font);
}

struct math_fonts *
math_fonts_new(PangoContext *ctx, const char *math_family,
    const char *text_family, double pitch)
{
	struct math_fonts *mf = g_new0(struct math_fonts, 1);

	mf->pitch = pitch;
	if (!face_load(ctx, math_family, &mf->math) ||
	    !hb_ot_math_has_data(hb_font_get_face(mf->math.hb)) ||
	    !face_load(ctx, text_family, &mf->text)) {
		if (diag_first(D_FONT_MISSING, 24))
			diag(D_FONT_MISSING, NULL, math_family,
			    "fonts-lmodern");
		math_fonts_free(mf);
		return NULL;
	}
	return mf;
}

void
math_fonts_free(struct math_fonts *mf)
{
	if (mf == NULL)
		return;
	face_free(&mf->math);
	face_free(&mf->text);
	g_free(mf);
}

double
math_const(const struct math_fonts *mf, hb_ot_math_constant_t c, double size)
{
	double v = hb_ot_math_get_constant(mf->math.hb, c);

	if (c == HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN ||
	    c == HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN ||
	    c == HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT)
		return v / 100;
	return v * size / mf->math.upem;
}

/* ---- Boxes -------------------------------------------------------- */

struct mbox *
mbox_new(void)
{
	struct mbox *b = g_new0(struct mbox, 1);

	b->items = g_array_new(FALSE, FALSE, sizeof(struct math_item));
	return b;
}

void
math_items_free(GArray *items)
{
	for (guint i = 0; i < items->len; i++) {
		struct math_item *it = &g_array_index(items, struct math_item,
		    i);

		g_free(it->utf8);
		g_free(it->glyphs);
		g_free(it->clusters);
	}
	g_array_free(items, TRUE);
}

void
mbox_free(struct mbox *b)
{
	if (b == NULL)
		return;
	math_items_free(b->items);
	g_free(b);
}

void
math_item_shift(struct math_item *it, double dx, double dy)
{
	it->x += dx;
	it->y += dy;
	for (int k = 0; k < it->nglyphs; k++) {
		it->glyphs[k].x += dx;
		it->glyphs[k].y += dy;
	}
}

void
mbox_put(struct mbox *dst, struct mbox *src, double dx, double dy)
{
	for (guint i = 0; i < src->items->len; i++) {
		struct math_item *it = &g_array_index(src->items,
		    struct math_item, i);

		math_item_shift(it, dx, dy);
		g_array_append_val(dst->items, *it);
	}
	g_array_set_size(src->items, 0);
	mbox_free(src);
}

void
mbox_inherit(struct mbox *to, const struct mbox *core)
{
	to->is_op = core->is_op;
	to->op = core->op;
	to->lspace = core->lspace;
	to->rspace = core->rspace;
	to->size = core->size;
	to->asc = core->asc;
	to->desc = core->desc;
}

void
mbox_rule(struct mbox *b, double x, double y, double w, double h)
{
	struct math_item it = { .kind = MI_RULE, .x = x, .y = y, .w = w,
	    .h = h };

	g_array_append_val(b->items, it);
}

/* Glyphs of one face in a run; utf8 and clusters grow with them. */
struct run {
	const struct math_face *f;
	double size;
	GString *utf8;
	GArray *glyphs, *clusters;
};

static void
run_flush(struct mbox *b, struct run *r)
{
	struct math_item it = { .kind = MI_GLYPHS };

	if (r->f && r->glyphs->len) {
		it.face = r->f->face;
		it.size = r->size;
		it.len = (int)r->utf8->len;
		it.utf8 = g_strndup(r->utf8->str, r->utf8->len);
		it.nglyphs = (int)r->glyphs->len;
		it.glyphs = g_memdup2(r->glyphs->data,
		    r->glyphs->len * sizeof(cairo_glyph_t));
		it.nclusters = (int)r->clusters->len;
		it.clusters = g_memdup2(r->clusters->data,
		    r->clusters->len * sizeof(cairo_text_cluster_t));
		g_array_append_val(b->items, it);
	}
	g_string_truncate(r->utf8, 0);
	g_array_set_size(r->glyphs, 0);
	g_array_set_size(r->clusters, 0);
}

/* Adds glyph g of face f at (x, y) (points) for the characters s..s+len
 * (len 0: the glyph joins the previous cluster), updating b's extents. */
static void
run_glyph(struct mbox *b, struct run *r, const struct math_face *f,
    double size, hb_codepoint_t g, double x, double y, const char *s,
    int len)
{
	hb_glyph_extents_t e;
	cairo_glyph_t cg = { g, x, y };
	double k = size / f->upem;

	if (r->f != f || r->size != size)
		run_flush(b, r);
	r->f = f;
	r->size = size;
	g_array_append_val(r->glyphs, cg);
	if (len > 0 || r->clusters->len == 0) {
		cairo_text_cluster_t c = { len, 1 };

		g_string_append_len(r->utf8, s, len);
		g_array_append_val(r->clusters, c);
	} else {
		g_array_index(r->clusters, cairo_text_cluster_t,
		    r->clusters->len - 1).num_glyphs++;
	}
	if (hb_font_get_glyph_extents(f->hb, g, &e)) {
		double l = x + e.x_bearing * k, r0 = l + e.width * k;
		double bottom = (e.y_bearing + e.height) * k - y;

		b->asc = MAX(b->asc, e.y_bearing * k - y);
		b->desc = MAX(b->desc, -bottom);
		b->ink_l = b->inked ? MIN(b->ink_l, l) : l;
		b->ink_r = b->inked ? MAX(b->ink_r, r0) : r0;
		b->ink_bottom = b->inked ? MIN(b->ink_bottom, bottom) :
		    bottom;
		b->inked = true;
		b->attach = (b->ink_l + b->ink_r) / 2;
	}
}

static void
run_init(struct run *r)
{
	r->f = NULL;
	r->utf8 = g_string_new(NULL);
	r->glyphs = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
	r->clusters = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
}

static void
run_done(struct mbox *b, struct run *r)
{
	run_flush(b, r);
	g_string_free(r->utf8, TRUE);
	g_array_free(r->glyphs, TRUE);
	g_array_free(r->clusters, TRUE);
}

/* ---- Tokens ------------------------------------------------------- */

/* The mathematical alphanumeric a character is drawn as (MathML's
 * mathvariant; a one-character mi is italic by default). */
static gunichar
variant_char(gunichar c, const char *variant)
{
	if (variant == NULL || strcmp(variant, "normal") == 0)
		return c;
	if (strcmp(variant, "italic") == 0) {
		if (c == 'h')
			return 0x210E;
		if (c >= 'a' && c <= 'z')
			return 0x1D44E + (c - 'a');
		if (c >= 'A' && c <= 'Z')
			return 0x1D434 + (c - 'A');
		if (c >= 0x3B1 && c <= 0x3C9)
			return 0x1D6FC + (c - 0x3B1);
		if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
			return 0x1D6E2 + (c - 0x391);
	} else if (strcmp(variant, "bold") == 0) {
		if (c >= 'a' && c <= 'z')
			return 0x1D41A + (c - 'a');
		if (c >= 'A' && c <= 'Z')
			return 0x1D400 + (c - 'A');
		if (c >= '0' && c <= '9')
			return 0x1D7CE + (c - '0');
	}
	return c;
}

/* A character the math font may draw as another: the overline as a
 * macron (both stretch over what they accent), the hyphen as the minus. */
static gunichar
stand_in(const struct math_face *f, gunichar c)
{
	static const gunichar pairs[][2] = {
		{ 0x203E, 0x00AF }, { 0x2015, 0x2212 }, { 0x02C9, 0x00AF },
	};
	hb_codepoint_t g;

	if (hb_font_get_nominal_glyph(f->hb, c, &g))
		return c;
	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++)
		if (pairs[i][0] == c)
			return pairs[i][1];
	return c;
}

struct mbox *
math_token(const struct math_fonts *mf, const char *text, const char *variant,
    double size)
{
	struct mbox *b = mbox_new();
	hb_buffer_t *buf = hb_buffer_create();
	struct run r;
	double x = 0;

	b->token = true;
	b->size = size;
	run_init(&r);
	for (const char *s = text; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		gunichar t = stand_in(&mf->math, variant_char(c, variant));
		const struct math_face *f = &mf->math;
		hb_codepoint_t g;
		hb_glyph_info_t *gi;
		hb_glyph_position_t *gp;
		unsigned n;
		int len = (int)(g_utf8_next_char(s) - s);

		/* Invisible operators (function application, times) take no
		 * room and draw nothing. */
		if (c >= 0x2061 && c <= 0x2064)
			continue;
		if (!hb_font_get_nominal_glyph(f->hb, t, &g)) {
			if (hb_font_get_nominal_glyph(mf->text.hb, c, &g))
				f = &mf->text;
			t = c;
		}
		hb_buffer_clear_contents(buf);
		hb_buffer_add_utf32(buf, &t, 1, 0, 1);
		hb_buffer_guess_segment_properties(buf);
		hb_shape(f->hb, buf, NULL, 0);
		gi = hb_buffer_get_glyph_infos(buf, &n);
		gp = hb_buffer_get_glyph_positions(buf, NULL);
		for (unsigned i = 0; i < n; i++) {
			double k = size / f->upem;

			run_glyph(b, &r, f, size, gi[i].codepoint,
			    x + gp[i].x_offset * k, -gp[i].y_offset * k, s,
			    i == 0 ? len : 0);
			x += gp[i].x_advance * k;
			if (f == &mf->math)
				b->italic = hb_ot_math_get_glyph_italics_correction(
				    f->hb, gi[i].codepoint) * k;
			else
				b->italic = 0;
		}
	}
	run_done(b, &r);
	hb_buffer_destroy(buf);
	b->w = x;
	if (b->items->len == 1 && g_array_index(b->items, struct math_item,
	    0).nglyphs == 1 && g_array_index(b->items, struct math_item,
	    0).face == mf->math.face)
		b->attach = hb_ot_math_get_glyph_top_accent_attachment(
		    mf->math.hb, g_array_index(b->items, struct math_item,
		    0).glyphs[0].index) * size / mf->math.upem;
	return b;
}

/* ---- Stretching --------------------------------------------------- */

/* The overlap of parts' connectors grown (as far as their connectors
 * allow) so that the assembly is target long, not longer: an overbrace
 * as wide as what it spans, as OpenType's MATH and TeX make it. */
static void
assembly_fit(GArray *parts, double target, double *overlap)
{
	guint n = parts->len;
	double sum = 0, most = G_MAXDOUBLE, want;

	if (n < 2)
		return;
	for (guint i = 0; i < n; i++) {
		hb_ot_math_glyph_part_t *p = &g_array_index(parts,
		    hb_ot_math_glyph_part_t, i);

		sum += p->full_advance;
		if (i + 1 < n)
			most = MIN(most, MIN(p->end_connector_length,
			    g_array_index(parts, hb_ot_math_glyph_part_t,
			    i + 1).start_connector_length));
	}
	want = MIN(most, (sum - target) / (n - 1));
	if (want > *overlap)
		*overlap = want;
}

/* The glyph parts of an assembly at least target long (font units),
 * extenders repeated as needed; NULL when the font has none. */
static GArray *
assembly_parts(const struct math_face *f, hb_codepoint_t g,
    hb_direction_t dir, double target, double *overlap)
{
	hb_ot_math_glyph_part_t parts[32];
	unsigned n = G_N_ELEMENTS(parts);
	double fixed = 0, ext = 0;
	unsigned next = 0, reps = 0;
	GArray *out;

	if (hb_ot_math_get_glyph_assembly(f->hb, g, dir, 0, &n, parts,
	    NULL) == 0 || n == 0)
		return NULL;
	*overlap = hb_ot_math_get_min_connector_overlap(f->hb, dir);
	for (unsigned i = 0; i < n; i++) {
		if (parts[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER) {
			ext += parts[i].full_advance - *overlap;
			next++;
		} else {
			fixed += parts[i].full_advance - *overlap;
		}
	}
	if (next > 0 && ext > 0)
		while (fixed + reps * ext < target && reps < 100)
			reps++;
	out = g_array_new(FALSE, FALSE, sizeof(hb_ot_math_glyph_part_t));
	for (unsigned i = 0; i < n; i++) {
		unsigned k = (parts[i].flags &
		    HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER) ? reps : 1;

		for (unsigned j = 0; j < k; j++)
			g_array_append_val(out, parts[i]);
	}
	assembly_fit(out, target, overlap);
	return out;
}

void
math_stretch(const struct math_fonts *mf, struct mbox *b, double target,
    bool vertical, double axis)
{
	const struct math_face *f = &mf->math;
	hb_direction_t dir = vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR;
	hb_ot_math_glyph_variant_t v[32];
	unsigned n = G_N_ELEMENTS(v);
	hb_codepoint_t g, pick = 0;
	double k = b->size / f->upem, units = target / k, overlap = 0;
	char chs[8];
	int len = g_unichar_to_utf8(b->ch, chs);
	struct mbox *nb;
	GArray *parts = NULL;
	struct run r;

	if (b->ch == 0 || !hb_font_get_nominal_glyph(f->hb, stand_in(f,
	    b->ch), &g))
		return;
	hb_ot_math_get_glyph_variants(f->hb, g, dir, 0, &n, v);
	for (unsigned i = 0; i < n && pick == 0; i++)
		if (v[i].advance >= units)
			pick = v[i].glyph;
	if (pick == 0)
		parts = assembly_parts(f, g, dir, units, &overlap);
	if (pick == 0 && parts == NULL)
		pick = n > 0 ? v[n - 1].glyph : g;
	nb = mbox_new();
	run_init(&r);
	if (parts == NULL) {
		run_glyph(nb, &r, f, b->size, pick, 0, 0, chs, len);
		nb->w = hb_font_get_glyph_h_advance(f->hb, pick) * k;
		nb->italic = hb_ot_math_get_glyph_italics_correction(f->hb,
		    pick) * k;
	} else {
		double at = 0;

		for (guint i = 0; i < parts->len; i++) {
			hb_ot_math_glyph_part_t *p = &g_array_index(parts,
			    hb_ot_math_glyph_part_t, i);
			hb_glyph_extents_t e = { 0 };

			hb_font_get_glyph_extents(f->hb, p->glyph, &e);
			if (vertical) {
				/* Parts bottom to top: this one's bottom
				 * at the cursor. */
				double bottom = e.y_bearing + e.height;

				run_glyph(nb, &r, f, b->size, p->glyph, 0,
				    -(at - bottom) * k, chs, i == 0 ? len : 0);
				nb->w = MAX(nb->w, hb_font_get_glyph_h_advance(
				    f->hb, p->glyph) * k);
			} else {
				run_glyph(nb, &r, f, b->size, p->glyph, at * k,
				    0, chs, i == 0 ? len : 0);
			}
			at += p->full_advance - overlap;
		}
		if (!vertical)
			nb->w = (at + overlap) * k;
		g_array_free(parts, TRUE);
	}
	run_done(nb, &r);
	if (vertical && (b->op & OP_SYMMETRIC)) {
		/* Centred on the math axis. */
		double dy = (nb->asc - nb->desc) / 2 - axis;

		for (guint i = 0; i < nb->items->len; i++) {
			struct math_item *it = &g_array_index(nb->items,
			    struct math_item, i);

			for (int j = 0; j < it->nglyphs; j++)
				it->glyphs[j].y += dy;
		}
		nb->asc -= dy;
		nb->desc += dy;
	}
	/* The operator keeps its spacing and properties. */
	math_items_free(b->items);
	b->items = nb->items;
	b->w = nb->w;
	b->asc = nb->asc;
	b->desc = nb->desc;
	b->italic = nb->italic;
	b->inked = nb->inked;
	b->ink_l = nb->ink_l;
	b->ink_r = nb->ink_r;
	b->ink_bottom = nb->ink_bottom;
	g_free(nb);
}

void
math_large_op(const struct math_fonts *mf, struct mbox *b)
{
	math_stretch(mf, b, math_const(mf,
	    HB_OT_MATH_CONSTANT_DISPLAY_OPERATOR_MIN_HEIGHT, b->size), true,
	    math_const(mf, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, b->size));
}
