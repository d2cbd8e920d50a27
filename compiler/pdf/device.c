/*
 * The Cairo PDF device (see device.h): draws paginated boxes, and owns
 * everything the PDF file says beyond the pages' ink: the structure tree
 * of the tagged PDF, link annotations and named destinations (Cairo
 * tags), the outline, page labels and document metadata. Cairo keeps an
 * error status; it is checked once at the end and turned into a
 * diagnostic.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "device.h"
#include "device_glyph.h"
#include "diag.h"
#include "formula.h"
#include "hashfile.h"
#include "lazy.h"

#define PS ((double)PANGO_SCALE)

/* An open element of the structure tree. */
struct elem {
	const char *tag;
	const struct lstruct *sp;   /* the layout's container, or NULL */
	bool container;             /* Document or an lstruct, not a
	                               paragraph, label or Span */
	bool leaf;                  /* holds content, not elements */
};

struct device {
	GArray *open;           /* struct elem, Document first */
	GPtrArray *path;        /* scratch: an lstruct and its parents */
	struct pdf_tags *tags;  /* what finish.c gives the tree */
	GHashTable *on_page;    /* image paths drawn on this page */
	cairo_surface_t *surface;
	cairo_t *cr;
	const struct layout_metrics *m;
	const struct style *st;
	int outline[8];         /* open outline items per level */
	GHashTable *images;     /* path -> cairo_surface_t * (or NULL) */
	cairo_font_face_t *tabs;   /* see show_tab, or NULL before the first */
	guint pages;            /* shown so far */
	guint top_elements;     /* children of Document opened so far */
	guint top_outline;      /* top-level outline items added so far */
	guint bg_until;         /* this page's items before this have their
	                           background drawn (draw_page_bg) */
	struct hashfile *out;   /* what Cairo writes to, or NULL */
	/* the links of the line being drawn (draw_text, see link_enter) */
	struct glyph_cut cut;
	const struct lbox *cut_box;
	double cut_x, cut_y;    /* where the box is drawn */
	int in_link;            /* the link of cut_box whose Link is open,
	                           -1 for none, -2 before the first run */
	GByteArray *link_done;  /* cut_box's links drawn with their text */
	int open_err;           /* errno when out could not be opened */
};

static void
set_hex(cairo_t *cr, const char *hex)
{
	unsigned v = 0;

	if (hex && hex[0] == '#')
		v = (unsigned)strtoul(hex + 1, NULL, 16);
	cairo_set_source_rgb(cr, ((v >> 16) & 0xff) / 255.0,
	    ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0);
}

/* A Cairo tag attribute string value: quotes and backslashes escaped. */
static void
append_quoted(GString *s, const char *v)
{
	g_string_append_c(s, '\'');
	for (; *v; v++) {
		if (*v == '\'' || *v == '\\')
			g_string_append_c(s, '\\');
		g_string_append_c(s, *v);
	}
	g_string_append_c(s, '\'');
}

/* ---- the structure tree ----------------------------------------------- */

/*
 * Tagged PDF through Cairo 1.16 (cairo-pdf-interchange.c), whose rules
 * shape this part: only a leaf of the tree marks the content drawn in it
 * (an element with children lists only them: content of its own would be
 * lost), and content drawn while the innermost open element is not a leaf
 * is marked by none, so it is outside the tree. Hence text goes into
 * leaves only: a paragraph (P, H1..H6, Code), a cell (TD, TH) or a label
 * (Lbl) is the leaf itself, unless a line of it has links or it may run
 * on past its page; then it holds Span leaves between its Link elements,
 * and the Span open at the end of a page is closed there. Page furniture
 * (running heads, page numbers, rules, repeated table headers, the
 * backgrounds of rows and figures) is drawn in a leaf of its own,
 * PDF_ARTIFACT_TAG, which finish.c takes out of the tree and makes an
 * artifact (see artifact_begin). Every element opened before a page ends goes on in
 * the next one; a footnote's Note is opened where its page draws it, in
 * the text drawn last before it. The tags Cairo 1.16 accepts are the standard structure
 * types of PDF 1.7 (14.8.4) but Artifact, and no attributes: finish.c
 * adds the figures' /Alt and the links' /Contents.
 */

static struct elem *
elem_at(const struct device *d, guint i)
{
	return &g_array_index(d->open, struct elem, i);
}

static struct elem *
elem_top(const struct device *d)
{
	return elem_at(d, d->open->len - 1);
}

static void
elem_open(struct device *d, const char *tag, const struct lstruct *sp,
    bool container, bool leaf)
{
	struct elem e = { tag, sp, container, leaf };

	if (d->open->len == 1)
		d->top_elements++;
	cairo_tag_begin(d->cr, tag, "");
	g_array_append_val(d->open, e);
}

/* Closes the open elements after the first n. */
static void
elem_close_to(struct device *d, guint n)
{
	while (d->open->len > n) {
		cairo_tag_end(d->cr, elem_top(d)->tag);
		g_array_set_size(d->open, d->open->len - 1);
	}
}

static void
close_leaf(struct device *d)
{
	if (elem_top(d)->leaf)
		elem_close_to(d, d->open->len - 1);
}

/* Closes the paragraph (and its Span) open in the innermost container. */
static void
close_to_container(struct device *d)
{
	guint n = d->open->len;

	while (!elem_at(d, n - 1)->container)
		n--;
	elem_close_to(d, n);
}

/* Furniture drawn from here to artifact_end: kind 'P' pagination
 * (running heads, page numbers, repeated headers), 'L' layout (rules,
 * backgrounds). */
static void
artifact_begin(struct device *d, char kind)
{
	close_leaf(d);
	elem_open(d, PDF_ARTIFACT_TAG, NULL, false, true);
	g_string_append_c(d->tags->artifacts, kind);
}

static void
artifact_end(struct device *d)
{
	close_leaf(d);
}

/* Opens the Link element of link i of b, drawn at x, y: Cairo makes a
 * Link element of each link tag, with the annotation's OBJR. */
static void
link_begin(struct device *d, const struct lbox *b, guint i, double x,
    double y)
{
	const struct layout_link *l = &g_array_index(b->links,
	    struct layout_link, i);
	GString *a = g_string_new(NULL);

	if (l->uri) {
		g_string_append(a, "uri=");
		append_quoted(a, l->uri);
	} else {
		g_string_append(a, "dest=");
		append_quoted(a, l->dest);
	}
	g_string_append_printf(a, " rect=[%.2f %.2f %.2f %.2f]",
	    x + l->x, y, l->w, b->h);
	cairo_tag_begin(d->cr, CAIRO_TAG_LINK, a->str);
	g_ptr_array_add(d->tags->links, g_strdup(l->text && *l->text ?
	    l->text : l->uri ? l->uri : l->dest));
	g_string_free(a, TRUE);
}

/* The links of b that were not drawn with their text (done: those that
 * were, or NULL), as Link elements of their annotation alone. They go
 * beside the text's leaf, never in it (a leaf given a child would lose
 * its content, see above). */
static void
draw_links(struct device *d, const struct lbox *b, double x, double y,
    const GByteArray *done)
{
	if (b->links == NULL)
		return;
	close_leaf(d);
	for (guint i = 0; i < b->links->len; i++)
		if (done == NULL || !done->data[i]) {
			link_begin(d, b, i, x, y);
			cairo_tag_end(d->cr, CAIRO_TAG_LINK);
		}
}

/*
 * The text of a link in its Link element (PDF/UA-1 7.18.1): the line's
 * runs are cut where links begin and end (struct glyph_cut). Before a
 * link's runs the text's Span ends and the link's Link element, a leaf,
 * begins; after them the Link ends and a new Span begins. Runs belong
 * to the link whose area holds their middle.
 */
static int
link_which(void *ctx, double x0, double x1)
{
	const struct device *d = ctx;
	const GArray *links = d->cut_box->links;
	double mid = (x0 + x1) / 2;

	for (guint i = 0; i < links->len; i++) {
		const struct layout_link *l = &g_array_index(links,
		    struct layout_link, i);
		double lx = d->cut_x + l->x;

		if (mid >= lx - 0.01 && mid <= lx + l->w + 0.01)
			return (int)i;
	}
	return -1;
}

static void
link_enter(void *ctx, int k)
{
	struct device *d = ctx;

	if (k == d->in_link)
		return;
	if (d->in_link >= 0)
		cairo_tag_end(d->cr, CAIRO_TAG_LINK);
	d->in_link = k;
	if (k >= 0) {
		close_leaf(d);
		link_begin(d, d->cut_box, (guint)k, d->cut_x, d->cut_y);
		d->link_done->data[k] = 1;
	} else if (!elem_top(d)->leaf) {
		elem_open(d, "Span", NULL, false, true);
	}
}

/* The cut of b's line drawn at x, y, or NULL when it has no links. */
static const struct glyph_cut *
cut_begin(struct device *d, const struct lbox *b, double x, double y)
{
	if (b->links == NULL)
		return NULL;
	if (d->cut_box != b) {
		d->cut_box = b;
		g_byte_array_set_size(d->link_done, b->links->len);
		memset(d->link_done->data, 0, b->links->len);
	}
	d->cut_x = x;
	d->cut_y = y;
	d->in_link = -2;        /* none yet: the first run says */
	return &d->cut;
}

/* Ends the Link open at the end of the line: its paragraph or cell is
 * then the open element, as after draw_links. */
static void
cut_end(struct device *d, const struct glyph_cut *cut)
{
	if (cut && d->in_link >= 0)
		cairo_tag_end(d->cr, CAIRO_TAG_LINK);
	d->in_link = -2;
}

/* What is drawn next is in no link. */
static void
cut_none(const struct glyph_cut *cut)
{
	if (cut)
		cut->enter(cut->ctx, -1);
}

static void
draw_dests_outline(struct device *d, const struct lbox *b, double x,
    double y)
{
	if (b->dests)
		for (guint i = 0; i < b->dests->len; i++) {
			GString *a;

			if (layout_dest_is_mark(b->dests->pdata[i]))
				continue;
			a = g_string_new("name=");

			append_quoted(a, b->dests->pdata[i]);
			g_string_append_printf(a, " x=%.2f y=%.2f", x,
			    MAX(0, y - 4));
			cairo_tag_begin(d->cr, CAIRO_TAG_DEST, a->str);
			cairo_tag_end(d->cr, CAIRO_TAG_DEST);
			g_string_free(a, TRUE);
		}
	if (b->outline) {
		int lv = CLAMP(b->outline->level, 1, 7);
		int parent = CAIRO_PDF_OUTLINE_ROOT;
		GString *a = g_string_new("dest=");

		for (int k = lv - 1; k >= 1; k--)
			if (d->outline[k] > 0) {
				parent = d->outline[k];
				break;
			}
		append_quoted(a, b->outline->dest);
		if (parent == CAIRO_PDF_OUTLINE_ROOT)
			d->top_outline++;
		d->outline[lv] = cairo_pdf_surface_add_outline(d->surface,
		    parent, b->outline->title, a->str,
		    lv == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
		for (int k = lv + 1; k < 8; k++)
			d->outline[k] = 0;
		g_string_free(a, TRUE);
	}
}

static double
line_width(const struct typo_line *line)
{
	return line->width / PS;
}

/* The mark at the end of a wrapped code line: a small hooked arrow. */
static void
continuation_mark(struct device *d, double x, double base, double em)
{
	cairo_t *cr = d->cr;
	double s = em * 0.35;

	cairo_save(cr);
	set_hex(cr, d->st->rule_color);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, x + s, base - 2 * s);
	cairo_line_to(cr, x + s, base - s * 0.6);
	cairo_line_to(cr, x, base - s * 0.6);
	cairo_stroke(cr);
	cairo_move_to(cr, x + s * 0.4, base - s);
	cairo_line_to(cr, x, base - s * 0.6);
	cairo_line_to(cr, x + s * 0.4, base - s * 0.2);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/*
 * Tabs in listings. The layout expands a tab to spaces up to the next
 * 8-column stop; the PDF's text should still give the tab back. Cairo
 * 1.16 can say so only in ActualText spans around the spaces, which
 * poppler and MuPDF 1.21 do not read; what every extractor reads is the
 * ToUnicode map, one text per glyph. So a tab is drawn as one glyph of a
 * font of its own (a Cairo user font: Type 3 in the PDF) that maps to
 * U+0009 and advances as far as the spaces it stands for: glyph n
 * advances n / TAB_UNITS em. Cairo leaves out glyphs without ink, so
 * each has a speck, drawn in the colour of the background it is on.
 */
#define TAB_UNITS 1000.0

static cairo_status_t
tab_glyph(cairo_scaled_font_t *sf, unsigned long glyph, cairo_t *cr,
    cairo_text_extents_t *ext)
{
	(void)sf;
	cairo_rectangle(cr, 0, 0, 1.0 / TAB_UNITS, 1.0 / TAB_UNITS);
	cairo_fill(cr);
	ext->x_advance = glyph / TAB_UNITS;
	return CAIRO_STATUS_SUCCESS;
}

/* A tab w points wide at x on the baseline y, in a size-point font. */
static void
show_tab(struct device *d, const struct lbox *b, double size, double x,
    double y, double w)
{
	cairo_glyph_t g = { (unsigned long)MAX(1, lround(w / size *
	    TAB_UNITS)), x, y };
	cairo_text_cluster_t c = { 1, 1 };

	if (d->tabs == NULL) {
		d->tabs = cairo_user_font_face_create();
		cairo_user_font_face_set_render_glyph_func(d->tabs, tab_glyph);
	}
	cairo_save(d->cr);
	cairo_set_font_face(d->cr, d->tabs);
	cairo_set_font_size(d->cr, size);
	set_hex(d->cr, b->bg ? b->bg : "#ffffff");
	cairo_show_text_glyphs(d->cr, "\t", 1, &g, 1, &c, 1, 0);
	cairo_restore(d->cr);
}

/* The tab of b that byte i of the layout's text belongs to, or NULL. */
static const struct layout_span *
tab_at(const struct lbox *b, int i)
{
	for (guint k = 0; b->tabs && k < b->tabs->len; k++) {
		const struct layout_span *t = &g_array_index(b->tabs,
		    struct layout_span, k);

		if (i >= t->s && i < t->e)
			return t;
	}
	return NULL;
}


/* Shows what is gathered of a run in its own font, clusters and all. */
static void
show_gathered(cairo_t *cr, cairo_scaled_font_t *sf, GString *utf8,
    GArray *glyphs, GArray *clusters)
{
	if (clusters->len) {
		cairo_set_scaled_font(cr, sf);
		cairo_show_text_glyphs(cr, utf8->str, (int)utf8->len,
		    (cairo_glyph_t *)(void *)glyphs->data, (int)glyphs->len,
		    (cairo_text_cluster_t *)(void *)clusters->data,
		    (int)clusters->len, 0);
	}
	g_string_truncate(utf8, 0);
	g_array_set_size(glyphs, 0);
	g_array_set_size(clusters, 0);
}

/*
 * A run of a listing line from x on the baseline y, as
 * pango_cairo_show_glyph_item shows it (cluster by cluster, so the text
 * maps back), except that the spaces of a tab are one tab glyph (see
 * show_tab). Returns false, drawing nothing, for what it leaves to
 * show_run: runs without tabs, right-to-left runs, glyphs missing from
 * the font.
 */
static bool
show_run_tabs(struct device *d, const struct lbox *b,
    const struct typo_line *l, const struct typo_run *r, double x, double y)
{
	cairo_matrix_t fm;
	GString *utf8;
	GArray *glyphs, *clusters;
	const struct layout_span *tab = NULL;
	double tab_x = 0, tab_w = 0;
	bool any = false;
	int idx = r->offset, g = r->glyph0, oi = 0;

	if (b->tabs == NULL || (r->flags & TYPO_RUN_RTL) || r->font == NULL)
		return false;
	for (int k = r->glyph0; k < r->glyph0 + r->nglyphs; k++)
		if (typo_glyph_id(l, k) & PANGO_GLYPH_UNKNOWN_FLAG)
			return false;
	for (guint k = 0; k < b->tabs->len && !any; k++) {
		const struct layout_span *t = &g_array_index(b->tabs,
		    struct layout_span, k);

		any = t->s < r->offset + r->length && t->e > r->offset;
	}
	if (!any)
		return false;
	cairo_scaled_font_get_font_matrix(r->font, &fm);
	utf8 = g_string_new(NULL);
	glyphs = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
	clusters = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
	for (int i = 0; i < r->nclusters; i++) {
		const struct layout_span *t = tab_at(b, idx);
		cairo_text_cluster_t c = { 0, 0 };
		int n;

		if (tab && t != tab) {
			show_tab(d, b, fm.xx, tab_x, y, tab_w);
			tab = NULL;
		}
		if (t && t->s >= r->offset && tab == NULL) {
			show_gathered(d->cr, r->font, utf8, glyphs, clusters);
			tab = t;
			tab_x = x;
			tab_w = 0;
		}
		c.num_bytes = typo_cluster(l, r, i, idx, &n);
		for (; n > 0; n--, g++) {
			int dx, dy, w = glyph_width(l, r, g);
			cairo_glyph_t cg;

			glyph_offset(l, &oi, g, &dx, &dy);
			cg.index = typo_glyph_id(l, g);
			cg.x = x + dx / PS;
			cg.y = y + dy / PS;
			x += w / PS;
			if (t) {
				/* a tab's spaces (those of a tab that began
				 * in the run before are not shown at all) */
				tab_w += w / PS;
			} else if (cg.index != PANGO_GLYPH_EMPTY) {
				g_array_append_val(glyphs, cg);
				c.num_glyphs++;
			}
		}
		if (t == NULL) {
			g_string_append_len(utf8, l->text + (idx - l->start),
			    c.num_bytes);
			g_array_append_val(clusters, c);
		}
		idx += c.num_bytes;
	}
	if (tab)
		show_tab(d, b, fm.xx, tab_x, y, tab_w);
	show_gathered(d->cr, r->font, utf8, glyphs, clusters);
	g_string_free(utf8, TRUE);
	g_array_free(glyphs, TRUE);
	g_array_free(clusters, TRUE);
	return true;
}

/*
 * A line of a listing, run by run: runs the layout marked as not being
 * the listing's text (prompts, callout markers, line numbers: they carry
 * an opaque foreground alpha, see layout.c flat_art) are filled as
 * glyph outlines, so copying the code from the PDF leaves them out; the
 * rest is shown as text. Other lines are shown whole, as Pango shows a
 * layout line.
 */
static void
show_line(struct device *d, const struct lbox *b, const struct typo_line *line,
    const struct glyph_cut *cut)
{
	cairo_t *cr = d->cr;
	double x, y;

	if (b->block != 'v') {
		glyph_show_line(cr, line, cut);
		return;
	}
	cairo_get_current_point(cr, &x, &y);
	for (int i = 0; i < line->nruns; i++) {
		const struct typo_run *r = &line->runs[i];

		if (r->flags & TYPO_RUN_FG)
			cairo_set_source_rgb(cr, r->fg[0] / 65535.0,
			    r->fg[1] / 65535.0, r->fg[2] / 65535.0);
		else
			set_hex(cr, d->st->text_color);
		glyph_cut_run(cut, line, r, x - r->x / PS);
		cairo_move_to(cr, x, y - r->y_offset / PS);
		if (r->flags & TYPO_RUN_ART) {
			glyph_show_here(cr, line, r, true);
			cairo_fill(cr);
		} else if (!show_run_tabs(d, b, line, r, x,
		    y - r->y_offset / PS)) {
			glyph_show_here(cr, line, r, false);
		}
		x += r->width / PS;
	}
}

static void
draw_marker(struct device *d, const struct lbox *b, double y, double left,
    const struct glyph_cut *cut)
{
	set_hex(d->cr, d->st->text_color);
	cairo_move_to(d->cr, left + b->marker_x - line_width(b->marker),
	    y + b->baseline);
	show_line(d, b, b->marker, cut);
}

/* A character of the line that no installed font has: Pango draws a hex
 * box, and the warning (once a run, with the EPUB's) names where. */
static void
report_missing(const struct lbox *b, const struct typo_line *line)
{
	gunichar c[8];
	const char *family = "";
	int n = typo_line_missing(line, c, 8, &family);

	for (int i = 0; i < n; i++) {
		char utf8[8] = { 0 };

		if (!diag_first(D_GLYPH_MISSING, c[i]))
			continue;
		g_unichar_to_utf8(c[i], utf8);
		diag(D_GLYPH_MISSING, b->src ? &b->src->pos : NULL,
		    (unsigned)c[i], utf8, family);
	}
}

/* A line, and its marker unless with_marker is false (a list label
 * drawn apart, in an Lbl element of its own), cut at its links by cut
 * (or NULL). */
static void
draw_line(struct device *d, const struct lbox *b, double x, double y,
    double left, bool with_marker, const struct glyph_cut *cut)
{
	cairo_t *cr = d->cr;
	double base = y + b->baseline;

	if (b->line) {
		set_hex(cr, d->st->text_color);
		cairo_move_to(cr, x, base);
		show_line(d, b, b->line, cut);
		report_missing(b, b->line);
	}
	if (b->marker && with_marker)
		draw_marker(d, b, y, left, cut);
	if (b->tail) {
		double tw = line_width(b->tail);

		set_hex(cr, d->st->text_color);
		cairo_move_to(cr, left + b->tail_x - tw, base);
		glyph_show_line(cr, b->tail, cut);
	}
	if (b->lead_x1 > b->lead_x0) {
		/* dots on a grid shared by every entry, so they align */
		double step = d->m->em * 0.5;
		double k0 = ceil(b->lead_x0 / step);

		double k1 = floor(b->lead_x1 / step);
		double dash[2] = { 0, step };

		/* Round dots: one stroke of zero-length dashes with round
		 * caps (a fill per dot made the contents' pages slow). The
		 * tolerance is for Cairo's analysis of the page, which
		 * polygonises every dot's cap to find the stroke's extents:
		 * at 1 pt a dot of 0.45 pt radius is a 4-sided pen, not a
		 * 10-sided one, and the contents of the PostgreSQL manual
		 * draw in 185 ms instead of 238 (the file is the same byte
		 * for byte; from 1.8 pt on the pen is a point and Cairo
		 * would drop the dots as drawing nothing). */
		if (k1 >= k0) {
			cut_none(cut);
			cairo_save(cr);
			set_hex(cr, d->st->text_color);
			cairo_set_line_width(cr, 0.9);
			cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
			cairo_set_dash(cr, dash, 2, 0);
			cairo_set_tolerance(cr, 1);
			cairo_move_to(cr, left + k0 * step,
			    base - d->m->em * 0.1);
			cairo_line_to(cr, left + k1 * step,
			    base - d->m->em * 0.1);
			cairo_stroke(cr);
			cairo_restore(cr);
		}
	}
	if ((b->flags & LBF_CONTINUED) && b->bg) {
		cut_none(cut);
		continuation_mark(d, left + b->bg_x + b->bg_w - d->m->em * 0.8,
		    base, d->m->em);
	}
}

/* The background of code and notes, across the box's height. */
static void
draw_bg(struct device *d, const struct lbox *b, double y, double left)
{
	if (b->bg == NULL)
		return;
	set_hex(d->cr, b->bg);
	cairo_rectangle(d->cr, left + b->bg_x, y, b->bg_w, b->h);
	cairo_fill(d->cr);
}

static void
draw_rule(struct device *d, double x, double y, double w, double weight,
    const char *color)
{
	set_hex(d->cr, color ? color : d->st->rule_color);
	cairo_rectangle(d->cr, x, y - weight / 2, w, weight);
	cairo_fill(d->cr);
}

/* A JPEG is embedded as it is: Cairo's PDF surface writes the attached
 * JPEG data in place of the (blank) pixels of a surface of its size. */
static cairo_surface_t *
load_jpeg(const char *path)
{
	gchar *data;
	gsize len;
	cairo_surface_t *s;
	unsigned w = 0, h = 0;

	if (!g_file_get_contents(path, &data, &len, NULL))
		return cairo_image_surface_create(CAIRO_FORMAT_INVALID, 0, 0);
	/* the layout has checked the header; take the size from SOFn */
	for (gsize i = 2; i + 9 < len; ) {
		unsigned char *p = (unsigned char *)data + i;
		unsigned seg = (p[2] << 8) | p[3];

		if (p[0] != 0xff)
			break;
		if (p[1] >= 0xc0 && p[1] <= 0xcf && p[1] != 0xc4 &&
		    p[1] != 0xc8 && p[1] != 0xcc) {
			h = (p[5] << 8) | p[6];
			w = (p[7] << 8) | p[8];
			break;
		}
		i += 2 + seg;
	}
	if (w == 0 || h == 0) {
		g_free(data);
		return cairo_image_surface_create(CAIRO_FORMAT_INVALID, 0, 0);
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG,
	    (const unsigned char *)data, len, g_free, data);
	return s;
}

/* An SVG drawn by librsvg straight into the page: paths stay paths (no
 * image XObject), scaled into the box. False (reported once per draw)
 * when librsvg cannot read it: the placeholder stands. */
static bool
draw_svg(struct device *d, const char *path, double x, double y, double w,
    double h)
{
	const struct lazy_rsvg *rsvg = lazy_rsvg();
	GError *err = NULL;
	RsvgHandle *svg = rsvg ? lazy_svg_open(path, &err) : NULL;
	RsvgRectangle vp = { x, y, w, h };
	bool ok;

	if (svg == NULL) {
		diag(D_IMAGE, NULL, path, err ? err->message : "unreadable SVG");
		g_clear_error(&err);
		return false;
	}
	cairo_save(d->cr);
	ok = rsvg->rsvg_handle_render_document(svg, d->cr, &vp, &err);
	cairo_restore(d->cr);
	if (!ok) {
		diag(D_IMAGE, NULL, path, err ? err->message :
		    "cannot draw the SVG");
		g_clear_error(&err);
	}
	g_object_unref(svg);
	return ok;
}

static void
draw_image(struct device *d, const struct lbox *b, double x, double y)
{
	cairo_t *cr = d->cr;
	cairo_surface_t *img = NULL;
	double w = b->w, h = b->baseline;

	if (b->image && !b->image_svg) {
		/* Cairo 1.16 names an image in a page's resources once per
		 * paint, so the same image twice on one page gives the page a
		 * dictionary with a duplicated key (qpdf warns): a repeat on
		 * the page gets an image of its own. */
		bool again = !g_hash_table_add(d->on_page, (gpointer)b->image);

		if (!again && g_hash_table_contains(d->images, b->image)) {
			img = g_hash_table_lookup(d->images, b->image);
			if (img)
				cairo_surface_reference(img);
		} else {
			img = b->image_jpeg ? load_jpeg(b->image) :
			    cairo_image_surface_create_from_png(b->image);
			if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
				diag(D_IMAGE, NULL, b->image,
				    cairo_status_to_string(
				    cairo_surface_status(img)));
				cairo_surface_destroy(img);
				img = NULL;
			}
			if (!again)
				g_hash_table_insert(d->images, (gpointer)b->image,
				    img ? cairo_surface_reference(img) : NULL);
		}
	}
	y += b->dy;
	if (b->image && b->image_svg && draw_svg(d, b->image, x, y, w, h))
		return;
	if (img) {
		int iw = cairo_image_surface_get_width(img);
		int ih = cairo_image_surface_get_height(img);

		/* Clipped: Cairo 1.16 records an unclipped paint on a page
		 * still blank as a fresh start, dropping the structure tags
		 * before it ("invalid tag name, attributes, or nesting"). */
		cairo_save(cr);
		cairo_rectangle(cr, x, y, w, h);
		cairo_clip(cr);
		cairo_translate(cr, x, y);
		cairo_scale(cr, w / iw, h / ih);
		cairo_set_source_surface(cr, img, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		cairo_surface_destroy(img);
		return;
	}
	/* a placeholder: a grey frame crossed out */
	cairo_save(cr);
	set_hex(cr, d->st->rule_color);
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, x, y, w, h);
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, x + w, y + h);
	cairo_move_to(cr, x + w, y);
	cairo_line_to(cr, x, y + h);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static const char *
container_tag(const struct lstruct *s)
{
	switch (s->kind) {
	case LS_L:
		return "L";
	case LS_LI:
		return "LI";
	case LS_LBL:
		return "Lbl";
	case LS_LBODY:
		return "LBody";
	case LS_TABLE:
		return "Table";
	case LS_TR:
		return "TR";
	case LS_TH:
		return "TH";
	case LS_TD:
		return "TD";
	case LS_QUOTE:
		return "BlockQuote";
	case LS_NOTE:
		return "Note";
	case LS_TOC:
		return "TOC";
	}
	return "Div";
}

/* Cells and labels hold their lines, with no paragraph element. */
static bool
holds_lines(const struct lstruct *s)
{
	return s && (s->kind == LS_TD || s->kind == LS_TH ||
	    s->kind == LS_LBL);
}

/*
 * Opens the containers down to sp (NULL: the document), closing the open
 * ones sp is not in; a paragraph open in sp itself stays open. A Note
 * (a footnote) opens above whatever is open but a leaf, so it lands in
 * the paragraph or cell its page ends with. hold_leaf: sp, when it holds
 * lines and opens here, is itself the leaf.
 */
static void
sync_containers(struct device *d, const struct lstruct *sp, bool hold_leaf)
{
	guint i = 1, j;

	g_ptr_array_set_size(d->path, 0);
	for (const struct lstruct *s = sp; s; s = s->parent)
		g_ptr_array_add(d->path, (gpointer)s);
	j = d->path->len;
	if (j > 0 && ((const struct lstruct *)d->path->pdata[j - 1])->kind ==
	    LS_NOTE) {
		while (i < d->open->len && !(elem_at(d, i)->sp &&
		    elem_at(d, i)->sp->kind == LS_NOTE))
			i++;
		if (i == d->open->len && elem_top(d)->leaf)
			i--;
	}
	while (j > 0 && i < d->open->len &&
	    elem_at(d, i)->sp == d->path->pdata[j - 1]) {
		i++;
		j--;
	}
	if (j == 0) {
		while (i < d->open->len && !elem_at(d, i)->container)
			i++;
		elem_close_to(d, i);
		return;
	}
	elem_close_to(d, i);
	while (j-- > 0) {
		const struct lstruct *s = d->path->pdata[j];

		elem_open(d, container_tag(s), s, true,
		    j == 0 && hold_leaf && holds_lines(s));
		if (s->kind == LS_L)
			g_ptr_array_add(d->tags->lists, (gpointer)(s->numbering ?
			    s->numbering : ""));
	}
}

/* The boxes a line is drawn among: a page's items or a row's kids. */
struct seq {
	const GArray *a;
	bool page;              /* struct page_item, else struct lbox */
	bool notes_after;       /* a row's: the page's footnotes follow it */
};

static const struct lbox *
seq_at(const struct seq *s, guint i)
{
	return s->page ? g_array_index(s->a, struct page_item, i).b :
	    &g_array_index(s->a, struct lbox, i);
}

/*
 * The background of the page's item i, and of the items after it that
 * carry it on without a gap (lines and spaces of one listing or note):
 * one rectangle, drawn with the first, under all their text. A rectangle
 * a line left hairline seams in viewers that anti-alias their edges.
 */
static void
draw_page_bg(struct device *d, const struct seq *page, guint i, double y,
    double left)
{
	const struct lbox *b = seq_at(page, i);
	double x = left + b->bg_x, end = y + b->h;
	guint j;

	if (b->bg == NULL || i < d->bg_until)
		return;
	for (j = i + 1; j < page->a->len; j++) {
		const struct page_item *it = &g_array_index(page->a,
		    struct page_item, j);
		const struct lbox *n = it->b;

		if ((n->kind != LB_LINE && n->kind != LB_SPACE &&
		    n->kind != LB_BREAK) || n->bg == NULL ||
		    strcmp(n->bg, b->bg) != 0 || n->bg_w != b->bg_w ||
		    fabs(it->x - n->x + n->bg_x - x) > 1e-6 ||
		    fabs(it->y - end) > 1e-6)
			break;
		end = it->y + n->h;
	}
	d->bg_until = j;
	set_hex(d->cr, b->bg);
	cairo_rectangle(d->cr, x, y, b->bg_w, end - y);
	cairo_fill(d->cr);
}

/* Drawn beside the text, not in its reading order. */
static bool
is_furniture(const struct lbox *b)
{
	return b->kind == LB_SPACE || b->kind == LB_BREAK ||
	    b->kind == LB_RULE || (b->flags & LBF_ARTIFACT);
}

static bool
in_note(const struct lbox *b)
{
	return b->sp && b->sp->kind == LS_NOTE;
}

/* Whether the page's next text after item i is a footnote. */
static bool
notes_follow(const struct seq *page, guint i)
{
	for (guint k = i + 1; k < page->a->len; k++)
		if (!is_furniture(seq_at(page, k)))
			return in_note(seq_at(page, k));
	return false;
}

/*
 * Whether the text the line at i of s starts needs Spans (see above): a
 * line of it has links, it may go on past the end of the page, or the
 * page's footnotes follow it (a Note goes in the last text before it: in
 * a cell or label, rather than in the row or item around them). Its
 * lines are those after i in the same container (for a paragraph, up to
 * the next paragraph).
 */
static bool
needs_spans(const struct seq *s, guint i, bool para)
{
	const struct lbox *b = seq_at(s, i), *last = b;

	if (b->links || b->images)
		return true;
	for (guint k = i + 1; k < s->a->len; k++) {
		const struct lbox *n = seq_at(s, k);

		if (is_furniture(n))
			continue;
		if (in_note(n) && n->sp != b->sp) {
			if (!in_note(b))
				return true;
			continue;
		}
		if (n->kind != LB_LINE || n->sp != b->sp || (para &&
		    (n->flags & (LBF_PARA_FIRST | LBF_HEADING_ON)) ==
		    LBF_PARA_FIRST))
			return false;
		if (n->links || n->images)
			return true;
		last = n;
	}
	if (!s->page)
		return s->notes_after;
	/* the page's last text may go on */
	return !((last->flags & LBF_PARA_LAST) && last->block != 'v');
}

/* The paragraph-level element of a line: H1..H6, Code, P or an entry of
 * the contents (TOCI); NULL in a cell or label. */
static const char *
para_tag(const struct lbox *b)
{
	static const char *const h[] = { "H1", "H2", "H3", "H4", "H5", "H6" };

	if (holds_lines(b->sp))
		return NULL;
	if (b->sp && b->sp->kind == LS_TOC)
		return "TOCI";
	switch (b->block) {
	case 'h':
		return b->level >= 1 && b->level <= 6 ? h[b->level - 1] : "P";
	case 'v':
		return "Code";
	default:
		return "P";
	}
}

/*
 * The inline images of a line at x (its box's left) and baseline base,
 * drawn as block images are. In the tree (tagged) each is a Figure with
 * its /Alt beside the line's Span, as a link is: the line's text needs
 * Spans (needs_spans) so that its paragraph can hold them.
 */
static void
draw_line_images(struct device *d, const struct lbox *b, double x,
    double base, bool tagged)
{
	if (b->images == NULL)
		return;
	if (tagged)
		close_leaf(d);
	for (guint k = 0; k < b->images->len; k++) {
		const struct layout_image *li = &g_array_index(b->images,
		    struct layout_image, k);
		struct lbox ib = { .kind = LB_IMAGE };

		ib.w = li->w;
		ib.baseline = li->h;
		ib.image = li->image;
		ib.image_jpeg = li->image_jpeg;
		ib.image_svg = li->image_svg;
		if (tagged && li->math && li->math->continued) {
			/* the rest of a formula whose first piece's Formula
			 * holds its /Alt */
			artifact_begin(d, 'L');
		} else if (tagged) {
			elem_open(d, li->math ? "Formula" : "Figure", NULL,
			    false, true);
			g_ptr_array_add(d->tags->alts, g_strdup(li->alt ? li->alt :
			    ""));
		}
		if (li->math)
			math_draw(d->cr, li->math, x + li->x, base);
		else
			draw_image(d, &ib, x + li->x, base - li->h);
		if (tagged)
			close_leaf(d);
	}
}

/* A line of text (at i of s) in its elements, with its links and
 * destinations. */
static void
draw_text(struct device *d, const struct seq *s, guint i, double x, double y,
    double left)
{
	const struct lbox *b = seq_at(s, i);
	const char *tag = para_tag(b);
	bool label = (b->flags & LBF_LABEL) && b->marker && b->sp &&
	    b->sp->kind == LS_LBODY;
	const struct glyph_cut *cut;

	if (b->flags & LBF_ARTIFACT) {
		/* out of the tree, with no links or targets of its own */
		artifact_begin(d, 'P');
		draw_line(d, b, x, y, left, true, NULL);
		draw_line_images(d, b, x, y + b->baseline, false);
		artifact_end(d);
		return;
	}
	cut = cut_begin(d, b, x, y);
	if (label) {
		/* a callout's label is the link back to its mark: the Lbl
		 * holds its Link */
		double mx = left + b->marker_x;
		bool linked = cut && link_which(d, mx - line_width(b->marker),
		    mx) >= 0;
		guint n;

		sync_containers(d, b->sp->parent, false);
		n = d->open->len;
		elem_open(d, "Lbl", NULL, false, !linked);
		draw_marker(d, b, y, left, linked ? cut : NULL);
		cut_end(d, cut);
		elem_close_to(d, n);
	}
	if (tag == NULL) {
		sync_containers(d, b->sp, !needs_spans(s, i, false));
	} else {
		sync_containers(d, b->sp, false);
		/* (a chapter's title goes on in its label's heading) */
		if ((b->flags & (LBF_PARA_FIRST | LBF_HEADING_ON)) ==
		    LBF_PARA_FIRST || elem_top(d)->container) {
			close_to_container(d);
			elem_open(d, tag, NULL, false, !needs_spans(s, i, true));
		}
	}
	if (b->line && !elem_top(d)->leaf)
		elem_open(d, "Span", NULL, false, true);
	if (s->page)
		draw_page_bg(d, s, i, y, left);
	else
		draw_bg(d, b, y, left);
	draw_line(d, b, x, y, left, !label, cut);
	cut_end(d, cut);
	draw_line_images(d, b, x, y + b->baseline, true);
	draw_links(d, b, x, y, cut ? d->link_done : NULL);
	draw_dests_outline(d, b, x, y);
}

static void
draw_row(struct device *d, const struct seq *page, guint at, double x,
    double y, double left)
{
	const struct lbox *b = seq_at(page, at);
	struct seq kids = { b->kids, false, notes_follow(page, at) };
	bool repeat = b->flags & LBF_ARTIFACT;

	close_leaf(d);
	if (repeat || b->bg || b->rules || (b->flags & (LBF_RULE_ABOVE |
	    LBF_RULE_BELOW | LBF_RULE_MID)))
		artifact_begin(d, repeat ? 'P' : 'L');
	draw_bg(d, b, y, left);
	for (guint i = 0; b->rules && i < b->rules->len; i++) {
		const struct layout_rule *r = &g_array_index(b->rules,
		    struct layout_rule, i);

		set_hex(d->cr, d->st->rule_color);
		cairo_rectangle(d->cr, left + r->x, y + r->y, r->w, r->h);
		cairo_fill(d->cr);
	}
	if (b->flags & LBF_RULE_ABOVE)
		draw_rule(d, x, y, b->w, b->weight ? b->weight : 0.8, NULL);
	if (b->flags & LBF_RULE_BELOW)
		draw_rule(d, x, y + b->h, b->w, b->weight ? b->weight : 0.8,
		    NULL);
	else if (b->flags & LBF_RULE_MID)
		draw_rule(d, x, y + b->h, b->w, 0.4, NULL);
	if (!repeat)
		artifact_end(d);
	for (guint i = 0; i < b->kids->len; i++) {
		const struct lbox *k = &g_array_index(b->kids, struct lbox, i);

		if (b->flags & LBF_ARTIFACT) {
			draw_line(d, k, left + k->x, y + k->dy, left, true,
			    NULL);
			draw_line_images(d, k, left + k->x,
			    y + k->dy + k->baseline, false);
		} else
			draw_text(d, &kids, i, left + k->x, y + k->dy, left);
	}
	if (repeat)
		artifact_end(d);
}

/* An image in a Figure element, whose alternative text finish.c adds. */
static void
draw_figure(struct device *d, const struct lbox *b, double x, double y,
    double left)
{
	sync_containers(d, b->sp, false);
	close_to_container(d);
	if (b->bg) {
		artifact_begin(d, 'L');
		draw_bg(d, b, y, left);
		artifact_end(d);
	}
	elem_open(d, "Figure", NULL, false, true);
	g_ptr_array_add(d->tags->alts, g_strdup(b->alt ? b->alt : ""));
	draw_image(d, b, x, y);
	close_leaf(d);
	/* An SVG image's links are Link elements in its Figure, whose ink
	 * around them Cairo leaves unmarked; finish_ink.c gives it back to
	 * the Figure. An empty artifact ends the image's ink, not to run on
	 * into the next image's. */
	if (b->image && b->image_svg) {
		artifact_begin(d, 'L');
		artifact_end(d);
	}
}

static void
draw_item(struct device *d, const struct seq *page, guint i)
{
	const struct page_item *it = &g_array_index(page->a, struct page_item,
	    i);
	const struct lbox *b = it->b;
	double left = it->x - b->x;     /* the measure's left */

	switch (b->kind) {
	case LB_LINE:
		draw_text(d, page, i, it->x, it->y, left);
		return;
	case LB_IMAGE:
		draw_figure(d, b, it->x, it->y, left);
		break;
	case LB_ROW:
		draw_row(d, page, i, it->x, it->y, left);
		break;
	case LB_RULE:
		artifact_begin(d, (b->flags & LBF_ARTIFACT) ? 'P' : 'L');
		draw_rule(d, it->x, it->y + b->h / 2, b->w, b->weight,
		    b->color);
		artifact_end(d);
		break;
	case LB_SPACE:
	case LB_BREAK:
		/* a code or note background goes on in the open element,
		 * when it is a leaf */
		if (b->bg && i >= d->bg_until && !elem_top(d)->leaf) {
			artifact_begin(d, 'L');
			draw_page_bg(d, page, i, it->y, left);
			artifact_end(d);
		} else
			draw_page_bg(d, page, i, it->y, left);
		break;
	}
	draw_links(d, b, it->x, it->y, NULL);
	draw_dests_outline(d, b, it->x, it->y);
}

static void
image_free(gpointer p)
{
	if (p)
		cairo_surface_destroy(p);
}

struct pdf_device *
pdf_device_open(const char *path, const struct layout_metrics *m,
    const struct style *st, const struct pdf_meta *meta, struct pdf_tags *tags,
    bool threaded)
{
	struct device *d = g_new0(struct device, 1);

	d->m = m;
	d->st = st;
	d->images = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    image_free);
	d->open = g_array_new(FALSE, FALSE, sizeof(struct elem));
	d->path = g_ptr_array_new();
	d->tags = tags;
	d->cut = (struct glyph_cut){ link_which, link_enter, d };
	d->link_done = g_byte_array_new();
	d->on_page = g_hash_table_new(g_str_hash, g_str_equal);
	/* Cairo writes through a hashfile, which digests what it writes
	 * for pdf_finish; a file that cannot be opened gets nothing (and
	 * pdf_device_close says why). */
	d->out = hashfile_open(path, threaded);
	d->open_err = d->out ? 0 : errno;
	d->surface = cairo_pdf_surface_create_for_stream(d->out ?
	    hashfile_write : NULL, d->out, m->page_w, m->page_h);
	cairo_pdf_surface_restrict_to_version(d->surface,
	    CAIRO_PDF_VERSION_1_5);
	d->cr = cairo_create(d->surface);
	if (meta->title)
		cairo_pdf_surface_set_metadata(d->surface,
		    CAIRO_PDF_METADATA_TITLE, meta->title);
	if (meta->author)
		cairo_pdf_surface_set_metadata(d->surface,
		    CAIRO_PDF_METADATA_AUTHOR, meta->author);
	if (meta->subject)
		cairo_pdf_surface_set_metadata(d->surface,
		    CAIRO_PDF_METADATA_SUBJECT, meta->subject);
	if (meta->keywords)
		cairo_pdf_surface_set_metadata(d->surface,
		    CAIRO_PDF_METADATA_KEYWORDS, meta->keywords);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR,
	    meta->creator);
	cairo_pdf_surface_set_metadata(d->surface,
	    CAIRO_PDF_METADATA_CREATE_DATE, meta->date);
	cairo_pdf_surface_set_metadata(d->surface,
	    CAIRO_PDF_METADATA_MOD_DATE, meta->date);
	/* Cairo 1.16 writes a dangling structure parent tree for link
	 * annotations outside any structure element (qpdf: "file is
	 * damaged"); one Document element around everything avoids it. */
	elem_open(d, "Document", NULL, true, false);
	return (struct pdf_device *)d;
}

void
pdf_device_page(struct pdf_device *dev, struct page *p)
{
	struct device *d = (struct device *)dev;
	struct seq items = { p->items, true, false };

	cairo_pdf_surface_set_page_label(d->surface, p->label);
	d->bg_until = 0;
	for (guint k = 0; k < p->items->len; k++)
		draw_item(d, &items, k);
	close_leaf(d);
	cairo_show_page(d->cr);
	g_hash_table_remove_all(d->on_page);
	d->pages++;
	page_free(p);
}

void
pdf_device_count(const struct pdf_device *dev, struct pdf_order *n)
{
	const struct device *d = (const struct device *)dev;

	n->pages = d->pages;
	n->elements = d->top_elements;
	n->outline = d->top_outline;
}

bool
pdf_device_close(struct pdf_device *dev, const char *path,
    void (*drawn)(gpointer), gpointer arg, char **md5)
{
	struct device *d = (struct device *)dev;
	cairo_status_t status;
	char *sum = NULL;
	int err = d->open_err;

	elem_close_to(d, 0);
	g_array_free(d->open, TRUE);
	g_ptr_array_free(d->path, TRUE);
	g_byte_array_free(d->link_done, TRUE);
	cairo_destroy(d->cr);
	/* Cairo has the pages' ink now; the fonts it writes next take tens
	 * of megabytes (a CJK font's CFF table is read whole). */
	if (drawn)
		drawn(arg);
	cairo_surface_finish(d->surface);
	status = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	if (d->out && !hashfile_close(d->out, &sum))
		err = errno;
	g_hash_table_destroy(d->images);
	g_hash_table_destroy(d->on_page);
	if (d->tabs)
		cairo_font_face_destroy(d->tabs);
	g_free(d);
	if (err || status != CAIRO_STATUS_SUCCESS) {
		diag(D_OUTPUT, NULL, path, err ? g_strerror(err) :
		    cairo_status_to_string(status));
		g_free(sum);
		return false;
	}
	if (md5)
		*md5 = sum;
	else
		g_free(sum);
	return true;
}
