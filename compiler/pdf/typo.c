/*
 * The paragraph typesetter (see typo.h). This first version lays out with
 * plain Pango and applies only the language tag; the clreq rules come in
 * the typography work (issue 4).
 */
#include <string.h>

#include "typo.h"

struct typo_para *
typo_para_new(PangoContext *ctx, const char *text, int len,
    PangoAttrList *attrs, const struct typo_span *spans, int nspans,
    const struct typo_opts *o)
{
	struct typo_para *p = g_new0(struct typo_para, 1);
	PangoAttrList *al = attrs ? pango_attr_list_copy(attrs) :
	    pango_attr_list_new();

	(void)spans;
	(void)nspans;
	p->layout = pango_layout_new(ctx);
	pango_layout_set_text(p->layout, text, len);
	pango_attr_list_insert_before(al, pango_attr_language_new(
	    pango_language_from_string(o->lang && strncmp(o->lang, "zh", 2) == 0 ?
	    "zh-cn" : o->lang ? o->lang : "zh-cn")));
	pango_layout_set_attributes(p->layout, al);
	pango_attr_list_unref(al);
	pango_layout_set_width(p->layout, o->width);
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_indent(p->layout, o->indent);
	switch (o->align) {
	case TYPO_JUSTIFY:
		pango_layout_set_justify(p->layout, TRUE);
		break;
	case TYPO_LEFT:
		break;
	case TYPO_CENTER:
		pango_layout_set_alignment(p->layout, PANGO_ALIGN_CENTER);
		break;
	case TYPO_RIGHT:
		pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
		break;
	}
	p->map_len = len + 1;
	p->map = g_new(int, p->map_len);
	for (int i = 0; i <= len; i++)
		p->map[i] = i;
	return p;
}

int
typo_para_index(const struct typo_para *p, int orig)
{
	if (orig < 0)
		return 0;
	if (orig >= p->map_len)
		return p->map[p->map_len - 1];
	return p->map[orig];
}

void
typo_para_free(struct typo_para *p)
{
	if (p == NULL)
		return;
	g_object_unref(p->layout);
	g_free(p->map);
	g_free(p);
}
