/*
 * Styles: the table of keys (group, key, type, default, range) and the
 * GKeyFile reader that fills struct style from it. Unknown keys and bad
 * values are errors naming the file and line.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "diag.h"
#include "style.h"

enum key_type { K_DOUBLE, K_BOOL, K_STRING, K_COLOR, K_CHOICE };

struct key_def {
	const char *group;
	const char *key;
	enum key_type type;
	size_t offset;
	const char *def;
	double min, max;        /* K_DOUBLE */
	const char *choices;    /* K_CHOICE: "a|b|c" */
};

#define F(field) offsetof(struct style, field)

static const struct key_def keys[] = {
	{ "page", "width", K_DOUBLE, F(page_width), "210", 50, 1000, NULL },
	{ "page", "height", K_DOUBLE, F(page_height), "297", 50, 1000, NULL },
	{ "page", "margin-top", K_DOUBLE, F(margin_top), "25", 0, 200, NULL },
	{ "page", "margin-bottom", K_DOUBLE, F(margin_bottom), "25", 0, 200, NULL },
	{ "page", "margin-inner", K_DOUBLE, F(margin_inner), "25", 0, 200, NULL },
	{ "page", "margin-outer", K_DOUBLE, F(margin_outer), "25", 0, 200, NULL },
	{ "page", "two-sided", K_BOOL, F(two_sided), "false", 0, 0, NULL },
	{ "page", "chapter-recto", K_BOOL, F(chapter_recto), "false", 0, 0, NULL },
	{ "page", "chapter-start", K_CHOICE, F(chapter_start), "page", 0, 0,
	    "page|recto|run-on" },
	{ "page", "title", K_CHOICE, F(title), "auto", 0, 0, "auto|page|block" },
	{ "page", "page-numbers", K_CHOICE, F(page_numbers), "plain", 0, 0,
	    "plain|of-total|none" },
	{ "page", "running-heads", K_BOOL, F(running_heads), "true", 0, 0, NULL },
	{ "page", "url-footnotes", K_BOOL, F(url_footnotes), "true", 0, 0, NULL },
	{ "page", "bleed", K_DOUBLE, F(bleed), "0", 0, 20, NULL },
	{ "page", "writing-mode", K_CHOICE, F(writing_mode), "horizontal", 0, 0,
	    "horizontal|vertical-rl" },
	{ "body", "font", K_STRING, F(body_font), "Noto Serif CJK SC", 0, 0, NULL },
	{ "body", "font-tc", K_STRING, F(body_font_tc), "Noto Serif CJK TC", 0, 0, NULL },
	{ "body", "font-hk", K_STRING, F(body_font_hk), "Noto Serif CJK HK", 0, 0, NULL },
	{ "body", "size", K_DOUBLE, F(body_size), "10.5", 5, 30, NULL },
	{ "body", "line-pitch", K_DOUBLE, F(line_pitch), "1.75", 1.2, 3, NULL },
	{ "body", "indent", K_DOUBLE, F(indent), "2", 0, 4, NULL },
	{ "body", "paragraph-space", K_DOUBLE, F(para_space), "0", 0, 2, NULL },
	{ "body", "color", K_COLOR, F(text_color), "#000000", 0, 0, NULL },
	{ "body", "line-break", K_CHOICE, F(line_break), "basic", 0, 0,
	    "basic|strict" },
	{ "heading", "font", K_STRING, F(heading_font), "Noto Sans CJK SC", 0, 0, NULL },
	{ "heading", "font-tc", K_STRING, F(heading_font_tc), "Noto Sans CJK TC", 0, 0, NULL },
	{ "heading", "font-hk", K_STRING, F(heading_font_hk), "Noto Sans CJK HK", 0, 0, NULL },
	{ "heading", "size-chapter", K_DOUBLE, F(heading_size[0]), "20", 6, 60, NULL },
	{ "heading", "size-1", K_DOUBLE, F(heading_size[1]), "15", 6, 60, NULL },
	{ "heading", "size-2", K_DOUBLE, F(heading_size[2]), "13", 6, 60, NULL },
	{ "heading", "size-3", K_DOUBLE, F(heading_size[3]), "11.5", 6, 60, NULL },
	{ "heading", "size-4", K_DOUBLE, F(heading_size[4]), "10.5", 6, 60, NULL },
	{ "heading", "center-chapter", K_BOOL, F(heading_center), "true", 0, 0, NULL },
	{ "heading", "color", K_COLOR, F(heading_color), "#000000", 0, 0, NULL },
	{ "code", "font", K_STRING, F(code_font), "Noto Sans Mono CJK SC", 0, 0, NULL },
	{ "code", "font-tc", K_STRING, F(code_font_tc), "Noto Sans Mono CJK TC", 0, 0, NULL },
	{ "code", "font-hk", K_STRING, F(code_font_hk), "Noto Sans Mono CJK HK", 0, 0, NULL },
	{ "code", "size", K_DOUBLE, F(code_size), "9", 5, 30, NULL },
	{ "code", "background", K_COLOR, F(code_background), "#f4f4f4", 0, 0, NULL },
	{ "code", "highlight", K_CHOICE, F(code_highlight), "auto", 0, 0,
	    "auto|color|grey|none" },
	{ "math", "font", K_STRING, F(math_font), "Latin Modern Math", 0, 0, NULL },
	{ "math", "epub-images", K_BOOL, F(math_images), "true", 0, 0, NULL },
	{ "list", "indent", K_DOUBLE, F(list_indent), "2", 0.5, 6, NULL },
	{ "color", "link", K_COLOR, F(link_color), "#1a4f8b", 0, 0, NULL },
	{ "color", "note-background", K_COLOR, F(note_background), "#eef3f8", 0, 0, NULL },
	{ "color", "rule", K_COLOR, F(rule_color), "#888888", 0, 0, NULL },
	{ "toc", "figures", K_BOOL, F(toc_figures), "true", 0, 0, NULL },
	{ "toc", "tables", K_BOOL, F(toc_tables), "true", 0, 0, NULL },
	{ "toc", "contents", K_CHOICE, F(contents), "auto", 0, 0,
	    "auto|pages|inline|none" },
	{ "label", "chapter", K_STRING, F(chapter_label), "第 %s 章", 0, 0, NULL },
	{ "label", "appendix", K_STRING, F(appendix_label), "附录 %s", 0, 0, NULL },
	{ "label", "number-sections", K_BOOL, F(number_sections), "true", 0, 0, NULL },
	{ "label", "number-chapters", K_BOOL, F(number_chapters), "true", 0, 0, NULL },
	{ "accessibility", "certified-by", K_STRING, F(certified_by), "", 0, 0, NULL },
};

const char *
style_font(const struct style *st, enum style_role role, int variant)
{
	const char *const f[3][3] = {
		{ st->body_font, st->body_font_tc, st->body_font_hk },
		{ st->heading_font, st->heading_font_tc, st->heading_font_hk },
		{ st->code_font, st->code_font_tc, st->code_font_hk },
	};

	return f[role][variant >= 0 && variant < 3 ? variant : 0];
}

double
style_mm_to_pt(double mm)
{
	return mm * 72.0 / 25.4;
}

/* GKeyFile keeps no line numbers: find "key =" under "[group]". */
static unsigned
find_line(const char *text, const char *group, const char *key)
{
	char **lines = g_strsplit(text ? text : "", "\n", -1);
	bool in_group = group == NULL;
	unsigned found = 0;

	for (unsigned i = 0; lines[i]; i++) {
		char *l = g_strstrip(g_strdup(lines[i]));

		if (l[0] == '[') {
			char *end = strchr(l, ']');

			if (end)
				*end = '\0';
			in_group = strcmp(l + 1, group ? group : "") == 0;
			if (key == NULL && in_group) {
				found = i + 1;
				g_free(l);
				break;
			}
		} else if (in_group && key) {
			size_t n = strlen(key);

			if (strncmp(l, key, n) == 0 &&
			    (l[n] == '=' || l[n] == ' ' || l[n] == '\t')) {
				found = i + 1;
				g_free(l);
				break;
			}
		}
		g_free(l);
	}
	g_strfreev(lines);
	return found;
}

static bool
valid_color(const char *v)
{
	if (v[0] != '#' || strlen(v) != 7)
		return false;
	for (int i = 1; i < 7; i++)
		if (!g_ascii_isxdigit(v[i]))
			return false;
	return true;
}

static bool
set_value(struct style *s, const struct key_def *k, const char *v,
    const char **why)
{
	char *p = (char *)s + k->offset;

	switch (k->type) {
	case K_DOUBLE: {
		char *end;
		double d = g_ascii_strtod(v, &end);

		while (*end == ' ')
			end++;
		if (end == v || *end != '\0') {
			*why = "not a number";
			return false;
		}
		if (d < k->min || d > k->max) {
			*why = "out of range";
			return false;
		}
		*(double *)p = d;
		return true;
	}
	case K_BOOL:
		if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
			*(bool *)p = true;
		else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
			*(bool *)p = false;
		else {
			*why = "expected true or false";
			return false;
		}
		return true;
	case K_COLOR:
		if (!valid_color(v)) {
			*why = "expected a colour as #rrggbb";
			return false;
		}
		break;
	case K_CHOICE: {
		char **ch = g_strsplit(k->choices, "|", -1);
		bool ok = g_strv_contains((const char *const *)ch, v);

		g_strfreev(ch);
		if (!ok) {
			*why = "not one of the allowed values";
			return false;
		}
		break;
	}
	case K_STRING:
		if (*v == '\0') {
			*why = "empty";
			return false;
		}
		break;
	}
	g_free(*(char **)p);
	*(char **)p = g_strdup(v);
	return true;
}

/* Page sizes by name, for [page] size. */
static bool
apply_size(struct style *s, const char *v)
{
	static const struct { const char *n; double w, h; } sizes[] = {
		{ "A4", 210, 297 }, { "A5", 148, 210 }, { "B5", 176, 250 },
		{ "letter", 215.9, 279.4 }, { "16K", 185, 260 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++)
		if (g_ascii_strcasecmp(v, sizes[i].n) == 0) {
			s->page_width = sizes[i].w;
			s->page_height = sizes[i].h;
			return true;
		}
	return false;
}

/*
 * chapter-recto (the older key) and chapter-start say the same thing:
 * chapter-recto = true alone means chapter-start = recto; both given,
 * they must agree (true with recto, false with page or run-on), else
 * a STYLE_VALUE error. Afterwards chapter_recto follows chapter-start.
 */
static bool
chapter_start_compat(struct style *s, GKeyFile *kf, const char *text,
    const char *path)
{
	bool has_old = g_key_file_has_key(kf, "page", "chapter-recto", NULL);
	bool has_new = g_key_file_has_key(kf, "page", "chapter-start", NULL);
	bool recto = strcmp(s->chapter_start, "recto") == 0;

	if (has_old && has_new && s->chapter_recto != recto) {
		struct pos p = { g_intern_string(path),
		    find_line(text, "page", "chapter-start"), 1 };

		diag(D_STYLE_VALUE, &p, s->chapter_start, "chapter-start",
		    s->chapter_recto ? "contradicts chapter-recto = true" :
		    "contradicts chapter-recto = false");
		return false;
	}
	if (has_old && !has_new && s->chapter_recto) {
		g_free(s->chapter_start);
		s->chapter_start = g_strdup("recto");
	}
	s->chapter_recto = strcmp(s->chapter_start, "recto") == 0;
	return true;
}

static char *
find_style_file(const char *name, const char *const *dirs)
{
	if (strchr(name, '/') || g_str_has_suffix(name, ".ini"))
		return g_strdup(name);
	for (; dirs && *dirs; dirs++) {
		char *p = g_strdup_printf("%s/%s.ini", *dirs, name);

		if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
			return p;
		g_free(p);
	}
	return NULL;
}

struct style *
style_load(const char *name, const char *const *dirs)
{
	struct style *s = g_new0(struct style, 1);
	GKeyFile *kf = g_key_file_new();
	GError *err = NULL;
	char *path = find_style_file(name, dirs), *text = NULL;
	bool ok = true;
	char **groups;

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		const char *why;

		set_value(s, &keys[i], keys[i].def, &why);
	}
	if (path == NULL) {
		char *msg = g_strdup_printf("no style named '%s'", name);

		diag(D_STYLE_FILE, NULL, msg);
		g_free(msg);
		goto fail;
	}
	s->path = path;
	s->name = g_strdup(name);
	if (strchr(name, '/') || g_str_has_suffix(name, ".ini")) {
		char *base = g_path_get_basename(name);
		char *dot = strrchr(base, '.');

		if (dot)
			*dot = '\0';
		g_free(s->name);
		s->name = base;
	}
	if (!g_file_get_contents(path, &text, NULL, &err) ||
	    !g_key_file_load_from_data(kf, text, -1, G_KEY_FILE_NONE, &err)) {
		char *msg = g_strdup_printf("%s: %s", path, err->message);

		diag(D_STYLE_FILE, NULL, msg);
		g_free(msg);
		g_error_free(err);
		goto fail;
	}
	groups = g_key_file_get_groups(kf, NULL);
	for (char **g = groups; *g; g++) {
		char **names = g_key_file_get_keys(kf, *g, NULL, NULL);

		for (char **k = names; *k; k++) {
			const struct key_def *def = NULL;
			char *v = g_key_file_get_string(kf, *g, *k, NULL);
			struct pos p = { g_intern_string(path),
			    find_line(text, *g, *k), 1 };
			const char *why = NULL;

			for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
				if (strcmp(keys[i].group, *g) == 0 &&
				    strcmp(keys[i].key, *k) == 0)
					def = &keys[i];
			if (strcmp(*g, "page") == 0 && strcmp(*k, "size") == 0) {
				if (!apply_size(s, v)) {
					diag(D_STYLE_VALUE, &p, v, *k,
					    "expected A4, A5, B5, 16K or letter");
					ok = false;
				}
			} else if (def == NULL) {
				diag(D_STYLE_KEY, &p, *k, *g);
				ok = false;
			} else if (!set_value(s, def, g_strstrip(v), &why)) {
				diag(D_STYLE_VALUE, &p, v, *k, why);
				ok = false;
			}
			g_free(v);
		}
		g_strfreev(names);
	}
	g_strfreev(groups);
	s->figures_given = g_key_file_has_key(kf, "toc", "figures", NULL);
	s->tables_given = g_key_file_has_key(kf, "toc", "tables", NULL);
	s->chapters_given = g_key_file_has_key(kf, "label", "number-chapters",
	    NULL);
	s->sections_given = g_key_file_has_key(kf, "label", "number-sections",
	    NULL);
	if (ok && !chapter_start_compat(s, kf, text, path))
		ok = false;
	if (ok && (s->margin_inner + s->margin_outer > s->page_width - 30 ||
	    s->margin_top + s->margin_bottom > s->page_height - 30)) {
		struct pos p = { g_intern_string(path), 0, 0 };

		diag(D_STYLE_VALUE, &p, "margins", "page", "leave no room for text");
		ok = false;
	}
	g_free(text);
	g_key_file_free(kf);
	if (ok)
		return s;
	style_free(s);
	return NULL;
fail:
	g_free(text);
	g_key_file_free(kf);
	style_free(s);
	return NULL;
}

/*
 * Small documents are small: an article (or a table, a refentry, any
 * block compiled alone, which validation makes an article) starts on
 * page one with its title above the text, a contents block when it has
 * sections, and no lists of figures or tables, as DocBook XSL sets an
 * article; a book keeps a title page, contents pages and the lists.
 * Only what the style left to "auto" (and a list the style does not
 * name) follows the document.
 */
void
style_fit_document(struct style *s, bool article, bool sections,
    bool titled)
{
	if (strcmp(s->title, "auto") == 0) {
		g_free(s->title);
		s->title = g_strdup(article || !titled ? "block" : "page");
	}
	if (strcmp(s->contents, "auto") == 0) {
		g_free(s->contents);
		s->contents = g_strdup(!article ? "pages" :
		    sections ? "inline" : "none");
	}
	if (article && !s->figures_given)
		s->toc_figures = false;
	if (article && !s->tables_given)
		s->toc_tables = false;
}

void
style_free(struct style *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (keys[i].type != K_DOUBLE && keys[i].type != K_BOOL)
			g_free(*(char **)((char *)s + keys[i].offset));
	g_free(s->name);
	g_free(s->path);
	g_free(s);
}
