/*
 * The layout environment (see layout_int.h): what every pass of the body
 * and the front matter share, made by layout_env_new and freed by
 * layout_env_free (metrics, fonts, the index, the paragraph cache, images
 * and cell widths measured once); the layouts a pass fills; small helpers
 * (destination names, interned strings, sizes); and the boxes appended to
 * the body with their pending attachments. It sets no paragraph and lays
 * out no block: the walk (layout.c) and the files it calls do.
 */
#include <math.h>
#include <string.h>

#include "image.h"
#include "index.h"
#include "l10n.h"
#include "formula.h"
#include "layout_int.h"

/* ---- small helpers ---------------------------------------------------- */

/* Whether the figures of each of env's faces are all one width with the
 * OpenType feature hwid, which page numbers are printed with (the Noto
 * CJK faces: half an em). */
static bool
figures_even(const struct layout_env *env)
{
	bool even = true;

	for (int i = 0; i < 4 && even; i++) {
		PangoLayout *l = pango_layout_new(env->ctx);
		PangoAttrList *al = pango_attr_list_new();
		int n = 0, w = -1;

		pango_layout_set_text(l, "0123456789", -1);
		pango_layout_set_font_description(l, env->fonts[i]);
		pango_attr_list_insert(al, pango_attr_language_new(
		    pango_language_from_string(
		    l10n_pango_lang(env->lang))));
		pango_attr_list_insert(al, pango_attr_font_features_new("hwid"));
		pango_layout_set_attributes(l, al);
		pango_attr_list_unref(al);
		for (GSList *r = pango_layout_get_line_readonly(l, 0)->runs;
		    r && even; r = r->next) {
			const PangoGlyphString *gs =
			    ((PangoGlyphItem *)r->data)->glyphs;

			for (int g = 0; g < gs->num_glyphs; g++, n++) {
				if (w < 0)
					w = gs->glyphs[g].geometry.width;
				even = even && gs->glyphs[g].geometry.width == w;
			}
		}
		even = even && n == 10;
		g_object_unref(l);
	}
	return even;
}

/* A layout with room for reserve boxes. */
struct layout *
layout_new_sized(guint reserve)
{
	struct layout *l = g_new0(struct layout, 1);

	l->boxes = g_array_sized_new(FALSE, TRUE, sizeof(struct lbox),
	    reserve);
	l->fns = g_ptr_array_new();
	l->paras = g_ptr_array_new();
	l->strings = g_string_chunk_new(4096);
	l->structs = g_ptr_array_new_with_free_func(g_free);
	return l;
}

struct layout *
layout_new(void)
{
	return layout_new_sized(0);
}

static void
box_clear(struct lbox *b)
{
	if (b->links)
		g_array_free(b->links, TRUE);
	if (b->dests)
		g_ptr_array_free(b->dests, TRUE);
	if (b->fns)
		g_array_free(b->fns, TRUE);
	if (b->tabs)
		g_array_free(b->tabs, TRUE);
	if (b->images)
		g_array_free(b->images, TRUE);
	if (b->rules)
		g_array_free(b->rules, TRUE);
	g_free(b->outline);
	if (b->kids) {
		for (guint i = 0; i < b->kids->len; i++)
			box_clear(&g_array_index(b->kids, struct lbox, i));
		g_array_free(b->kids, TRUE);
	}
}

void
layout_free(struct layout *l)
{
	if (l == NULL)
		return;
	for (guint i = 0; i < l->boxes->len; i++)
		box_clear(&g_array_index(l->boxes, struct lbox, i));
	g_array_free(l->boxes, TRUE);
	for (guint i = 0; i < l->fns->len; i++) {
		struct layout_fn *fn = l->fns->pdata[i];

		for (guint j = 0; j < fn->boxes->len; j++)
			box_clear(&g_array_index(fn->boxes, struct lbox, j));
		g_array_free(fn->boxes, TRUE);
		g_free(fn);
	}
	g_ptr_array_free(l->fns, TRUE);
	for (guint i = 0; i < l->paras->len; i++)
		typo_para_free(l->paras->pdata[i]);
	g_ptr_array_free(l->paras, TRUE);
	g_string_chunk_free(l->strings);
	g_ptr_array_free(l->structs, TRUE);
	g_free(l);
}

const char *
layout_intern(struct layout_env *env, const char *s)
{
	return s ? g_string_chunk_insert_const(env->lay->strings, s) : NULL;
}

/* An id as a destination name: as it is when it is printable ASCII
 * without '%' ("chap:intro"); otherwise its UTF-8 bytes percent-encoded
 * ("11-%E5%BF%AB..."), as a browser sends book.pdf#11-快速上手. Cairo sorts
 * the /Dests name tree by the UTF-8 names but writes non-ASCII ones as
 * UTF-16 strings, which would leave the tree out of order. Names of the
 * second kind hold a '%', those of the first none, so no two ids meet. */
static char *
dest_name_of_id(const char *id)
{
	GString *s;

	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		if (*p == '%' || *p <= ' ' || *p >= 0x7f)
			goto encode;
	return g_strdup(id);
encode:
	s = g_string_new(NULL);
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		if (*p == '%' || *p <= ' ' || *p >= 0x7f)
			g_string_append_printf(s, "%%%02X", *p);
		else
			g_string_append_c(s, (char)*p);
	return g_string_free(s, FALSE);
}

/* The destination name of a node: its id, or a name made in walk order so
 * the PDF is the same on every run. */
const char *
layout_dest_of(struct layout_env *env, const struct node *n)
{
	char *name = g_hash_table_lookup(env->dests, n);

	if (name == NULL) {
		/* Index terms are named by their number in the book, so both
		 * layout threads name them alike. */
		if (n->kind == N_INDEXTERM && env->index)
			name = index_anchor(env->index, n);
		else
			name = n->id ? dest_name_of_id(n->id) :
			    g_strdup_printf("bookc-%u", ++env->dest_serial);
		g_hash_table_insert(env->dests, (gpointer)n, name);
	}
	return name;
}

double
layout_ceil_to(double v, double unit)
{
	return ceil(v / unit - 1e-6) * unit;
}

/* Baseline of type of the given size centred on a line of the given pitch:
 * the ideographic em box (ascent 0.88 em in Noto CJK) sits in the middle. */
double
layout_baseline_in(double pitch, double size)
{
	return (pitch - size) / 2 + 0.88 * size;
}

/* "3.2 Title" for the outline, kept in the layout's strings. */
const char *
layout_outline_title(struct layout_env *env, const char *label,
    const char *title)
{
	char *s = label ? g_strdup_printf("%s %s", label, title) :
	    g_strdup(title);
	const char *r = layout_intern(env, s);

	g_free(s);
	return r;
}

bool
layout_is_print(const struct layout_env *env)
{
	return env->st->url_footnotes;
}

double
layout_heading_size(const struct layout_env *env, unsigned depth)
{
	return env->st->heading_size[depth > 4 ? 4 : depth];
}

/* ---- environment ------------------------------------------------------ */

static void
image_free(gpointer p)
{
	if (p) {
		image_info_clear(p);
		g_free(p);
	}
}

/*
 * The first pass knows no page yet: "see page N" gets a stand-in of the
 * width the real number will likely have (a page holds some 2,300 bytes
 * of text), so the lines that pass sets are mostly the final ones and the
 * passes that follow have little to set again.
 */
static void
guess_label(struct layout_env *env)
{
	gsize pages;
	int digits = 1;

	env->text_total = layout_text_size(env->book->root);
	pages = env->text_total / 2300;

	while (pages >= 10 && digits < (int)sizeof env->guess - 1) {
		pages /= 10;
		digits++;
	}
	memset(env->guess, '9', (size_t)digits);
	env->guess[digits] = '\0';
}

/* A new env; a helper's (from is the main env) shares its index and its
 * stand-in page number instead of building them again. */
struct layout_env *
layout_env_new_from(PangoContext *ctx, const struct style *st,
    const struct book *book, const struct layout_env *from)
{
	struct layout_env *env = g_new0(struct layout_env, 1);
	struct layout_metrics *m = &env->m;
	double inner = style_mm_to_pt(st->margin_inner);
	double outer = style_mm_to_pt(st->margin_outer);
	double top = style_mm_to_pt(st->margin_top);
	double bottom = style_mm_to_pt(st->margin_bottom);
	double avail, rem;
	int v;

	env->ctx = ctx;
	env->st = st;
	env->book = book;
	env->lang = book->lang ? book->lang : "zh-CN";
	env->set_twice = g_getenv("BOOKC_SET_TWICE") != NULL;
	if (from) {
		env->index = from->index;
		env->index_borrowed = true;
		env->index_div = from->index_div;
		env->text_total = from->text_total;
		memcpy(env->guess, from->guess, sizeof env->guess);
	} else {
		env->index = index_build(book);
		env->index_div = index_division(book);
		guess_label(env);
	}
	m->page_w = style_mm_to_pt(st->page_width);
	m->page_h = style_mm_to_pt(st->page_height);
	m->em = st->body_size;
	m->pitch = st->line_pitch * st->body_size;
	/* The measure is a whole number of em, so a line of Han characters
	 * fills it exactly; the rest goes to the outer margin (two-sided) or
	 * to both margins. */
	avail = m->page_w - inner - outer;
	m->measure = floor(avail / m->em + 1e-6) * m->em;
	rem = avail - m->measure;
	m->two_sided = st->two_sided;
	if (st->two_sided) {
		m->left_recto = inner;
		m->left_verso = outer + rem;
	} else {
		m->left_recto = m->left_verso = inner + rem / 2;
	}
	m->top = top;
	m->body_h = floor((m->page_h - top - bottom) / m->pitch + 1e-6) *
	    m->pitch;
	m->head_y = top - 1.25 * m->pitch;
	m->foot_y = top + m->body_h + 1.75 * m->pitch;

	for (int i = 0; i < 4; i++)
		env->fonts[i] = pango_font_description_new();
	/* The book's language decides the faces: SC, TC or HK. */
	v = l10n_zh_variant(env->lang);
	pango_font_description_set_family(env->fonts[F_BODY],
	    style_font(st, SR_BODY, v));
	pango_font_description_set_size(env->fonts[F_BODY],
	    (int)(st->body_size * PANGO_SCALE));
	pango_font_description_set_family(env->fonts[F_HEADING],
	    style_font(st, SR_HEADING, v));
	pango_font_description_set_weight(env->fonts[F_HEADING],
	    PANGO_WEIGHT_BOLD);
	pango_font_description_set_size(env->fonts[F_HEADING],
	    (int)(st->body_size * PANGO_SCALE));
	pango_font_description_set_family(env->fonts[F_CODE],
	    style_font(st, SR_CODE, v));
	pango_font_description_set_size(env->fonts[F_CODE],
	    (int)(st->code_size * PANGO_SCALE));
	pango_font_description_set_family(env->fonts[F_SMALL],
	    style_font(st, SR_BODY, v));
	pango_font_description_set_size(env->fonts[F_SMALL],
	    (int)(st->body_size * 0.8 * PANGO_SCALE));
	env->even_digits = from ? from->even_digits : figures_even(env);
	env->dests = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	env->xrefs = g_ptr_array_new_with_free_func(xref_use_free);
	env->numbered = g_byte_array_new();
	env->index_uses = g_ptr_array_new_with_free_func(index_use_free);
	env->pending_dests = g_ptr_array_new();
	env->images = g_hash_table_new_full(NULL, NULL, NULL, image_free);
	env->cell_widths = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	env->maths = g_hash_table_new_full(NULL, NULL, NULL,
	    (GDestroyNotify)math_box_free);
	env->paras = g_hash_table_new_full(para_key_hash, para_key_equal,
	    g_free, (GDestroyNotify)typo_para_free);
	g_mutex_init(&env->paras_lock);
	return env;
}

static gpointer
helper_free(gpointer helper)
{
	layout_env_free(helper);
	return NULL;
}

struct layout_env *
layout_env_new(PangoContext *ctx, const struct style *st,
    const struct book *book)
{
	return layout_env_new_from(ctx, st, book, NULL);
}

void
layout_env_free(struct layout_env *env)
{
	GThread *t = NULL;

	if (env == NULL)
		return;
	if (env->helper_thread)
		g_thread_join(env->helper_thread);
	/* The helper's paragraphs are as many as ours: free both at once
	 * (they belong to different font maps). */
	if (env->helper)
		t = g_thread_new("bookc-free", helper_free, env->helper);
	for (int i = 0; i < 4; i++)
		pango_font_description_free(env->fonts[i]);
	g_hash_table_destroy(env->dests);
	if (!env->index_borrowed)
		index_free(env->index);
	g_ptr_array_free(env->xrefs, TRUE);
	g_byte_array_free(env->numbered, TRUE);
	g_ptr_array_free(env->index_uses, TRUE);
	g_ptr_array_free(env->pending_dests, TRUE);
	g_hash_table_destroy(env->images);
	g_hash_table_destroy(env->cell_widths);
	g_hash_table_destroy(env->maths);
	math_fonts_free(env->math_fonts);
	g_hash_table_destroy(env->paras);
	g_mutex_clear(&env->paras_lock);
	if (t)
		g_thread_join(t);
	g_free(env);
}

const struct layout_metrics *
layout_metrics(const struct layout_env *env)
{
	return &env->m;
}

/* ---- boxes ------------------------------------------------------------ */

void
layout_add_dest(struct lbox *b, const char *name)
{
	if (b->dests == NULL)
		b->dests = g_ptr_array_new();
	g_ptr_array_add(b->dests, (gpointer)name);
}

/* Appends a box to arr, with the pending attachments of a body stream.
 * Targets wait for a box that is printed where they are: space that
 * vanishes at the top of a page stays at the foot of the one before
 * when the break comes after it, and would take a figure's target (and
 * its page number in the lists) there. */
struct lbox *
layout_push_to(struct layout_env *env, GArray *arr, struct lbox *b)
{
	if (b->kind != LB_BREAK &&
	    !(b->kind == LB_SPACE && (b->flags & LBF_DISCARD))) {
		for (guint i = 0; i < env->pending_dests->len; i++)
			layout_add_dest(b, env->pending_dests->pdata[i]);
		g_ptr_array_set_size(env->pending_dests, 0);
	}
	if (env->bg && b->bg == NULL && b->kind != LB_BREAK) {
		b->bg = env->bg;
		b->bg_x = env->bg_x;
		b->bg_w = env->bg_w;
	}
	if (env->keep_lines > 0 && b->kind != LB_BREAK) {
		if (b->kind == LB_SPACE) {
			b->flags |= LBF_KEEP_NEXT;
		} else if (--env->keep_lines > 0) {
			b->flags |= LBF_KEEP_NEXT;
		}
	}
	g_array_append_val(arr, *b);
	return &g_array_index(arr, struct lbox, arr->len - 1);
}

struct lbox *
layout_push(struct layout_env *env, struct lbox *b)
{
	return layout_push_to(env, env->lay->boxes, b);
}

void
layout_space(struct layout_env *env, double h, unsigned flags)
{
	struct lbox b = { .kind = LB_SPACE, .h = h, .flags = flags };

	if (h > 0)
		layout_push(env, &b);
}

void
layout_page_break(struct layout_env *env, unsigned flags)
{
	struct lbox b = { .kind = LB_BREAK, .flags = flags };

	layout_push(env, &b);
}

/* A structure element of the layout being made (see struct lstruct). */
const struct lstruct *
layout_new_struct(struct layout_env *env, enum lstruct_kind kind,
    const struct lstruct *parent)
{
	struct lstruct *s = g_new(struct lstruct, 1);

	s->kind = kind;
	s->parent = parent;
	s->numbering = NULL;
	g_ptr_array_add(env->lay->structs, s);
	return s;
}

const struct lstruct *
layout_new_list(struct layout_env *env, const struct lstruct *parent,
    const char *numbering)
{
	struct lstruct *s = g_new(struct lstruct, 1);

	s->kind = LS_L;
	s->parent = parent;
	s->numbering = numbering;
	g_ptr_array_add(env->lay->structs, s);
	return s;
}
