/*
 * Typesetting paragraphs into boxes (see layout_int.h): a flattened
 * paragraph set by typo.c with the options its block gives (struct
 * para_opts), through a cache keyed by every input of typo_para_new, so
 * that the passes after the first set again only what changed (a layout
 * helper's cache is read under its lock); and its lines turned into line
 * boxes with their links, anchors, footnote references, list labels, the
 * source places the EPUB's page marks need, and keeps against widows and
 * orphans. It decides no block's geometry (its callers do) and never sees
 * a page.
 */
#include <math.h>
#include <string.h>

#include "l10n.h"
#include "formula.h"
#include "layout_int.h"

guint
para_key_hash(gconstpointer k)
{
	return ((const struct para_key *)k)->hash;
}

gboolean
para_key_equal(gconstpointer a, gconstpointer b)
{
	const struct para_key *x = a, *y = b;

	return x->hash == y->hash && x->len == y->len &&
	    memcmp(x->data, y->data, x->len) == 0;
}

static void
key_put(GString *key, const void *v, gsize len)
{
	g_string_append_len(key, v, (gssize)len);
}

static void
key_str(GString *key, const char *s)
{
	gsize len = s ? strlen(s) : (gsize)-1;

	key_put(key, &len, sizeof len);
	if (s)
		key_put(key, s, len);
}

static void
key_font(GString *key, const PangoFontDescription *fd)
{
	PangoFontMask set = pango_font_description_get_set_fields(fd);
	int v[8];

	v[0] = (int)set;
	v[1] = pango_font_description_get_style(fd);
	v[2] = pango_font_description_get_variant(fd);
	v[3] = pango_font_description_get_weight(fd);
	v[4] = pango_font_description_get_stretch(fd);
	v[5] = pango_font_description_get_size(fd);
	v[6] = pango_font_description_get_size_is_absolute(fd);
	v[7] = pango_font_description_get_gravity(fd);
	key_put(key, v, sizeof v);
	key_str(key, pango_font_description_get_family(fd));
	key_str(key, pango_font_description_get_variations(fd));
}

struct key_walk {
	GString *key;
	bool unknown;           /* an attribute we cannot write: use Pango's
	                           own serialisation of the whole list */
};

/* pango_attr_list_filter's callback: writes one attribute, keeps it. */
static gboolean
key_attr(PangoAttribute *a, gpointer data)
{
	struct key_walk *kw = data;
	GString *key = kw->key;
	int head[3] = { (int)a->klass->type, (int)a->start_index,
	    (int)a->end_index };

	key_put(key, head, sizeof head);
	switch (a->klass->type) {
	case PANGO_ATTR_LANGUAGE:
		key_str(key, pango_language_to_string(
		    ((PangoAttrLanguage *)a)->value));
		break;
	case PANGO_ATTR_FAMILY:
	case PANGO_ATTR_FONT_FEATURES:
		key_str(key, ((PangoAttrString *)a)->value);
		break;
	case PANGO_ATTR_STYLE:
	case PANGO_ATTR_WEIGHT:
	case PANGO_ATTR_VARIANT:
	case PANGO_ATTR_STRETCH:
	case PANGO_ATTR_UNDERLINE:
	case PANGO_ATTR_STRIKETHROUGH:
	case PANGO_ATTR_RISE:
	case PANGO_ATTR_LETTER_SPACING:
	case PANGO_ATTR_FALLBACK:
	case PANGO_ATTR_GRAVITY:
	case PANGO_ATTR_GRAVITY_HINT:
	case PANGO_ATTR_FOREGROUND_ALPHA:
	case PANGO_ATTR_BACKGROUND_ALPHA:
	case PANGO_ATTR_ALLOW_BREAKS:
	case PANGO_ATTR_SHOW:
	case PANGO_ATTR_INSERT_HYPHENS:
	case PANGO_ATTR_OVERLINE:
		key_put(key, &((PangoAttrInt *)a)->value, sizeof(int));
		break;
	case PANGO_ATTR_SIZE:
	case PANGO_ATTR_ABSOLUTE_SIZE: {
		const PangoAttrSize *sz = (const PangoAttrSize *)a;
		int v[2] = { sz->size, (int)sz->absolute };

		key_put(key, v, sizeof v);
		break;
	}
	case PANGO_ATTR_FOREGROUND:
	case PANGO_ATTR_BACKGROUND:
	case PANGO_ATTR_UNDERLINE_COLOR:
	case PANGO_ATTR_STRIKETHROUGH_COLOR:
	case PANGO_ATTR_OVERLINE_COLOR: {
		const PangoColor *c = &((PangoAttrColor *)a)->color;
		guint16 v[3] = { c->red, c->green, c->blue };

		key_put(key, v, sizeof v);
		break;
	}
	case PANGO_ATTR_SCALE:
		key_put(key, &((PangoAttrFloat *)a)->value, sizeof(double));
		break;
	case PANGO_ATTR_FONT_DESC:
		key_font(key, ((PangoAttrFontDesc *)a)->desc);
		break;
	case PANGO_ATTR_SHAPE:
		/* an inline image's box (the image is the flat's) */
		key_put(key, &((PangoAttrShape *)a)->logical_rect,
		    sizeof(PangoRectangle));
		break;
	default:
		kw->unknown = true;
		break;
	}
	return FALSE;
}

/* FNV-1a: the key is hashed once, when it is made. */
static guint
key_hash(const char *s, gsize len)
{
	guint32 h = 2166136261u;

	for (gsize i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Looks pk up in in's paragraphs (env's own or its helper's), and marks
 * it used by env's pass. A helper's are under its lock: the main walk
 * reads them while the helper sets more. */
static bool
find_para(struct layout_env *env, struct layout_env *in,
    const struct para_key *pk, struct typo_para **tp)
{
	struct para_key *found;
	bool hit;

	if (in->speculative)
		g_mutex_lock(&in->paras_lock);
	hit = g_hash_table_lookup_extended(in->paras, pk, (gpointer *)&found,
	    (gpointer *)tp);
	if (hit)
		found->gen = env->gen;
	if (in->speculative)
		g_mutex_unlock(&in->paras_lock);
	return hit;
}

static enum style_role
role_of(enum font_role r)
{
	return r == F_HEADING ? SR_HEADING : r == F_CODE ? SR_CODE : SR_BODY;
}

/*
 * A Chinese passage whose variant is not the paragraph's (a zh-TW
 * quotation in a zh-CN book) takes its variant's face for the
 * paragraph's role: the language tag alone would give its glyph forms
 * from the paragraph's face, through locl, but not its punctuation
 * positions in every face, nor its name in the PDF. Added before the
 * paragraph's own attributes, so inline code's family still wins.
 */
static void
passage_faces(const struct layout_env *env, PangoAttrList *al,
    PangoAttrList *own, enum font_role role, const char *lang)
{
	GSList *l = pango_attr_list_get_attributes(own);
	enum zh_variant pv = l10n_zh_variant(lang);

	for (GSList *i = l; i; i = i->next) {
		PangoAttribute *a = i->data, *fa;
		const char *tag;

		if (a->klass->type == PANGO_ATTR_LANGUAGE) {
			tag = pango_language_to_string(
			    ((PangoAttrLanguage *)a)->value);
			if (l10n_is_zh(tag) && l10n_zh_variant(tag) != pv) {
				fa = pango_attr_family_new(style_font(env->st,
				    role_of(role), l10n_zh_variant(tag)));
				fa->start_index = a->start_index;
				fa->end_index = a->end_index;
				pango_attr_list_insert(al, fa);
			}
		}
		pango_attribute_destroy(a);
	}
	g_slist_free(l);
}

struct typo_para *
set_para(struct layout_env *env, struct layout *lay, struct flat *f,
    const struct para_opts *po)
{
	struct typo_opts to = { 0 };
	struct typo_para *tp = NULL;
	struct para_key *pk;
	struct key_walk kw;
	GString *key;
	int ints[6], *links;
	gsize nspans, nlinks;

	to.em = env->m.em;
	to.width = (int)(po->width * PS);
	to.indent = (int)(po->indent * PS);
	to.line_pitch = po->pitch * PS;
	to.align = po->align;
	to.strict = strcmp(env->st->line_break, "strict") == 0;
	to.set_twice = env->set_twice;
	to.lang = po->lang ? po->lang : env->lang;
	/* A heading, caption or cell in another Chinese variant than the
	 * book's (a zh-TW chapter in a zh-CN book) is set in its own;
	 * other languages there keep the book's setting. */
	if (!po->lang && f->lang && l10n_is_zh(f->lang) &&
	    l10n_zh_variant(f->lang) != l10n_zh_variant(env->lang))
		to.lang = f->lang;
	/*
	 * The cache key: every input of typo_para_new, in binary (printing
	 * it cost more than a cache hit saves). The attributes are written
	 * as what makes them (font role, size, weight, colour, the flat's
	 * own list), so a hit builds no attribute list.
	 */
	key = g_string_sized_new(sizeof *pk + f->text->len + 256);
	g_string_set_size(key, sizeof *pk);
	key_put(key, &to.em, sizeof to.em);
	key_put(key, &to.line_pitch, sizeof to.line_pitch);
	key_put(key, &po->size, sizeof po->size);
	ints[0] = to.width;
	ints[1] = to.indent;
	ints[2] = (int)to.align;
	ints[3] = (int)to.strict;
	ints[4] = (int)po->font;
	ints[5] = (int)po->bold;
	key_put(key, ints, sizeof ints);
	key_str(key, to.lang);
	key_str(key, po->color);
	nspans = f->spans->len;
	key_put(key, &nspans, sizeof nspans);
	key_put(key, f->spans->data, nspans * sizeof(struct typo_span));
	/* the link spans: the paragraph keeps where they fall */
	/* the inline images' characters after them, likewise */
	nlinks = f->links->len + f->images->len;
	links = g_new(int, 2 * nlinks + 1);
	for (gsize k = 0; k < f->links->len; k++) {
		const struct flat_link *fl = &g_array_index(f->links,
		    struct flat_link, k);

		links[2 * k] = fl->s;
		links[2 * k + 1] = fl->e;
	}
	for (gsize k = f->links->len; k < nlinks; k++) {
		const struct flat_image *fi = &g_array_index(f->images,
		    struct flat_image, k - f->links->len);

		links[2 * k] = fi->at;
		links[2 * k + 1] = fi->at + 3;  /* U+FFFC */
	}
	key_put(key, &nlinks, sizeof nlinks);
	key_put(key, links, 2 * nlinks * sizeof(int));
	kw.key = key;
	kw.unknown = false;
	pango_attr_list_filter(f->attrs, key_attr, &kw);
	if (kw.unknown) {
		char *attrs = pango_attr_list_to_string(f->attrs);

		key_str(key, attrs);
		g_free(attrs);
	}
	key_put(key, f->text->str, f->text->len);
	pk = (struct para_key *)(void *)key->str;
	pk->len = key->len - sizeof *pk;
	pk->hash = key_hash(pk->data, pk->len);
	pk->gen = env->gen;
	if (find_para(env, env, pk, &tp) ||
	    (env->helper_ready && find_para(env, env->helper, pk, &tp))) {
		g_string_free(key, TRUE);
	} else {
		PangoFontDescription *fd = pango_font_description_copy(
		    env->fonts[po->font]);
		PangoAttrList *al = pango_attr_list_new();
		PangoAttribute *a;

		pango_font_description_set_family(fd, style_font(env->st,
		    role_of(po->font), l10n_zh_variant(to.lang)));
		if (po->size > 0)
			pango_font_description_set_size(fd,
			    (int)(po->size * PS));
		if (po->bold)
			pango_font_description_set_weight(fd,
			    PANGO_WEIGHT_BOLD);
		a = pango_attr_font_desc_new(fd);
		a->start_index = 0;
		a->end_index = G_MAXUINT;
		pango_attr_list_insert(al, a);
		pango_font_description_free(fd);
		if (po->color) {
			PangoColor c;

			if (pango_color_parse(&c, po->color)) {
				a = pango_attr_foreground_new(c.red, c.green,
				    c.blue);
				pango_attr_list_insert(al, a);
			}
		}
		passage_faces(env, al, f->attrs, po->font, to.lang);
		/* The paragraph's own attributes come after, so they win. */
		pango_attr_list_splice(al, f->attrs, 0, 0);
		tp = typo_para_new(env->ctx, f->text->str, (int)f->text->len,
		    al, (const struct typo_span *)(void *)f->spans->data,
		    (int)f->spans->len, links, (int)nlinks, &to);
		pango_attr_list_unref(al);
		/* a copy of the key's size: a GString holds up to twice that */
		if (env->speculative)
			g_mutex_lock(&env->paras_lock);
		g_hash_table_insert(env->paras, g_memdup2(key->str, key->len),
		    tp);
		if (env->speculative)
			g_mutex_unlock(&env->paras_lock);
		g_string_free(key, TRUE);
	}
	g_free(links);
	return tp;
}

/* The text node (and byte offset in it) a line starts at: the line's
 * first layout index mapped back to the flattened text, then to the text
 * node that put it there. Generated text (labels, quotes) has none. */
static void
line_source(struct lbox *b, const struct typo_para *tp, const struct flat *f,
    int layout_index)
{
	int orig = typo_para_orig(tp, layout_index);
	int lo = 0, hi = (int)f->segs->len - 1, len;
	const struct flat_seg *sg;

	if (hi < 0)
		return;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (g_array_index(f->segs, struct flat_seg, mid).at <= orig)
			lo = mid;
		else
			hi = mid - 1;
	}
	sg = &g_array_index(f->segs, struct flat_seg, lo);
	if (sg->at > orig)
		return;
	len = sg->len;
	b->src = sg->text;
	b->src_off = MIN(orig - sg->at, len);
	/* Never inside a UTF-8 sequence. */
	while (b->src_off > 0 && (sg->text->text[b->src_off] & 0xc0) == 0x80)
		b->src_off--;
}

/*
 * An inline image that landed on line b (x its place, from the
 * paragraph's left), its bottom on the baseline. An image taller than
 * the room above the baseline makes its line taller by whole line
 * pitches, so the baseline grid holds and the image never reaches into
 * the line before.
 */
static void
line_image(struct lbox *b, const struct flat *f, const struct typo_xrange *x,
    const struct typo_line *line, double size, double pitch)
{
	const struct flat_image *fi = &g_array_index(f->images,
	    struct flat_image, x->link - (int)f->links->len);
	struct layout_image li = fi->li;
	double room = b->baseline - size * 0.1;

	li.x = x->x0 / PS - line->x / PS;
	if (li.h > room) {
		double more = layout_ceil_to(li.h - room, b->h);

		b->h += more;
		b->baseline += more;
	}
	/* A formula's depth likewise, below: it may reach down to where
	 * the next line's glyphs begin. */
	if (li.math) {
		double below = b->h - b->baseline;
		double allowed = below + layout_baseline_in(pitch, size) - size;

		if (li.math->desc > allowed)
			b->h += layout_ceil_to(li.math->desc - allowed, pitch);
	}
	if (b->images == NULL)
		b->images = g_array_new(FALSE, FALSE,
		    sizeof(struct layout_image));
	g_array_append_val(b->images, li);
}

/* The whole text of a link, for the annotation of each of its lines. */
static const char *
link_text(struct layout_env *env, const struct flat *f,
    const struct flat_link *fl)
{
	char *t = g_strndup(f->text->str + fl->s, fl->e - fl->s);
	const char *r = layout_intern(env, g_strstrip(t));

	g_free(t);
	return r;
}

/*
 * A display formula's line: as many whole pitches as the formula and a
 * quarter em above and below it need, the formula centred in them. Lines
 * stay on the page's grid, and a display takes its own lines, as Chinese
 * books set formulas; line_image grew the line a pitch on the side the
 * formula passed, which left a pitch blank on the other.
 */
static void
display_line(struct lbox *b, double size, double pitch)
{
	double asc = 0, desc = 0;

	for (guint i = 0; i < b->images->len; i++) {
		const struct layout_image *li = &g_array_index(b->images,
		    struct layout_image, i);

		asc = MAX(asc, li->h);
		desc = MAX(desc, li->math ? li->math->desc : 0);
	}
	b->h = pitch * MAX(1, ceil((asc + desc + size / 2) / pitch - 0.01));
	b->baseline = (b->h - asc - desc) / 2 + asc;
}

/* Turns a typeset paragraph into line boxes appended to arr (through the
 * pending attachments when arr is the body), with its links, anchors and
 * footnote references, and widow/orphan keeps. Returns the box count. */
guint
emit_lines(struct layout_env *env, GArray *arr, struct typo_para *tp,
    const struct flat *f, const struct para_opts *po, double size,
    bool body, unsigned extra_flags)
{
	int nlines = tp->nlines;
	guint first = arr->len;
	/* Marks in layout indices, mapped once: marks are added as they
	 * open, so they come in text order and each line starts where the
	 * previous one stopped (a paragraph with thousands of xrefs stays
	 * linear). Links were placed on the lines when it was set (tp->xr),
	 * in the same order. */
	guint nm = f->marks->len, mk0 = 0;
	guint nt = f->tabs->len, tk = 0;
	int *mat = g_new(int, nm + 1), xk = 0;
	struct layout_span *tabs = g_new(struct layout_span, nt + 1);

	for (guint k = 0; k < nm; k++)
		mat[k] = typo_para_index(tp, g_array_index(f->marks,
		    struct flat_mark, k).at);
	for (guint k = 0; k < nt; k++) {
		const struct layout_span *t = &g_array_index(f->tabs,
		    struct layout_span, k);

		tabs[k].s = typo_para_index(tp, t->s);
		tabs[k].e = typo_para_index(tp, t->e);
	}

	for (int i = 0; i < nlines; i++) {
		const struct typo_line *line = tp->lines[i];
		struct lbox b = { .kind = LB_LINE };
		int ls = line->start, le = ls + line->length;
		struct lbox *pb;

		b.line = line;
		b.x = po->x + line->x / PS;
		b.w = line->width / PS;
		b.h = po->pitch;
		b.baseline = layout_baseline_in(po->pitch, size);
		b.flags = extra_flags;
		b.block = po->block ? po->block : 'o';
		b.level = po->level;
		b.sp = po->sp;
		line_source(&b, tp, f, ls);
		b.align = po->align;
		b.right = po->x + po->width;
		if (i == 0)
			b.flags |= LBF_PARA_FIRST;
		if (i == nlines - 1)
			b.flags |= LBF_PARA_LAST;
		if (nlines >= 2 && (i == 0 || i == nlines - 2))
			b.flags |= LBF_KEEP_NEXT;   /* no orphans, no widows */
		if (i + 1 < nlines) {
			const struct typo_line *next = tp->lines[i + 1];

			if (f->verbatim && !next->para_start)
				b.flags |= LBF_CONTINUED;
			if (next->para_start)
				b.flags |= LBF_PARA_LAST;
		}
		for (; xk < tp->nxr && tp->xr[xk].line == i; xk++) {
			const struct typo_xrange *x = &tp->xr[xk];
			const struct flat_link *fl;
			struct layout_link ll;

			if (x->link >= (int)f->links->len) {
				line_image(&b, f, x, line, size, po->pitch);
				continue;
			}
			fl = &g_array_index(f->links, struct flat_link,
			    x->link);
			ll.x = x->x0 / PS - line->x / PS;
			ll.w = (x->x1 - x->x0) / PS;
			ll.uri = fl->uri;
			ll.dest = fl->dest;
			ll.text = link_text(env, f, fl);
			if (b.links == NULL)
				b.links = g_array_new(FALSE, FALSE,
				    sizeof(struct layout_link));
			g_array_append_val(b.links, ll);
		}
		if (po->display && b.images)
			display_line(&b, size, po->pitch);
		while (mk0 < nm && mat[mk0] < ls)
			mk0++;
		for (guint k = mk0; k < nm && mat[k] <= le; k++) {
			const struct flat_mark *mk = &g_array_index(f->marks,
			    struct flat_mark, k);
			int at = mat[k];

			if (at < ls || (at >= le && !(i == nlines - 1 &&
			    at == le)))
				continue;
			if (mk->dest)
				layout_add_dest(&b, mk->dest);
			if (mk->fn >= 0) {
				if (b.fns == NULL)
					b.fns = g_array_new(FALSE, FALSE,
					    sizeof(int));
				g_array_append_val(b.fns, mk->fn);
			}
		}
		/* A tab goes with the line it starts on; spaces of it that
		 * wrap to the next line stay spaces. */
		while (tk < nt && tabs[tk].s < ls)
			tk++;
		for (; tk < nt && tabs[tk].s < le; tk++) {
			struct layout_span t = { tabs[tk].s,
			    MIN(tabs[tk].e, le) };

			if (b.tabs == NULL)
				b.tabs = g_array_new(FALSE, FALSE,
				    sizeof(struct layout_span));
			g_array_append_val(b.tabs, t);
		}
		if (body)
			pb = layout_push_to(env, arr, &b);
		else {
			g_array_append_val(arr, b);
			pb = &g_array_index(arr, struct lbox, arr->len - 1);
		}
		if (i == 0 && body && env->pending_marker) {
			struct flat mf;
			struct para_opts mo = *po;
			struct typo_para *mp;

			flat_init(&mf, false);
			g_string_append(mf.text, env->pending_marker);
			if (env->pending_marker_bullet) {
				/* The CJK bullet is a full em: shrink it and
				 * lift it to the middle of the em box. */
				flat_attr(&mf, pango_attr_scale_new(0.4), 0,
				    (int)mf.text->len);
				flat_attr(&mf, pango_attr_rise_new((int)(
				    env->m.em * 0.22 * PS)), 0,
				    (int)mf.text->len);
			}
			mo.width = 0;
			mo.indent = 0;
			mo.align = TYPO_LEFT;
			mo.width = env->m.measure;
			mp = set_para(env, env->lay, &mf, &mo);
			pb->marker = mp->lines[0];
			pb->marker_x = env->pending_marker_x;
			pb->flags |= LBF_LABEL;
			env->pending_marker = NULL;
			flat_done(&mf);
		}
	}
	g_free(mat);
	g_free(tabs);
	return arr->len - first;
}

/* Sets a flattened paragraph as one paragraph of the body, and frees it. */
void
para_flat(struct layout_env *env, struct flat *f,
    const struct para_opts *po, unsigned extra_flags)
{
	double size = po->size > 0 ? po->size :
	    pango_font_description_get_size(env->fonts[po->font]) / PS;
	struct typo_para *tp = set_para(env, env->lay, f, po);

	emit_lines(env, env->lay->boxes, tp, f, po, size, true, extra_flags);
	flat_done(f);
}

/* Flattens root's inline content and sets it as one paragraph of the
 * body. */
void
para_node(struct layout_env *env, const struct node *root,
    const struct para_opts *po, unsigned extra_flags)
{
	struct flat f;

	flat_init(&f, false);
	f.image_max = po->width;
	layout_flatten(env, root, &f);
	para_flat(env, &f, po, extra_flags);
}

void
para_text(struct layout_env *env, const char *text,
    const struct para_opts *po, unsigned extra_flags)
{
	struct flat f;

	flat_init(&f, false);
	g_string_append(f.text, text);
	para_flat(env, &f, po, extra_flags);
}

struct para_opts
body_opts(const struct layout_env *env, const struct frame *fr)
{
	struct para_opts po = { 0 };

	po.font = F_BODY;
	po.x = fr->left;
	po.width = env->m.measure - fr->left - fr->right;
	po.pitch = env->m.pitch;
	po.align = TYPO_JUSTIFY;
	po.block = 'p';
	po.sp = fr->sp;
	return po;
}
