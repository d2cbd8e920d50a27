/*
 * XML escaping (see escape.h): one loop over UTF-8 shared by text and
 * attribute escaping. Invalid UTF-8 and characters outside XML 1.0's
 * Char production are dropped rather than replaced, so the output holds
 * nothing that the source did not.
 */
#include <string.h>

#include "escape.h"

enum esc_mode { ESC_NONE, ESC_TEXT, ESC_ATTR };

bool
escape_xml_char_ok(gunichar c)
{
	return c == 0x9 || c == 0xA || c == 0xD ||
	    (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	    (c >= 0x10000 && c <= 0x10FFFF);
}

static void
escape_run(GString *out, const char *s, gssize len, enum esc_mode mode)
{
	const char *end;

	if (s == NULL)
		return;
	end = s + (len < 0 ? (gssize)strlen(s) : len);
	while (s < end) {
		gunichar c = g_utf8_get_char_validated(s, end - s);
		const char *rep = NULL;
		size_t n;

		if (c == (gunichar)-1 || c == (gunichar)-2) {
			s++;            /* invalid or truncated: drop one byte */
			continue;
		}
		n = g_utf8_next_char(s) - s;
		if (!escape_xml_char_ok(c)) {
			s += n;
			continue;
		}
		if (mode != ESC_NONE) {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '\r': rep = "&#13;"; break;
			case '"': rep = mode == ESC_ATTR ? "&quot;" : NULL; break;
			case '\n': rep = mode == ESC_ATTR ? "&#10;" : NULL; break;
			case '\t': rep = mode == ESC_ATTR ? "&#9;" : NULL; break;
			default: break;
			}
		}
		if (rep)
			g_string_append(out, rep);
		else
			g_string_append_len(out, s, n);
		s += n;
	}
}

void
escape_text(GString *out, const char *s, gssize len)
{
	escape_run(out, s, len, ESC_TEXT);
}

void
escape_attr(GString *out, const char *s, gssize len)
{
	escape_run(out, s, len, ESC_ATTR);
}

char *
escape_strip(const char *s, gssize len)
{
	GString *out = g_string_new(NULL);

	escape_run(out, s, len, ESC_NONE);
	return g_string_free(out, FALSE);
}
