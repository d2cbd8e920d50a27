/*
 * DocBook's whitespace rule for inline text (see text.h), shared by
 * validation (validate.c) and the synopses it folds (synopsis.c), so
 * that neither needs the other for it: runs of XML white space become one
 * space, none at either end of a run, none at a line break between two
 * CJK characters. It edits text nodes only, and unlinks those it leaves
 * empty; verbatim text, languages and the rest of normalisation are
 * validate.c's.
 */
#include <string.h>

#include "text.h"

bool
text_is_cjk(gunichar c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
	    (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3040 && c <= 0x30FF) ||
	    c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
	    c == 0x2014 || c == 0x2026 || c == 0x00B7;
}

static bool
is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Collapses whitespace across the text nodes of one inline run (a para,
 * a title...), markup boundaries included. A line break between two CJK
 * characters disappears (CSS Text's segment break rule). */
void
text_collapse_run(struct node *top)
{
	GPtrArray *texts = g_ptr_array_new();
	GPtrArray *outs = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	GString *pending_in = NULL;
	bool pending = false, pending_nl = false, at_start = true;
	gunichar last = 0;

	model_walk_init(&w, top);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		if (ev != WALK_ENTER)
			continue;
		if (cn != top && (cn->kind == N_FOOTNOTE ||
		    cn->kind == N_INDEXTERM)) {
			model_walk_skip(&w);
			continue;
		}
		if (cn->kind == N_TEXT || cn->kind == N_XREF ||
		    cn->kind == N_FOOTNOTEREF || cn->kind == N_MATH ||
		    model_is_break(cn))
			g_ptr_array_add(texts, (gpointer)cn);
		/* A formula is a word of the run; its own text keeps
		 * MathML's whitespace rule (mathml.c). */
		if (cn->kind == N_MATH)
			model_walk_skip(&w);
	}
	for (guint i = 0; i < texts->len; i++) {
		struct node *t = g_ptr_array_index(texts, i);
		GString *out;
		const char *s;

		/* An xref or footnoteref, empty until the back ends give it
		 * text (a label, a footnote number), or a formula, is a word
		 * of the run:
		 * the spaces either side of it are two runs ("See <xref/>
		 * and"). For the CJK line-break rule it is what came before
		 * it. */
		/* An sbr starts a new line: no space either side. */
		if (model_is_break(t)) {
			pending = pending_nl = false;
			at_start = true;
			g_ptr_array_add(outs, NULL);
			continue;
		}
		if (t->kind != N_TEXT) {
			if (pending && !at_start &&
			    !(pending_nl && text_is_cjk(last)))
				g_string_append_c(pending_in, ' ');
			pending = pending_nl = false;
			at_start = false;
			g_ptr_array_add(outs, NULL);
			continue;
		}
		out = g_string_sized_new(strlen(t->text));
		s = t->text;
		g_ptr_array_add(outs, out);
		while (*s) {
			if (is_xml_space(*s)) {
				if (!pending)
					pending_in = out;
				pending = true;
				if (*s == '\n')
					pending_nl = true;
				s++;
				continue;
			}
			{
				gunichar c = g_utf8_get_char(s);
				const char *nx = g_utf8_next_char(s);

				if (pending && !at_start &&
				    !(pending_nl && text_is_cjk(last) &&
				    text_is_cjk(c)))
					g_string_append_c(pending_in, ' ');
				pending = pending_nl = false;
				g_string_append_len(out, s, nx - s);
				at_start = false;
				last = c;
				s = nx;
			}
		}
	}
	for (guint i = 0; i < texts->len; i++) {
		struct node *t = g_ptr_array_index(texts, i);
		GString *out = g_ptr_array_index(outs, i);

		if (out == NULL)
			continue;
		g_free(t->text);
		t->text = g_string_free(out, FALSE);
		if (*t->text == '\0') {
			model_unlink(t);
			model_free_tree(t);
		}
	}
	g_ptr_array_free(texts, TRUE);
	g_ptr_array_free(outs, TRUE);
}

bool
text_draws_nothing(gunichar c)
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
