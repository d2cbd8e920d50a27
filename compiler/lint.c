/*
 * The typographic lint (see lint.h). Text inside code, verbatim blocks,
 * links' URLs and passages in other languages is left alone: technical
 * text has legitimate ASCII punctuation (clreq 3.1.3.1).
 */
#include <string.h>

#include "diag.h"
#include "hanzi.h"
#include "l10n.h"
#include "lint.h"
#include "text.h"

static bool
is_han(gunichar c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x20000 && c <= 0x2FFFF);
}

static const char *
fullwidth_of(char c)
{
	switch (c) {
	case ',': return "，";
	case '.': return "。";
	case ';': return "；";
	case ':': return "：";
	case '?': return "？";
	case '!': return "！";
	case '(': return "（";
	case ')': return "）";
	default: return NULL;
	}
}

static bool
exempt(const struct node *t)
{
	for (const struct node *n = t->parent; n; n = n->parent) {
		if (n->kind == N_CODE || n->kind == N_REPLACEABLE ||
		    model_kind_content(n->kind) == CT_VERBATIM)
			return true;
		if (n->lang && strncmp(n->lang, "zh", 2) != 0)
			return true;
	}
	return false;
}

static void
lint_text(const struct node *t)
{
	const char *s = t->text;
	unsigned line = t->pos.line, col = t->pos.col;
	gunichar prev = 0;
	enum zh_variant v = l10n_zh_variant(t->lang);

	while (*s) {
		gunichar c = g_utf8_get_char(s);
		const char *nx = g_utf8_next_char(s);
		gunichar next = *nx ? g_utf8_get_char(nx) : 0;
		struct pos p = { t->pos.file, line, col };
		const char *fw = c < 0x80 ? fullwidth_of((char)c) : NULL;
		const char *other = is_han(c) ? hanzi_foreign(c, v) : NULL;

		if (fw && (is_han(prev) || (is_han(next) && c != '.')) &&
		    !(c == '.' && next == '.')) {
			char a[2] = { (char)c, 0 };

			diag(D_LINT_ASCII_PUNCT, &p, a, fw);
		} else if ((c >= 0xFF10 && c <= 0xFF19) ||
		    (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) {
			char a[8] = { 0 }, b[2] = { (char)(c - 0xFEE0), 0 };

			g_unichar_to_utf8(c, a);
			diag(D_LINT_FULLWIDTH, &p, a, b);
		} else if (other) {
			char a[8] = { 0 };

			g_unichar_to_utf8(c, a);
			diag(v == ZH_SC ? D_LINT_TRADITIONAL : D_LINT_SIMPLIFIED,
			    &p, a, t->lang, other);
		} else if (strncmp(s, "...", 3) == 0 &&
		    (is_han(prev) || is_han(g_utf8_get_char(s + 3)))) {
			diag(D_LINT_ELLIPSIS, &p, "...");
			nx = s + 3;
			col += 2;
		} else if (strncmp(s, "。。。", 9) == 0) {
			diag(D_LINT_ELLIPSIS, &p, "。。。");
			nx = s + 9;
			col += 2;
		} else if (strncmp(s, "--", 2) == 0 && s[2] != '-' &&
		    (is_han(prev) || is_han(g_utf8_get_char(s + 2)))) {
			diag(D_LINT_DASH, &p, "--");
			nx = s + 2;
			col++;
		}
		if (c == '\n') {
			line++;
			col = 1;
		} else
			col++;
		prev = c;
		s = nx;
	}
}

static void
lint_no_alt(const struct node *media)
{
	const char *ref = NULL;
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, media);
	while (ref == NULL && (ev = model_walk_next(&w, &c)) != WALK_NONE)
		if (ev == WALK_ENTER && c->kind == N_IMAGEDATA)
			ref = model_attr(c, "fileref");
	diag(D_LINT_NO_ALT, &media->pos, ref ? ref : "");
}

void
lint_book(const struct book *b)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		if (ev != WALK_ENTER)
			continue;
		/* A formula's ASCII signs are mathematics, not punctuation. */
		if (n->kind == N_MATH) {
			model_walk_skip(&w);
			continue;
		}
		if (n->kind == N_TEXT && n->pos.line && !exempt(n))
			lint_text(n);
		/* A reader who cannot see it hears the figure's title or
		 * the file's name instead (EPUB alternativeText). */
		if ((n->kind == N_MEDIAOBJECT || n->kind == N_INLINEMEDIA) &&
		    model_image_lacks_alt(n))
			lint_no_alt(n);
	}
}

/* A Chinese numeral (of chapter numbers: 三, 十二, 二十一, 两百). */
static bool
is_zh_digit(gunichar c)
{
	return c != 0 && g_utf8_strchr("〇零一二两三四五六七八九十百千",
	    -1, c) != NULL;
}

/*
 * The length of the number a heading's text starts with, 0 for none:
 * 第三章, 第 3 节, 第一部分, 第2篇 (the digits Chinese or ASCII); Chapter 3,
 * Part IV, Appendix A; a dotted number 1.1, 1.1.2 or 1. before a space
 * or a Han character; 一、. Enough to find the habit of Markdown books,
 * not every way of numbering.
 */
size_t
lint_own_number(const char *s)
{
	static const char *const en[] = { "Chapter ", "Part ", "Appendix ",
	    "Section ", NULL };
	static const char *const units[] = { "章", "节", "部分", "篇", "讲",
	    "课", "回", NULL };
	const char *p = s;

	if (g_str_has_prefix(p, "第")) {
		p += strlen("第");
		while (*p == ' ')
			p++;
		if (!g_ascii_isdigit(*p) && !is_zh_digit(g_utf8_get_char(p)))
			return 0;
		while (g_ascii_isdigit(*p) || is_zh_digit(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		while (*p == ' ')
			p++;
		for (const char *const *u = units; *u; u++)
			if (g_str_has_prefix(p, *u))
				return (size_t)(p - s) + strlen(*u);
		return 0;
	}
	for (const char *const *e = en; *e; e++) {
		size_t k;

		if (g_ascii_strncasecmp(p, *e, strlen(*e)) != 0)
			continue;
		p += strlen(*e);
		k = strspn(p, "0123456789");
		if (k == 0)
			k = strspn(p, "IVXLC");
		if (k == 0 && g_ascii_isupper(*p))
			k = 1;
		/* Chapter 3, Part IV: or Appendix A. but not Part One */
		if (k == 0 || (p[k] && p[k] != ' ' && p[k] != ':' &&
		    p[k] != '.'))
			return 0;
		return (size_t)(p + k - s);
	}
	if (g_ascii_isdigit(*p)) {
		bool dot = false;

		while (g_ascii_isdigit(*p) || (*p == '.' && g_ascii_isdigit(p[1]))) {
			dot = dot || *p == '.';
			p++;
		}
		if (*p == '.') {
			dot = true;
			p++;
		}
		if (dot && (*p == ' ' || (*p && (unsigned char)*p >= 0x80 &&
		    text_is_cjk(g_utf8_get_char(p)))))
			return (size_t)(p - s);
		return 0;
	}
	if (is_zh_digit(g_utf8_get_char(p))) {
		while (is_zh_digit(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (g_str_has_prefix(p, "、"))
			return (size_t)(p - s) + strlen("、");
	}
	return 0;
}

void
lint_headings(const struct book *b, const struct style *st)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		const struct node *title;
		char *label, *text, *num;
		size_t len;

		if (ev != WALK_ENTER || !model_is_division(n->kind))
			continue;
		title = model_title(n);
		label = l10n_division_label(n, st, n->lang ? n->lang : b->lang);
		if (title == NULL || label == NULL) {
			g_free(label);
			continue;
		}
		text = model_text(title);
		len = lint_own_number(g_strchug(text));
		if (len > 0) {
			num = g_strndup(text, len);
			g_strchomp(num);
			diag(D_LINT_OWN_NUMBER, &title->pos, num, label,
			    n->kind == N_SECTION ? "number-sections" :
			    "number-chapters");
			g_free(num);
		}
		g_free(text);
		g_free(label);
	}
}

unsigned
lint_self_numbered(const struct book *b, bool sections, unsigned *all)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	unsigned own = 0;

	*all = 0;
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		const struct node *title;
		char *text;

		if (ev != WALK_ENTER || n->label == NULL ||
		    (sections ? n->kind != N_SECTION : n->kind != N_CHAPTER &&
		    n->kind != N_APPENDIX && n->kind != N_PART) ||
		    (title = model_title(n)) == NULL)
			continue;
		(*all)++;
		text = model_text(title);
		if (lint_own_number(g_strchug(text)) > 0)
			own++;
		g_free(text);
	}
	return own;
}
