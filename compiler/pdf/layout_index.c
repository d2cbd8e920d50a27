/*
 * The back-of-book index (see layout_int.h): the index division's
 * entries under their group headings, each followed by the pages of its
 * terms (as the pager placed them, or the last pass), each page a link to
 * the place. index.c collects and sorts the terms; what each line printed
 * is kept for layout_xrefs_settle (layout.c).
 */
#include <string.h>

#include "index.h"
#include "l10n.h"
#include "layout_int.h"

/* One line of the index: the entry's text, then the pages it is on (each
 * a link to its place; a page named once), then "see" references. Page
 * labels come from the previous pass, like the page numbers of xrefs. */
static void
index_line(struct layout_env *env, const struct frame *fr, const char *text,
    unsigned level, const struct index_entry *e)
{
	struct para_opts po = body_opts(env, fr);
	bool zh = l10n_is_zh(env->lang);
	struct flat f;
	struct typo_para *tp;
	struct index_use *use = NULL;
	const char *last = NULL;
	char lastbuf[24];

	po.align = TYPO_LEFT;
	po.block = 'o';
	po.x += (level - 1) * 2 * env->m.em;
	po.width -= (level - 1) * 2 * env->m.em;
	/* Wrapped lines hang under the entry's first character. */
	po.indent = -2 * env->m.em;
	po.x += 2 * env->m.em;
	po.width -= 2 * env->m.em;
	flat_init(&f, false);
	g_string_append(f.text, text);
	if (e && e->terms->len) {
		use = g_new(struct index_use, 1);
		use->dests = g_ptr_array_new_with_free_func(g_free);
		use->printed = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(env->index_uses, use);
	}
	for (guint k = 0; e && k < e->terms->len; k++) {
		const char *name = layout_dest_of(env,
		    g_ptr_array_index(e->terms, k));
		bool sure;
		const char *label = layout_label_of(env, name, &sure);
		struct flat_link ln = { 0, 0, NULL, NULL };

		if (!sure)
			env->unsure = true;
		g_ptr_array_add(use->dests, g_strdup(name));
		if (last && strcmp(last, label ? label : "??") == 0)
			continue;
		/* (a guessed label is in a buffer the next guess reuses) */
		g_strlcpy(lastbuf, label ? label : "??", sizeof lastbuf);
		last = lastbuf;
		g_ptr_array_add(use->printed, g_strdup(last));
		g_string_append(f.text, zh ? "，" : ", ");
		ln.s = (int)f.text->len;
		g_string_append(f.text, last);
		ln.e = (int)f.text->len;
		flat_attr(&f, pango_attr_font_features_new("hwid"), ln.s,
		    ln.e);
		ln.dest = layout_intern(env, name);
		g_array_append_val(f.links, ln);
	}
	if (e && e->see) {
		g_string_append(f.text, zh ? "，见" : ", see ");
		g_string_append(f.text, e->see);
	}
	if (e && e->seealso) {
		g_string_append(f.text, zh ? "，另见" : ", see also ");
		g_string_append(f.text, e->seealso);
	}
	tp = set_para(env, env->lay, &f, &po);
	emit_lines(env, env->lay->boxes, tp, &f, &po,
	    pango_font_description_get_size(env->fonts[po.font]) / PS, true, 0);
	flat_done(&f);
}

/* An index division's content: groups under a bold heading (a letter,
 * "#", or the first Han character), main entries and their subentries;
 * those of its scope (index_scope: a book of a set, a part) alone. */
void
layout_index_entries(struct layout_env *env, const struct frame *fr,
    const struct node *div)
{
	const struct book_index *ix = env->index;
	const char *group = NULL, *primary = NULL, *secondary = NULL;
	GPtrArray *es = ix ? index_scoped(ix, index_scope(div)) : NULL;

	/* The index's heading is laid out: everything before it can be
	 * placed, so its page numbers are known. */
	if (env->pager.progress)
		env->pager.progress(env->pager.arg);
	for (guint i = 0; es && i < es->len; i++) {
		const struct index_entry *e = g_ptr_array_index(es, i);

		if (group == NULL || strcmp(group, e->group) != 0) {
			struct para_opts po = body_opts(env, fr);

			group = e->group;
			primary = secondary = NULL;
			po.font = F_HEADING;
			po.bold = true;
			po.align = TYPO_LEFT;
			po.block = 'h';
			po.level = 2;
			para_text(env, group, &po, 0);
		}
		if (e->secondary && (primary == NULL ||
		    strcmp(primary, e->primary) != 0))
			index_line(env, fr, e->primary, 1, NULL);
		if (e->tertiary && (secondary == NULL ||
		    strcmp(secondary, e->secondary) != 0))
			index_line(env, fr, e->secondary, 2, NULL);
		primary = e->primary;
		secondary = e->secondary;
		index_line(env, fr, e->tertiary ? e->tertiary : e->secondary ?
		    e->secondary : e->primary, e->tertiary ? 3 :
		    e->secondary ? 2 : 1, e);
	}
	if (es)
		index_scoped_free(ix, es);
}
