/*
 * Footnotes (see layout_int.h): a footnote's body, from a FOOTNOTE's
 * paragraphs or from a URL that a print style prints at the foot, set in
 * a stream of its own (struct layout_fn) that pagination places at the
 * foot of the page referring to it; and the numbers footnotes get in a
 * chapter. The number in the text is layout_inline.c's; where the note
 * goes is paginate.c's.
 */
#include <stdio.h>

#include "layout_int.h"

static struct layout_fn *
fn_begin(struct layout_env *env, int *index)
{
	struct layout_fn *fn = g_new0(struct layout_fn, 1);

	fn->boxes = g_array_new(FALSE, TRUE, sizeof(struct lbox));
	g_ptr_array_add(env->lay->fns, fn);
	*index = (int)env->lay->fns->len - 1;
	return fn;
}

static struct para_opts
fn_opts(const struct layout_env *env)
{
	struct para_opts po = { 0 };

	po.font = F_SMALL;
	po.width = env->m.measure;
	po.pitch = env->m.em * 0.8 * 1.5;
	po.align = TYPO_JUSTIFY;
	po.block = 'n';
	return po;
}

static void
fn_add_para(struct layout_env *env, struct layout_fn *fn, struct flat *f,
    bool first, int index)
{
	struct para_opts po = fn_opts(env);
	struct typo_para *tp;
	guint at = fn->boxes->len;

	/* one Note holds all the footnote's paragraphs */
	po.sp = at ? g_array_index(fn->boxes, struct lbox, 0).sp :
	    layout_new_struct(env, LS_NOTE, NULL);
	tp = set_para(env, env->lay, f, &po);

	emit_lines(env, fn->boxes, tp, f, &po, env->m.em * 0.8, false, 0);
	if (first && fn->boxes->len > at) {
		char *name = g_strdup_printf("bookc-fn-%d", index + 1);

		layout_add_dest(&g_array_index(fn->boxes, struct lbox, at),
		    layout_intern(env, name));
		g_free(name);
	}
	fn->h = 0;
	for (guint i = 0; i < fn->boxes->len; i++)
		fn->h += g_array_index(fn->boxes, struct lbox, i).h;
}

/* A footnote from a FOOTNOTE node: its paragraphs, the first led by its
 * number. Footnotes inside footnotes are kept as text in parentheses. */
int
footnote_node(struct layout_env *env, const struct node *n, int number)
{
	int index;
	struct layout_fn *fn = fn_begin(env, &index);
	bool first = true;

	env->in_footnote = true;
	for (const struct node *c = n->first; c; c = c->next) {
		struct flat f;
		char num[24];

		flat_init(&f, false);
		if (first) {
			snprintf(num, sizeof num, "%d\u3000", number);
			g_string_append(f.text, num);
		}
		if (model_kind_content(c->kind) == CT_INLINE ||
		    model_kind_content(c->kind) == CT_VERBATIM) {
			layout_flatten(env, c, &f);
		} else {
			char *t = model_text(c);

			g_string_append(f.text, t);
			g_free(t);
		}
		fn_add_para(env, fn, &f, first, index);
		flat_done(&f);
		first = false;
	}
	env->in_footnote = false;
	return index;
}

int
footnote_url(struct layout_env *env, const char *url, int number)
{
	int index;
	struct layout_fn *fn = fn_begin(env, &index);
	struct flat f;
	struct flat_link ln;
	char num[24];
	int s;

	flat_init(&f, false);
	snprintf(num, sizeof num, "%d\u3000", number);
	g_string_append(f.text, num);
	s = (int)f.text->len;
	g_string_append(f.text, url);
	flat_span(&f, s, (int)f.text->len, TYPO_URL);
	ln.s = s;
	ln.e = (int)f.text->len;
	ln.uri = layout_intern(env, url);
	ln.dest = NULL;
	g_array_append_val(f.links, ln);
	fn_add_para(env, fn, &f, true, index);
	flat_done(&f);
	return index;
}

int
layout_fn_number(struct layout_env *env, const struct node *fn)
{
	gpointer v = g_hash_table_lookup(env->fn_numbers, fn);

	if (v)
		return GPOINTER_TO_INT(v);
	env->fn_count++;
	g_hash_table_insert(env->fn_numbers, (gpointer)fn,
	    GINT_TO_POINTER(env->fn_count));
	return env->fn_count;
}
