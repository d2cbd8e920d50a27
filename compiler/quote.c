/*
 * The rule for curly quotation marks shared by the PDF typesetter and the
 * EPUB's XHTML (quote.h), decided on the characters alone, so both back
 * ends draw the same marks in the same face:
 *
 *  - In Western text (any language but Chinese, Japanese or Korean, set
 *    by the book or by an xml:lang on the passage), “ ” ‘ ’ are Western
 *    marks, drawn proportionally: R12 (clreq §3.2.1, "Western punctuation
 *    inside Western text"). An English book's "User’s Guide" must not
 *    show a 1-em apostrophe.
 *  - In Chinese text, quotation marks are Chinese punctuation, full-width
 *    (R3; clreq §3.1.1.2), and so are the marks around a Western word or
 *    phrase quoted in a Chinese sentence (他说“hello”): they belong to the
 *    Chinese sentence, and clreq's Western punctuation applies inside the
 *    Western text, not to the Chinese marks that quote it. A Western
 *    sentence quoted whole is a Western passage: tagged xml:lang="en",
 *    its marks are Western by the first rule.
 *  - In Chinese text, ’ between two Western letters or digits (It’s,
 *    User’s, rock’n’roll) is an apostrophe inside a Western word, never a
 *    Chinese closing quote: Western.
 */
#include <string.h>

#include "quote.h"

bool
quote_lang_cjk(const char *lang)
{
	return !lang || g_ascii_strncasecmp(lang, "zh", 2) == 0 ||
	    g_ascii_strncasecmp(lang, "ja", 2) == 0 ||
	    g_ascii_strncasecmp(lang, "ko", 2) == 0;
}

bool
quote_is_mark(gunichar c)
{
	return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019;
}

/* A letter or digit of a Western script (the typesetter's TC_LATIN). */
static bool
western(gunichar c)
{
	if (c < 0x80)
		return g_ascii_isalnum(c);
	return c < 0x2E80 && g_unichar_isalnum(c);
}

bool
quote_latin(gunichar c, gunichar prev, gunichar next, bool cjk)
{
	if (!quote_is_mark(c))
		return false;
	if (!cjk)
		return true;
	return c == 0x2019 && western(prev) && western(next);
}
