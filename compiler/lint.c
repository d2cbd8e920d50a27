/*
 * The typographic lint (see lint.h). Text inside code, verbatim blocks,
 * links' URLs and passages in other languages is left alone: technical
 * text has legitimate ASCII punctuation (clreq 3.1.3.1).
 */
#include <string.h>

#include "diag.h"
#include "lint.h"

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

	while (*s) {
		gunichar c = g_utf8_get_char(s);
		const char *nx = g_utf8_next_char(s);
		gunichar next = *nx ? g_utf8_get_char(nx) : 0;
		struct pos p = { t->pos.file, line, col };
		const char *fw = c < 0x80 ? fullwidth_of((char)c) : NULL;

		if (fw && (is_han(prev) || (is_han(next) && c != '.')) &&
		    !(c == '.' && next == '.')) {
			char a[2] = { (char)c, 0 };

			diag(D_LINT_ASCII_PUNCT, &p, a, fw);
		} else if ((c >= 0xFF10 && c <= 0xFF19) ||
		    (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) {
			char a[8] = { 0 }, b[2] = { (char)(c - 0xFEE0), 0 };

			g_unichar_to_utf8(c, a);
			diag(D_LINT_FULLWIDTH, &p, a, b);
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

void
lint_book(const struct book *b)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE)
		if (ev == WALK_ENTER && n->kind == N_TEXT && n->pos.line &&
		    !exempt(n))
			lint_text(n);
}
