/*
 * Embedded fonts: the style's body, heading and code faces (and the body's
 * bold for emphasis) found through bookc's fontconfig, the characters the
 * XHTML draws in each collected while it is written, and HarfBuzz subsets
 * holding exactly those characters, with the OpenType features Chinese
 * layout needs (halt, vhal, palt, vpal, fwid, locl, vert, kern) kept.
 */
#include <stdio.h>
#include <string.h>

#include <hb.h>
#include <hb-subset.h>

#include "epub.h"

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

struct face {
	char *family;
	hb_face_t *face;        /* NULL: not installed */
	hb_font_t *font;
	hb_set_t *used;
	hb_set_t *missing;      /* reported once each */
};

struct epub_fonts {
	struct face faces[FACE__COUNT];
};

const char *
epub_face_family(enum epub_face face)
{
	return defs[face].css_family;
}

const char *
epub_face_weight(enum epub_face face)
{
	return defs[face].css_weight;
}

const char *
epub_face_file(enum epub_face face)
{
	return defs[face].file;
}

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

/* The file and face index of family at weight, or false. */
static bool
find_face(FcConfig *cfg, const char *family, int weight, char **file,
    int *index)
{
	FcPattern *pat = FcPatternCreate(), *m;
	FcResult res;
	FcChar8 *f;
	bool ok = false;

	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT, weight);
	FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(cfg, pat, &res);
	if (m && family_matches(m, family) &&
	    FcPatternGetString(m, FC_FILE, 0, &f) == FcResultMatch) {
		*file = g_strdup((const char *)f);
		if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
			*index = 0;
		ok = true;
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
	return ok;
}

static const char *
debian_package(const char *family)
{
	return g_str_has_prefix(family, "Noto") &&
	    strstr(family, "CJK") ? "fonts-noto-cjk" : "?";
}

struct epub_fonts *
epub_fonts_new(const struct style *st, FcConfig *cfg)
{
	struct epub_fonts *f = g_new0(struct epub_fonts, 1);

	for (int i = FACE_SERIF; i < FACE__COUNT; i++) {
		struct face *fc = &f->faces[i];
		const char *family = i == FACE_SANS ? st->heading_font :
		    i == FACE_MONO ? st->code_font : st->body_font;
		char *file = NULL;
		int index = 0;

		fc->family = g_strdup(family);
		fc->used = hb_set_create();
		fc->missing = hb_set_create();
		if (cfg == NULL || !find_face(cfg, family, defs[i].fc_weight,
		    &file, &index)) {
			/* The bold is optional: readers embolden the regular. */
			if (i != FACE_SERIF_BOLD)
				diag(D_FONT_MISSING, NULL, family,
				    debian_package(family));
			continue;
		}
		{
			hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);

			if (blob) {
				fc->face = hb_face_create(blob, (unsigned)index);
				fc->font = hb_font_create(fc->face);
				hb_blob_destroy(blob);
			} else {
				diag(D_IO, NULL, file, "cannot read font");
			}
		}
		g_free(file);
	}
	return f;
}

void
epub_fonts_free(struct epub_fonts *f)
{
	if (f == NULL)
		return;
	for (int i = 0; i < FACE__COUNT; i++) {
		struct face *fc = &f->faces[i];

		g_free(fc->family);
		if (fc->font)
			hb_font_destroy(fc->font);
		if (fc->face)
			hb_face_destroy(fc->face);
		hb_set_destroy(fc->used);
		hb_set_destroy(fc->missing);
	}
	g_free(f);
}

/* Characters that draw nothing: no glyph needed. */
static bool
draws_nothing(gunichar c)
{
	switch (g_unichar_type(c)) {
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR:
		return true;
	default:
		return false;
	}
}

/* A missing glyph is a warning: the reader falls back to a font of its
 * own, which may draw the character differently or not at all. */
static void
report_missing(const struct face *fc, gunichar c, const struct pos *pos)
{
	char utf8[8] = { 0 };

	g_unichar_to_utf8(c, utf8);
	diag(D_GLYPH_MISSING, pos, (unsigned)c, utf8, fc->family);
}

void
epub_fonts_use(struct epub_fonts *f, enum epub_face face, const char *text,
    size_t len, const struct pos *pos)
{
	struct face *fc;
	const char *end = text + len;

	if (f == NULL || face <= FACE_NONE || face >= FACE__COUNT)
		return;
	fc = &f->faces[face];
	if (fc->face == NULL && face == FACE_SERIF_BOLD)
		fc = &f->faces[FACE_SERIF];
	if (fc->face == NULL)
		return;
	for (const char *s = text; s < end; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char_validated(s, end - s);
		hb_codepoint_t g;

		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;
		if (hb_set_has(fc->used, c) || hb_set_has(fc->missing, c))
			continue;
		if (draws_nothing(c))
			continue;
		if (!hb_font_get_nominal_glyph(fc->font, c, &g)) {
			hb_set_add(fc->missing, c);
			report_missing(fc, c, pos);
			continue;
		}
		hb_set_add(fc->used, c);
	}
}

GBytes *
epub_fonts_subset(struct epub_fonts *f, enum epub_face face)
{
	static const char *const keep[] = {
		"halt", "vhal", "palt", "vpal", "fwid", "locl", "vert", "kern",
		NULL
	};
	struct face *fc = &f->faces[face];
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
