/*
 * Embedded fonts: the style's body, heading and code faces (and the body's
 * bold for emphasis) found through bookc's fontconfig, the characters the
 * XHTML draws in each collected while it is written, and HarfBuzz subsets
 * holding exactly those characters, with the OpenType features Chinese
 * layout needs (halt, vhal, palt, vpal, fwid, locl, vert, kern) kept, and
 * pwid, which draws the Western curly quotes (quote.c, span.wq).
 * A character a face lacks (Š in a contributor's name: Noto CJK has no
 * Latin Extended-A) goes to a fallback font found the way the PDF finds
 * one (fontconfig's sorted list for the face's family), embedded as a
 * subset of its own under a family of its own ("bookc-serif-2"), so the
 * reader never needs a font of its own for it.
 * The faces are the book's language's (SC, TC or HK: l10n_zh_variant);
 * a Chinese passage of another variant (a zh-TW quotation in a zh-CN
 * book) is drawn in subsets of that variant's faces, families of their
 * own ("bookc-serif-tc"), opened when first needed.
 */
#include <stdio.h>
#include <string.h>

#include <hb.h>
#include <hb-subset.h>

#include "epub.h"
#include "l10n.h"
#include "text.h"

struct face_def {
	const char *css_family;
	const char *css_weight;
	const char *file;
	int fc_weight;
};

static const struct face_def defs[FACE__COUNT] = {
	[FACE_SERIF] = { "bookc-serif", "normal", "fonts/serif.otf",
	    FC_WEIGHT_REGULAR },
	[FACE_SERIF_BOLD] = { "bookc-serif", "bold", "fonts/serif-bold.otf",
	    FC_WEIGHT_BOLD },
	[FACE_SANS] = { "bookc-sans", "bold", "fonts/sans-bold.otf",
	    FC_WEIGHT_BOLD },
	[FACE_MONO] = { "bookc-mono", "normal", "fonts/mono.otf",
	    FC_WEIGHT_REGULAR },
};

#define FALLBACKS 4      /* fallback fonts per face, at the most */

struct face {
	char *family;
	char *file;             /* where it was found, and its index there */
	int index;
	hb_face_t *face;        /* NULL: not installed */
	hb_font_t *font;
	hb_set_t *used;
	hb_set_t *missing;      /* reported once each */
	hb_set_t *elsewhere;    /* drawn by a fallback */
	struct face *fallback[FALLBACKS];
	int nfallback;
};

struct epub_fonts {
	struct face faces[ZH__COUNT][FACE__COUNT];
	bool opened[ZH__COUNT];
	int book;               /* the book's variant */
	const struct style *st;
	FcConfig *cfg;
	bool pwid;              /* keep pwid (epub_fonts_keep_pwid) */
};

static bool
family_matches(FcPattern *p, const char *family)
{
	FcChar8 *f;

	for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &f) ==
	    FcResultMatch; i++)
		if (g_ascii_strcasecmp((const char *)f, family) == 0)
			return true;
	return false;
}

static const char *const fc_langs[ZH__COUNT] = { "zh-cn", "zh-tw", "zh-hk" };
static const char *const suffix[ZH__COUNT] = { "-sc", "-tc", "-hk" };

/* The pattern bookc asks fontconfig with: family at weight, for Chinese
 * text of variant v, with the configuration's substitutions. */
static FcPattern *
face_pattern(FcConfig *cfg, const char *family, int weight, int v)
{
	FcPattern *pat = FcPatternCreate();

	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT, weight);
	FcPatternAddString(pat, FC_LANG, (const FcChar8 *)fc_langs[v]);
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	return pat;
}

/* The file and face index a matched pattern names. */
static bool
pattern_file(FcPattern *m, char **file, int *index)
{
	FcChar8 *f;

	if (FcPatternGetString(m, FC_FILE, 0, &f) != FcResultMatch)
		return false;
	*file = g_strdup((const char *)f);
	if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
		*index = 0;
	return true;
}

/* The file and face index of family at weight, or false. */
static bool
find_face(FcConfig *cfg, const char *family, int weight, int v,
    char **file, int *index)
{
	FcPattern *pat = face_pattern(cfg, family, weight, v), *m;
	FcResult res;
	bool ok;

	m = FcFontMatch(cfg, pat, &res);
	ok = m && family_matches(m, family) && pattern_file(m, file, index);
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
	return ok;
}

/* The first font of fontconfig's sorted list for family at weight that
 * has c: the one Pango falls back to in the PDF. */
static bool
find_cover(FcConfig *cfg, const char *family, int weight, int v,
    gunichar c, char **file, int *index)
{
	FcPattern *pat = face_pattern(cfg, family, weight, v);
	FcFontSet *fs;
	FcResult res;
	bool ok = false;

	fs = FcFontSort(cfg, pat, FcTrue, NULL, &res);
	for (int i = 0; fs && i < fs->nfont && !ok; i++) {
		FcPattern *m = FcFontRenderPrepare(cfg, pat, fs->fonts[i]);
		FcCharSet *cs;
		FcBool scalable = FcFalse;

		ok = m && FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) ==
		    FcResultMatch && FcCharSetHasChar(cs, c) &&
		    FcPatternGetBool(m, FC_SCALABLE, 0, &scalable) ==
		    FcResultMatch && scalable && pattern_file(m, file, index);
		if (m)
			FcPatternDestroy(m);
	}
	if (fs)
		FcFontSetDestroy(fs);
	FcPatternDestroy(pat);
	return ok;
}

/* Opens file (face index) into fc; false when it cannot be read, or
 * when file is NULL (a face not installed: fc then draws nothing). */
static bool
face_open(struct face *fc, const char *family, const char *file, int index)
{
	hb_blob_t *blob = file ? hb_blob_create_from_file_or_fail(file) : NULL;

	fc->family = g_strdup(family);
	fc->used = hb_set_create();
	fc->missing = hb_set_create();
	fc->elsewhere = hb_set_create();
	if (blob == NULL)
		return false;
	fc->file = g_strdup(file);
	fc->index = index;
	fc->face = hb_face_create(blob, (unsigned)index);
	fc->font = hb_font_create(fc->face);
	hb_blob_destroy(blob);
	return true;
}

static void
face_close(struct face *fc)
{
	for (int i = 0; i < fc->nfallback; i++) {
		face_close(fc->fallback[i]);
		g_free(fc->fallback[i]);
	}
	g_free(fc->family);
	g_free(fc->file);
	if (fc->font)
		hb_font_destroy(fc->font);
	if (fc->face)
		hb_face_destroy(fc->face);
	hb_set_destroy(fc->used);
	hb_set_destroy(fc->missing);
	hb_set_destroy(fc->elsewhere);
}

/* The fallback of fc (face number i) that draws c, opened when first
 * needed; NULL when no installed font has c. */
static struct face *
fallback_for(struct epub_fonts *f, struct face *fc, int v, int i,
    gunichar c)
{
	struct face *fb;
	char *file = NULL;
	int index = 0;
	hb_codepoint_t g;

	for (int k = 0; k < fc->nfallback; k++)
		if (hb_font_get_nominal_glyph(fc->fallback[k]->font, c, &g))
			return fc->fallback[k];
	if (f->cfg == NULL || fc->nfallback == FALLBACKS ||
	    !find_cover(f->cfg, fc->family, defs[i].fc_weight, v, c, &file,
	    &index))
		return NULL;
	fb = g_new0(struct face, 1);
	if (!face_open(fb, fc->family, file, index) ||
	    (strcmp(file, fc->file) == 0 && index == fc->index) ||
	    !hb_font_get_nominal_glyph(fb->font, c, &g)) {
		face_close(fb);
		g_free(fb);
		fb = NULL;
	} else {
		fc->fallback[fc->nfallback++] = fb;
	}
	g_free(file);
	return fb;
}

static const char *
debian_package(const char *family)
{
	return g_str_has_prefix(family, "Noto") &&
	    strstr(family, "CJK") ? "fonts-noto-cjk" : "?";
}

/* Opens the faces of variant v. */
static void
open_variant(struct epub_fonts *f, int v)
{
	const struct style *st = f->st;

	f->opened[v] = true;
	for (int i = FACE_SERIF; i < FACE__COUNT; i++) {
		struct face *fc = &f->faces[v][i];
		const char *family = style_font(st, i == FACE_SANS ?
		    SR_HEADING : i == FACE_MONO ? SR_CODE : SR_BODY, v);
		char *file = NULL;
		int index = 0;

		if (f->cfg == NULL || !find_face(f->cfg, family,
		    defs[i].fc_weight, v, &file, &index)) {
			face_open(fc, family, NULL, 0);
			/* The bold is optional: readers embolden the regular. */
			if (i != FACE_SERIF_BOLD)
				diag(D_FONT_MISSING, NULL, family,
				    debian_package(family));
			continue;
		}
		if (!face_open(fc, family, file, index))
			diag(D_IO, NULL, file, "cannot read font");
		g_free(file);
	}
}

struct epub_fonts *
epub_fonts_new(const struct style *st, FcConfig *cfg, const char *lang)
{
	struct epub_fonts *f = g_new0(struct epub_fonts, 1);

	f->cfg = cfg;
	f->st = st;
	f->book = l10n_zh_variant(lang);
	open_variant(f, f->book);
	return f;
}

void
epub_fonts_free(struct epub_fonts *f)
{
	if (f == NULL)
		return;
	for (int v = 0; v < ZH__COUNT; v++)
		for (int i = FACE_SERIF; i < FACE__COUNT && f->opened[v]; i++)
			face_close(&f->faces[v][i]);
	g_free(f);
}

/* A missing glyph is a warning: the reader falls back to a font of its
 * own, which may draw the character differently or not at all. */
static void
report_missing(const struct face *fc, gunichar c, const struct pos *pos)
{
	char utf8[8] = { 0 };

	if (!diag_first(D_GLYPH_MISSING, c))
		return;
	g_unichar_to_utf8(c, utf8);
	diag(D_GLYPH_MISSING, pos, (unsigned)c, utf8, fc->family);
}

void
epub_fonts_use(struct epub_fonts *f, int data, const char *text,
    size_t len, const struct pos *pos)
{
	struct face *fc;
	const char *end = text + len;
	int face = EPUB_FACE_OF(data), v = EPUB_VARIANT_OF(data);

	if (f == NULL || face <= FACE_NONE || face >= FACE__COUNT)
		return;
	v = v == 0 || v > ZH__COUNT ? f->book : v - 1;
	if (!f->opened[v])
		open_variant(f, v);
	fc = &f->faces[v][face];
	if (fc->face == NULL && face == FACE_SERIF_BOLD)
		fc = &f->faces[v][FACE_SERIF];
	if (fc->face == NULL)
		return;
	for (const char *s = text; s < end; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char_validated(s, end - s);
		hb_codepoint_t g;

		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;
		if (hb_set_has(fc->used, c) || hb_set_has(fc->missing, c) ||
		    hb_set_has(fc->elsewhere, c))
			continue;
		if (text_draws_nothing(c))
			continue;
		if (!hb_font_get_nominal_glyph(fc->font, c, &g)) {
			struct face *fb = fallback_for(f, fc, v,
			    (int)(fc - f->faces[v]), c);

			if (fb) {
				hb_set_add(fb->used, c);
				hb_set_add(fc->elsewhere, c);
				continue;
			}
			hb_set_add(fc->missing, c);
			report_missing(fc, c, pos);
			continue;
		}
		hb_set_add(fc->used, c);
	}
}

static GBytes *
subset(const struct face *fc, bool pwid)
{
	static const char *const keep[] = {
		"halt", "vhal", "palt", "vpal", "fwid", "locl", "vert", "kern",
		NULL
	};
	hb_subset_input_t *in;
	hb_face_t *sub;
	hb_blob_t *blob;
	const char *data;
	unsigned len;
	GBytes *out = NULL;

	if (fc->face == NULL || hb_set_is_empty(fc->used))
		return NULL;
	in = hb_subset_input_create_or_fail();
	if (in == NULL)
		return NULL;
	hb_set_union(hb_subset_input_unicode_set(in), fc->used);
	for (const char *const *k = keep; *k; k++)
		hb_set_add(hb_subset_input_set(in,
		    HB_SUBSET_SETS_LAYOUT_FEATURE_TAG),
		    hb_tag_from_string(*k, -1));
	if (pwid)
		hb_set_add(hb_subset_input_set(in,
		    HB_SUBSET_SETS_LAYOUT_FEATURE_TAG),
		    hb_tag_from_string("pwid", -1));
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	sub = hb_subset_or_fail(fc->face, in);
	hb_subset_input_destroy(in);
	if (sub == NULL) {
		diag(D_IO, NULL, fc->family, "HarfBuzz could not subset the font");
		return NULL;
	}
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	if (data && len > 0)
		out = g_bytes_new(data, len);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	return out;
}

static void
font_file_free(gpointer p)
{
	struct epub_font_file *ff = p;

	g_free(ff->href);
	g_free(ff->family);
	g_bytes_unref(ff->data);
	g_free(ff);
}

static struct epub_font_file *
add_file(GPtrArray *files, GBytes *data, char *href, char *family,
    const char *weight)
{
	struct epub_font_file *ff = g_new0(struct epub_font_file, 1);

	ff->variant = -1;
	ff->data = data;
	ff->href = href;
	ff->family = family;
	ff->weight = weight;
	g_ptr_array_add(files, ff);
	return ff;
}

void
epub_fonts_keep_pwid(struct epub_fonts *f)
{
	f->pwid = true;
}

/* The subsets of variant v's faces: the book's own variant under the
 * plain names (fonts/serif.otf, "bookc-serif"), another one with its
 * suffix (fonts/serif-tc.otf, "bookc-serif-tc"). */
static void
variant_files(struct epub_fonts *f, int v, GPtrArray *files,
    bool embedded[FACE__COUNT], int fallbacks[FACE__COUNT])
{
	const char *sfx = v == f->book ? "" : suffix[v];

	for (int i = FACE_SERIF; i < FACE__COUNT; i++) {
		struct face *fc = &f->faces[v][i];
		GBytes *b = fc->face ? subset(fc, f->pwid) : NULL;
		char *stem = g_strdup_printf("%.*s%s",
		    (int)(strlen(defs[i].file) - strlen(".otf")), defs[i].file,
		    sfx);
		char *family = g_strdup_printf("%s%s", defs[i].css_family, sfx);
		struct epub_font_file *ff;

		embedded[i] = b != NULL;
		if (b) {
			ff = add_file(files, b, g_strdup_printf("%s.otf", stem),
			    g_strdup(family), defs[i].css_weight);
			ff->variant = v == f->book ? -1 : v;
			ff->face = i;
		}
		fallbacks[i] = 0;
		for (int k = 0; k < fc->nfallback; k++) {
			gsize len;
			const char *d;

			b = subset(fc->fallback[k], f->pwid);
			if (b == NULL)
				continue;
			/* CFF outlines make an .otf, TrueType ones a .ttf */
			d = g_bytes_get_data(b, &len);
			fallbacks[i] = k + 1;
			ff = add_file(files, b, g_strdup_printf("%s-%d.%s", stem,
			    k + 2, len >= 4 && memcmp(d, "OTTO", 4) == 0 ?
			    "otf" : "ttf"), g_strdup_printf("%s-%d", family,
			    k + 2), defs[i].css_weight);
			ff->variant = v == f->book ? -1 : v;
			ff->face = i;
			ff->fallback = k + 1;
		}
		g_free(stem);
		g_free(family);
		/* Subset: the font files are unmapped now, not at the end
		 * (the PDF made in the same run is drawing meanwhile). */
		face_close(fc);
		memset(fc, 0, sizeof *fc);
	}
}

GPtrArray *
epub_fonts_files(struct epub_fonts *f, bool embedded[FACE__COUNT],
    int fallbacks[FACE__COUNT])
{
	GPtrArray *files = g_ptr_array_new_with_free_func(font_file_free);

	variant_files(f, f->book, files, embedded, fallbacks);
	f->opened[f->book] = false;
	for (int v = 0; v < ZH__COUNT; v++)
		if (v != f->book && f->opened[v]) {
			bool e[FACE__COUNT];
			int fb[FACE__COUNT];

			variant_files(f, v, files, e, fb);
			f->opened[v] = false;
		}
	return files;
}
