/*
 * Character classes for the paragraph typesetter (see typo_class.h). The
 * punctuation sets follow clreq §3.1.4 (prohibition rules) and Chromium's
 * han_kerning classes, with SC conventions: ，。、：；！？ sit in the left
 * half of the em box, so they count as closing marks; in Traditional
 * Chinese faces they are centred (TC_CPAUSE), middle marks.
 */
#include "typo_class.h"

static bool
in(gunichar c, const gunichar *set)
{
	for (; *set; set++)
		if (*set == c)
			return true;
	return false;
}

enum typo_cls
typo_class(gunichar c)
{
	static const gunichar open[] = { 0xFF08, 0x300A, 0x3008, 0x300C,
	    0x300E, 0x3010, 0x3014, 0x3016, 0xFF3B, 0xFF5B, 0x201C, 0x2018,
	    0xFF5F, 0x3018, 0x301A, 0x301D, 0 };
	static const gunichar close[] = { 0xFF09, 0x300B, 0x3009, 0x300D,
	    0x300F, 0x3011, 0x3015, 0x3017, 0xFF3D, 0xFF5D, 0x201D, 0x2019,
	    0xFF60, 0x3019, 0x301B, 0x301E, 0x301F, 0 };
	static const gunichar pause[] = { 0xFF0C, 0x3002, 0x3001, 0xFF1A,
	    0xFF1B, 0xFF01, 0xFF1F, 0xFF0E, 0 };
	static const gunichar nostart[] = { 0xFF5E, 0xFF0F, 0x301C, 0x3005,
	    0x30FC, 0x30FD, 0x30FE, 0x309D, 0x309E, 0x3041, 0x3043,
	    0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E,
	    0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5,
	    0x30E7, 0x30EE, 0x30F5, 0x30F6, 0 };
	GUnicodeScript sc;

	switch (c) {
	case 0x20: case 0xA0: case 0x2002: case 0x2003: case 0x2009:
		return TC_SPACE;
	case 0x2005:
		return TC_HLSPACE;
	case '\n': case '\r': case 0x2028: case 0x2029:
		return TC_NEWLINE;
	case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
	case 0xAD:
		return TC_IGNORE;
	case 0xB7: case 0x30FB:
		return TC_DOT;
	case 0x2014: case 0x2E3A: case 0x2E3B:
		return TC_DASH;
	case 0x2026: case 0x22EF:
		return TC_ELLIPSIS;
	case 0x3000:
		return TC_HAN;  /* an ideographic space is a 1-em box */
	default:
		break;
	}
	/* The common cases first, with the answer the tests below would
	 * give: ASCII is in none of the sets; the URO block (assigned in
	 * full since Unicode 11) is Han letters. */
	if (c < 0x80)
		return g_ascii_isalnum(c) ? TC_LATIN : TC_OTHER;
	if (c >= 0x4E00 && c <= 0x9FEF)
		return TC_HAN;
	if (in(c, open))
		return TC_OPEN;
	if (in(c, close))
		return TC_CLOSE;
	if (in(c, pause))
		return TC_PAUSE;
	if (in(c, nostart))
		return TC_NOSTART;
	/* Full-width ASCII letters and digits behave as 1-em boxes. */
	if (c >= 0xFF10 && c <= 0xFF5A && g_unichar_isalnum(c))
		return TC_HAN;
	sc = g_unichar_get_script(c);
	if ((sc == G_UNICODE_SCRIPT_HAN || sc == G_UNICODE_SCRIPT_HIRAGANA ||
	    sc == G_UNICODE_SCRIPT_KATAKANA || sc == G_UNICODE_SCRIPT_BOPOMOFO ||
	    sc == G_UNICODE_SCRIPT_HANGUL) &&
	    (g_unichar_isalpha(c) || g_unichar_type(c) ==
	    G_UNICODE_LETTER_NUMBER || g_unichar_type(c) ==
	    G_UNICODE_OTHER_SYMBOL))
		return TC_HAN;
	if (g_unichar_isalnum(c) && c < 0x2E80)
		return TC_LATIN;
	return TC_OTHER;
}

enum typo_cls
typo_class_centred(enum typo_cls k, gunichar c)
{
	/* The full-width full stop ． keeps its place in every face. */
	return k == TC_PAUSE && c != 0xFF0E ? TC_CPAUSE : k;
}

bool
typo_cls_punct(enum typo_cls k)
{
	return k == TC_OPEN || k == TC_CLOSE || k == TC_PAUSE ||
	    k == TC_CPAUSE;
}

bool
typo_cls_nostart(enum typo_cls k)
{
	return k == TC_CLOSE || k == TC_PAUSE || k == TC_CPAUSE ||
	    k == TC_DOT || k == TC_NOSTART;
}

bool
typo_cls_cjk(enum typo_cls k)
{
	return k == TC_HAN || k == TC_OPEN || k == TC_CLOSE ||
	    k == TC_PAUSE || k == TC_CPAUSE || k == TC_ELLIPSIS ||
	    k == TC_NOSTART;
}

bool
typo_gap_between(gunichar a, gunichar b)
{
	enum typo_cls ca = typo_class(a), cb = typo_class(b);

	if (!((ca == TC_HAN && cb == TC_LATIN) ||
	    (ca == TC_LATIN && cb == TC_HAN)))
		return false;
	/* Full-width letters are Han boxes but never take the gap. */
	return !((a >= 0xFF10 && a <= 0xFF5A) || (b >= 0xFF10 && b <= 0xFF5A));
}

void
typo_halt_pair(enum typo_cls a, enum typo_cls b, bool *first, bool *second)
{
	bool aclose = a == TC_CLOSE || a == TC_PAUSE;
	bool amid = a == TC_DOT || a == TC_CPAUSE;

	*first = aclose && (b == TC_CLOSE || b == TC_PAUSE || b == TC_DOT ||
	    b == TC_CPAUSE);
	*second = b == TC_OPEN && (aclose || a == TC_OPEN || amid);
}
