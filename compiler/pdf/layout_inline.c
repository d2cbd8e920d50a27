/*
 * Inline content (see layout_int.h): a paragraph-like node flattened into
 * one string with Pango attributes, typo spans, links and marks (struct
 * flat): emphasis, code, quotes, sub- and superscripts, links and the
 * footnotes print styles give their URLs, footnote numbers, index terms'
 * anchors, and xrefs, which in print styles name their target's page as
 * far as the pass knows it (what each printed is kept for
 * layout_xrefs_settle). It never sets type and appends no box itself:
 * layout_para.c does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "index.h"
#include "l10n.h"
#include "mathml.h"
#include "layout_int.h"

/* ---- flattening ------------------------------------------------------- */

void
flat_init(struct flat *f, bool verbatim)
{
	memset(f, 0, sizeof *f);
	f->text = g_string_new(NULL);
	f->attrs = pango_attr_list_new();
	f->spans = g_array_new(FALSE, FALSE, sizeof(struct typo_span));
	f->links = g_array_new(FALSE, FALSE, sizeof(struct flat_link));
	f->marks = g_array_new(FALSE, FALSE, sizeof(struct flat_mark));
	f->segs = g_array_new(FALSE, FALSE, sizeof(struct flat_seg));
	f->tabs = g_array_new(FALSE, FALSE, sizeof(struct layout_span));
	f->images = g_array_new(FALSE, FALSE, sizeof(struct flat_image));
	f->verbatim = verbatim;
}

void
flat_done(struct flat *f)
{
	g_string_free(f->text, TRUE);
	pango_attr_list_unref(f->attrs);
	g_array_free(f->spans, TRUE);
	g_array_free(f->links, TRUE);
	g_array_free(f->marks, TRUE);
	g_array_free(f->segs, TRUE);
	g_array_free(f->tabs, TRUE);
	g_array_free(f->images, TRUE);
}

void
flat_attr(struct flat *f, PangoAttribute *a, int s, int e)
{
	a->start_index = s;
	a->end_index = e;
	pango_attr_list_insert(f->attrs, a);
}

void
flat_span(struct flat *f, int s, int e, unsigned flags)
{
	struct typo_span sp = { .start = s, .end = e, .flags = flags };

	if (e > s)
		g_array_append_val(f->spans, sp);
}

void
flat_color(struct flat *f, const char *hex, int s, int e)
{
	PangoColor c;

	if (pango_color_parse(&c, hex))
		flat_attr(f, pango_attr_foreground_new(c.red, c.green, c.blue),
		    s, e);
}

/* Appends text; verbatim text has its tabs expanded to 8 columns, and
 * remembers where they were (the device puts them back in the PDF's
 * text). */
static void
flat_text(struct flat *f, const char *s)
{
	if (!f->verbatim) {
		g_string_append(f->text, s);
		return;
	}
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (c == '\t') {
			struct layout_span t = { (int)f->text->len, 0 };

			do {
				g_string_append_c(f->text, ' ');
				f->col++;
			} while (f->col % 8);
			t.e = (int)f->text->len;
			g_array_append_val(f->tabs, t);
		} else if (c == '\n') {
			g_string_append_c(f->text, '\n');
			f->col = 0;
		} else {
			g_string_append_unichar(f->text, c);
			f->col += g_unichar_iswide(c) ? 2 : 1;
		}
	}
}

/*
 * An inline image: one object character U+FFFC shaped to the image's
 * size (Pango's shape attribute), so that line breaking and
 * justification take it as one unbreakable box; its logical extents sit
 * on the baseline (no descent), and emit_lines finds where each landed.
 * An image that cannot be drawn leaves its alternative text (or file
 * name) in its place; image.c has warned.
 */
static void
flat_image(struct layout_env *env, struct flat *f, const struct node *n)
{
	struct flat_image fi;
	double max_w = f->image_max > 0 ? f->image_max : env->m.measure;
	PangoRectangle r;

	fi.at = (int)f->text->len;
	if (!layout_inline_image(env, n, max_w, &fi.li)) {
		char *alt = model_inline_media_alt(n);

		g_string_append(f->text, alt);
		g_free(alt);
		return;
	}
	g_string_append(f->text, "\uFFFC");
	r.x = 0;
	r.y = (int)(-fi.li.h * PS);
	r.width = (int)(fi.li.w * PS);
	r.height = (int)(fi.li.h * PS);
	flat_attr(f, pango_attr_shape_new(&r, &r), fi.at, (int)f->text->len);
	g_array_append_val(f->images, fi);
}

/* Whether media is the image of an inline formula that is laid out
 * (all MathML Core), and so is not drawn. */
static bool
formula_drawn(const struct node *media)
{
	const struct node *math = mathml_formula_of_image(media);

	return math && mathml_is_all_laid_out(math);
}

/* An untitled equation's number, "(3)", when math is its formula. */
static char *
equation_number(const struct node *math)
{
	const struct node *eq = math->parent ? math->parent->parent : NULL;

	if (model_equation_formula(eq) != math)
		return NULL;
	return g_strdup_printf("(%s)", eq->label);
}

/*
 * A formula: laid out once (formula.h) and set as an inline image is,
 * one unbreakable object character of its width, its extents about the
 * baseline; a long one as several, one for each piece. An untitled equation's box is the measure wide, its number at
 * the right. Without the math font its text stands in (pdf.c has said
 * which package to install).
 */
static void
flat_math(struct layout_env *env, struct flat *f, const struct node *n)
{
	struct math_box *mb = g_hash_table_lookup(env->maths, n);
	struct flat_image fi = { 0 };
	PangoRectangle r;

	if (mb == NULL && !env->math_tried) {
		env->math_tried = true;
		env->math_fonts = math_fonts_new(env->ctx, env->st->math_font,
		    style_font(env->st, SR_BODY, l10n_zh_variant(env->lang)),
		    env->st->line_pitch);
	}
	if (mb == NULL && env->math_fonts) {
		char *num = equation_number(n);

		mb = math_layout(env->math_fonts, n, env->st->body_size,
		    f->image_max > 0 ? f->image_max : env->m.measure, num,
		    env->st->text_color);
		g_free(num);
		g_hash_table_insert(env->maths, (gpointer)n, mb);
	}
	if (mb == NULL) {
		char *t = model_text(n);

		g_string_append(f->text, t);
		g_free(t);
		return;
	}
	/* A long formula's pieces (formula.h), each its own object
	 * character: the line may break between them. */
	for (; mb; mb = mb->next) {
		fi.at = (int)f->text->len;
		fi.li.w = mb->w;
		fi.li.h = mb->asc;
		fi.li.math = mb;
		fi.li.alt = mb->alt;
		g_string_append(f->text, "\uFFFC");
		r.x = 0;
		r.y = (int)(-mb->asc * PS);
		r.width = (int)(mb->w * PS);
		r.height = (int)((mb->asc + mb->desc) * PS);
		flat_attr(f, pango_attr_shape_new(&r, &r), fi.at,
		    (int)f->text->len);
		flat_span(f, fi.at, (int)f->text->len, TYPO_FORMULA);
		g_array_index(f->spans, struct typo_span, f->spans->len -
		    1).trim = (int)(mb->end_space * PS);
		g_array_append_val(f->images, fi);
	}
}

/* A footnote's number in the text: raised, small, kept with what it
 * marks, and invisible to the punctuation rules around it. */
static void
flat_fn_number(struct layout_env *env, struct flat *f, int number)
{
	char num[32];
	int s = (int)f->text->len;

	snprintf(num, sizeof num, "%d", number);
	g_string_append(f->text, num);
	flat_attr(f, pango_attr_rise_new((int)(env->m.em * 0.4 * PS)), s,
	    (int)f->text->len);
	flat_attr(f, pango_attr_scale_new(0.65), s, (int)f->text->len);
	flat_span(f, s, (int)f->text->len, TYPO_NOBREAK | TYPO_MARKER);
}

static void
flat_mark_fn(struct layout_env *env, struct flat *f, int fn, int number)
{
	char num[32];
	int s = (int)f->text->len;
	struct flat_mark mk = { s, NULL, fn };
	struct flat_link ln;

	flat_fn_number(env, f, number);
	g_array_append_val(f->marks, mk);
	ln.s = s;
	ln.e = (int)f->text->len;
	ln.uri = NULL;
	snprintf(num, sizeof num, "bookc-fn-%d", fn + 1);
	ln.dest = layout_intern(env, num);
	g_array_append_val(f->links, ln);
}

/* ---- inline content --------------------------------------------------- */

static bool
lang_latin(const char *lang)
{
	return lang && !l10n_is_zh(lang) && strncmp(lang, "ja", 2) != 0 &&
	    strncmp(lang, "ko", 2) != 0;
}

/* Whether a reader at page label a sees page b too: the same page, or
 * the other page of a two-sided spread (an even page and the next). */
static bool
same_spread(const struct layout_env *env, const char *a, const char *b)
{
	char *ea, *eb;
	long na, nb;

	if (strcmp(a, b) == 0)
		return true;
	if (!env->m.two_sided)
		return false;
	na = strtol(a, &ea, 10);
	nb = strtol(b, &eb, 10);
	if (*ea || *eb || ea == a || eb == b)
		return false;
	return MIN(na, nb) % 2 == 0 && labs(na - nb) == 1;
}

void
xref_use_free(gpointer p)
{
	struct xref_use *u = p;

	g_free(u->printed);
	g_free(u);
}

void
index_use_free(gpointer p)
{
	struct index_use *u = p;

	g_ptr_array_free(u->dests, TRUE);
	g_ptr_array_free(u->printed, TRUE);
	g_free(u);
}

/* Whether page labels a and b are as wide as each other when printed:
 * the same, or as many figures (set in figures of one width). */
bool
layout_same_width(const struct layout_env *env, const char *a, const char *b)
{
	size_t n = strlen(a);

	if (strcmp(a, b) == 0)
		return true;
	if (!env->even_digits || n == 0 || strlen(b) != n)
		return false;
	return strspn(a, "0123456789") == n && strspn(b, "0123456789") == n;
}

static bool
pending_dest(const struct layout_env *env, const char *dest)
{
	for (guint i = 0; i < env->pending_dests->len; i++)
		if (strcmp(env->pending_dests->pdata[i], dest) == 0)
			return true;
	return false;
}

/*
 * The label of the page dest is on, as far as this pass knows (sure set
 * when that cannot change): placed by the pager; else where the last
 * pass put it; on the first pass, laid out but waiting to be placed,
 * where the pager expects it; else NULL.
 */
const char *
layout_label_of(struct layout_env *env, const char *dest, bool *sure)
{
	const struct layout_pager *pg = &env->pager;
	const char *l;

	*sure = false;
	if (pg->label && (l = pg->label(pg->arg, dest)) != NULL) {
		*sure = true;
		return l;
	}
	if (env->pages)
		return g_hash_table_lookup(env->pages, dest);
	if (pg->label && pending_dest(env, dest))
		return pg->next(pg->arg, NULL, 0);
	if (pg->label && pg->waiting(pg->arg, dest))
		return pg->next(pg->arg, dest, 0);
	return NULL;
}

/* What an xref prints for the target's label and its own page's. */
static const char *
xref_printed(const struct layout_env *env, const char *label,
    const char *mine)
{
	if (label && mine && same_spread(env, mine, label))
		return "";
	return label ? label : "??";
}

/* Whether xref number serial printed a page number in the last pass,
 * that pass not being the first. */
static bool
xref_was_numbered(const struct layout_env *env, unsigned serial)
{
	return serial < env->numbered->len && env->numbered->data[serial];
}

/* What u would print in the next pass, its target and itself placed as
 * in this one (see xref_text). */
const char *
xref_next(const struct layout_env *env, const struct xref_use *u,
    const char *label, const char *mine)
{
	if (env->pass >= 2 && *u->printed && label)
		return label;
	return xref_printed(env, label, mine);
}

/* How far below the top of its paragraph f's text so far ends,
 * roughly: Han and other wide characters an em, the rest half of one,
 * after the first line's indent, in lines of the body's measure. The
 * sum goes on from where the last xref of the paragraph left it (a
 * paragraph of 10,000 xrefs took 6 s when each summed from the start). */
static double
offset_in_para(const struct layout_env *env, struct flat *f)
{
	double per_line = env->m.measure / env->m.em;

	if (f->wide_at > f->text->len) {
		f->wide_at = 0;
		f->wide_w = 0;
	}
	for (const char *p = f->text->str + f->wide_at; *p;
	    p = g_utf8_next_char(p))
		f->wide_w += g_unichar_iswide(g_utf8_get_char(p)) ? 1 : 0.5;
	f->wide_at = f->text->len;
	return (floor((2 + f->wide_w) / per_line) + 1) * env->m.pitch;
}

/*
 * An xref's text; in print styles with the target's page, unless the
 * target is in view (the xref's own page or spread: here names the
 * xref's position). What was printed goes into env->xrefs, so
 * layout_xrefs_settle can tell when nothing moved.
 */
static const char *
xref_text(struct layout_env *env, const struct node *t, const char *here,
    const char *start, struct flat *f, char **freeme)
{
	char *s = l10n_xref_text(t, env->st, env->lang);

	if (layout_is_print(env) && t->kind != N_FOOTNOTE) {
		const char *name = layout_dest_of(env, t);
		bool sure;
		const char *label = layout_label_of(env, name, &sure);
		const char *mine, *printed;
		struct xref_use *u = g_new(struct xref_use, 1);
		char *full, lbuf[24];

		/* (the pager's guesses share one buffer) */
		if (label) {
			g_strlcpy(lbuf, label, sizeof lbuf);
			label = lbuf;
		}

		if (label == NULL && env->pages == NULL)
			label = env->guess;
		/* Where the xref will be: as the last pass placed it; on the
		 * first, a guess from what waits to be placed before it. */
		mine = env->pages ? g_hash_table_lookup(env->pages, here) :
		    env->pager.next ? env->pager.next(env->pager.arg, NULL,
		    offset_in_para(env, f)) : NULL;
		printed = xref_printed(env, label, mine);
		/* Once a later pass has printed its page, an xref keeps it
		 * even if its target comes into view: leaving it out would
		 * shorten the paragraph, which could move the target away
		 * again, and the passes would never settle. From the third
		 * pass on, then, xrefs only ever gain page numbers. */
		if (*printed == '\0' && label &&
		    xref_was_numbered(env, env->xref_serial))
			printed = label;
		u->here = here;
		u->serial = env->xref_serial;
		u->start = start;
		u->target = name;
		u->printed = g_strdup(printed);
		g_ptr_array_add(env->xrefs, u);
		if (*printed == '\0') {
			*freeme = s;
			return s;
		}
		full = l10n_is_zh(env->lang) ?
		    g_strdup_printf("%s（第 %s %s）", s, printed,
		    l10n_text(env->lang, L_PAGE)) :
		    g_strdup_printf("%s (page %s)", s, printed);
		/* The number in figures of one width (the CJK faces' hwid:
		 * half an em each), so that a page number the next pass
		 * changes keeps its width when it keeps its digits, and its
		 * paragraph its lines. */
		if (f) {
			int at = (int)(f->text->len + strlen(s) +
			    (l10n_is_zh(env->lang) ? strlen("（第 ") :
			    strlen(" (page ")));

			flat_attr(f, pango_attr_font_features_new("hwid"),
			    at, at + (int)strlen(printed));
		}
		g_free(s);
		s = full;
	}
	*freeme = s;
	return s;
}

void
layout_flatten(struct layout_env *env, const struct node *root, struct flat *f)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(int));

	if (f->lang == NULL)
		f->lang = root->lang;
	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		int s, e;

		if (n == root)
			continue;
		if (ev == WALK_ENTER) {
			s = (int)f->text->len;
			if (n->id && n->kind != N_FOOTNOTE) {
				struct flat_mark mk = { s,
				    layout_dest_of(env, n), -1 };

				g_array_append_val(f->marks, mk);
			}
			switch (n->kind) {
			case N_TEXT: {
				struct flat_seg sg = { (int)f->text->len,
				    (int)strlen(n->text), n };

				g_array_append_val(f->segs, sg);
				flat_text(f, n->text);
				continue;
			}
			case N_FOOTNOTE:
				model_walk_skip(&w);
				if (f->toc_entry)
					continue;
				if (env->in_footnote) {
					char *t = model_text(n);

					g_string_append_printf(f->text,
					    "（%s）", t);
					g_free(t);
				} else {
					int num = layout_fn_number(env, n);

					flat_mark_fn(env, f, footnote_node(env,
					    n, num), num);
				}
				continue;
			case N_INDEXTERM:
				/* The place the index's page number points to. */
				if (env->index && g_hash_table_contains(
				    env->index->number, n)) {
					struct flat_mark mk = { s,
					    layout_dest_of(env, n), -1 };

					g_array_append_val(f->marks, mk);
				}
				model_walk_skip(&w);
				continue;
			case N_XREF: {
				char *fr;
				const char *t;
				struct flat_link ln;

				if (n->target == NULL)
					break;
				if (layout_is_print(env)) {
					/* where the xref is, for xref_text */
					char name[40];
					struct flat_mark mk = { s, NULL, -1 };

					if (f->start == NULL) {
						struct flat_mark m0 = { 0, NULL,
						    -1 };

						snprintf(name, sizeof name,
						    "bookc-para-%u",
						    ++env->para_serial);
						m0.dest = layout_intern(env,
						    name);
						g_array_prepend_val(f->marks,
						    m0);
						f->start = m0.dest;
					}
					snprintf(name, sizeof name,
					    "bookc-xref-%u", ++env->xref_serial);
					mk.dest = layout_intern(env, name);
					g_array_append_val(f->marks, mk);
					t = xref_text(env, n->target, mk.dest,
					    f->start, f, &fr);
				} else {
					t = xref_text(env, n->target, NULL,
					    NULL, f, &fr);
				}
				g_string_append(f->text, t);
				g_free(fr);
				ln.s = s;
				ln.e = (int)f->text->len;
				ln.uri = NULL;
				ln.dest = layout_dest_of(env, n->target);
				g_array_append_val(f->links, ln);
				flat_color(f, env->st->link_color, s, ln.e);
				break;
			}
			case N_INLINEMEDIA:
				/* An inline formula's image stands in for
				 * MathML that is not all Core, else is not
				 * drawn (as a display formula's). */
				if (!formula_drawn(n))
					flat_image(env, f, n);
				model_walk_skip(&w);
				continue;
			case N_MATH:
				if (mathml_is_all_laid_out(n) ||
				    mathml_image_of(n) == NULL)
					flat_math(env, f, n);
				model_walk_skip(&w);
				continue;
			case N_FOOTNOTEREF:
				if (n->target && n->target->kind == N_FOOTNOTE &&
				    !f->toc_entry)
					flat_fn_number(env, f,
					    layout_fn_number(env, n->target));
				break;
			case N_PHRASE:
				/* an sbr: a forced line break (typo.c) */
				if (model_is_break(n))
					g_string_append(f->text, f->toc_entry ?
					    " " : "\u2028");
				break;
			case N_QUOTE:
				g_string_append(f->text, l10n_text(n->lang ?
				    n->lang : env->lang, f->quote_depth % 2 ?
				    L_QUOTE2_OPEN : L_QUOTE_OPEN));
				f->quote_depth++;
				break;
			default:
				break;
			}
			g_array_append_val(starts, s);
			continue;
		}
		/* WALK_EXIT */
		if (starts->len == 0)
			continue;
		s = g_array_index(starts, int, starts->len - 1);
		g_array_set_size(starts, starts->len - 1);
		e = (int)f->text->len;
		if (n->lang && root->lang && strcmp(n->lang, root->lang) != 0) {
			flat_attr(f, pango_attr_language_new(
			    pango_language_from_string(n->lang)), s, e);
			flat_span(f, s, e, lang_latin(n->lang) ? TYPO_LATIN :
			    TYPO_CJKLANG | (l10n_zh_variant(n->lang) != ZH_SC ?
			    TYPO_CENTRED : l10n_is_zh(n->lang) ? TYPO_LEFTMARKS :
			    0));
		}
		switch (n->kind) {
		case N_EMPHASIS: {
			const char *role = model_attr(n, "role");

			if (role == NULL && lang_latin(n->lang))
				flat_attr(f, pango_attr_style_new(
				    PANGO_STYLE_ITALIC), s, e);
			else
				flat_attr(f, pango_attr_weight_new(
				    PANGO_WEIGHT_BOLD), s, e);
			break;
		}
		case N_CODE:
		case N_REPLACEABLE:
			flat_attr(f, pango_attr_family_new(style_font(env->st,
			    SR_CODE, l10n_zh_variant(n->lang ? n->lang :
			    env->lang))), s, e);
			flat_span(f, s, e, strcmp(n->name, "uri") == 0 ||
			    strcmp(n->name, "email") == 0 ? TYPO_URL :
			    TYPO_CODE);
			if (n->kind == N_REPLACEABLE && lang_latin(n->lang))
				flat_attr(f, pango_attr_style_new(
				    PANGO_STYLE_ITALIC), s, e);
			if (f->verbatim)
				listing_phrase(env, f, n, s, e);
			break;
		case N_LINK: {
			const char *href = model_attr(n, "href");
			struct flat_link ln = { s, e, NULL, NULL };
			char *t;

			if (href) {
				ln.uri = layout_intern(env, href);
			} else if (n->target) {
				ln.dest = layout_dest_of(env, n->target);
			}
			if (e == s && href) {
				/* an empty link prints its URL */
				g_string_append(f->text, href);
				e = ln.e = (int)f->text->len;
			}
			if (ln.uri || ln.dest) {
				g_array_append_val(f->links, ln);
				flat_color(f, env->st->link_color, s, e);
			}
			if (href == NULL)
				break;
			t = g_strndup(f->text->str + s, e - s);
			if (strcmp(t, href) == 0 || (strncmp(href, "mailto:",
			    7) == 0 && strcmp(t, href + 7) == 0))
				flat_span(f, s, e, TYPO_URL);
			else if (layout_is_print(env) && !env->in_footnote &&
			    !g_hash_table_contains(env->urls_seen, href)) {
				int num = ++env->fn_count;

				g_hash_table_add(env->urls_seen, g_strdup(href));
				flat_mark_fn(env, f, footnote_url(env, href,
				    num), num);
			}
			g_free(t);
			break;
		}
		case N_QUOTE:
			f->quote_depth--;
			g_string_append(f->text, l10n_text(n->lang ? n->lang :
			    env->lang, f->quote_depth % 2 ? L_QUOTE2_CLOSE :
			    L_QUOTE_CLOSE));
			break;
		case N_SUPERSCRIPT:
			flat_attr(f, pango_attr_rise_new((int)(env->m.em * 0.35 *
			    PS)), s, e);
			flat_attr(f, pango_attr_scale_new(0.7), s, e);
			break;
		case N_SUBSCRIPT:
			flat_attr(f, pango_attr_rise_new((int)(-env->m.em *
			    0.15 * PS)), s, e);
			flat_attr(f, pango_attr_scale_new(0.7), s, e);
			break;
		default:
			break;
		}
	}
	g_array_free(starts, TRUE);
}

/* A heading's text: its label and an ideographic space, when it has one,
 * then its title's inline content. */
void
flat_label_title(struct layout_env *env, struct flat *f, const char *label,
    const struct node *title)
{
	if (label) {
		g_string_append(f->text, label);
		g_string_append(f->text, "\u3000");
	}
	if (title)
		layout_flatten(env, title, f);
}
