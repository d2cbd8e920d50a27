/*
 * Characters of one Chinese script only (see hanzi.h). The tables are
 * generated into hanzi_forms.h, sorted by their UTF-8 bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "hanzi.h"

struct hanzi_form {
	const char *ch;      /* one character, UTF-8 */
	const char *forms;   /* its forms in the other script, '/' between */
};

#include "hanzi_forms.h"

static int
form_cmp(const void *key, const void *elt)
{
	return strcmp(key, ((const struct hanzi_form *)elt)->ch);
}

const char *
hanzi_foreign(gunichar c, enum zh_variant v)
{
	char s[8] = { 0 };
	const struct hanzi_form *f;

	if (c < 0x2E80)
		return NULL;
	g_unichar_to_utf8(c, s);
	f = v == ZH_SC ?
	    bsearch(s, traditional_only, G_N_ELEMENTS(traditional_only),
	    sizeof *traditional_only, form_cmp) :
	    bsearch(s, simplified_only, G_N_ELEMENTS(simplified_only),
	    sizeof *simplified_only, form_cmp);
	return f ? f->forms : NULL;
}
