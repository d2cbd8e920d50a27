/*
 * Questions and answers (qandaset, qandadiv, qandaentry, question,
 * answer): their labels as DocBook XSL gives them, by the qandaset's
 * defaultlabel, as bold lead-ins, and what an xref to each reads.
 * Called by validation for each element in document order, before
 * unsupported elements are told (the containers stay DIVs).
 */
#include <string.h>

#include "fold.h"
#include "l10n.h"

/* A bold lead-in at the start of n's first paragraph (one made if none). */
static void
lead_in(struct node *n, const char *text)
{
	struct node *p = n->first, *em;

	while (p && p->kind == N_TEXT)
		p = p->next;
	if (p == NULL || p->kind != N_PARA) {
		p = model_node_new(N_PARA, "para", &n->pos);
		p->flags |= NF_IMPLICIT;
		model_prepend(n, p);
	}
	em = fold_bold_node(n);
	fold_append_text(em, text);
	model_prepend(p, em);
}

/*
 * What an xref to a question, an answer or their qandaentry reads, as
 * DocBook XSL's xref templates give it: "Q: " (or "A: ") and the
 * question's label without its punctuation ("Q: 2", "问：2"); where the
 * question has no label (defaultlabel qanda or none), the first words of
 * the question, quoted, for it and its answer. qnums keeps each entry's
 * question label (or words) for its answer. Only targets (an id) get one.
 */
static void
qanda_xreflabel(struct node *n, bool q, const char *num,
    GHashTable *qnums, const char *lang)
{
	struct node *entry = n->parent, *p = n->first;
	const char *tail = num ? g_intern_string(num) : NULL;
	char *s, *t;

	if (entry && !fold_named(entry, "qandaentry"))
		entry = NULL;
	if (!q) {
		tail = entry ? g_hash_table_lookup(qnums, entry) : NULL;
		num = tail && *tail != '\001' ? tail : NULL;
	} else if (num == NULL) {
		/* the question's words: its first paragraph's */
		while (p && p->kind != N_PARA)
			p = p->next;
		t = fold_squashed(p ? p : n);
		if (g_utf8_strlen(t, -1) > 60) {
			char *cut = g_utf8_substring(t, 0, 59);

			g_free(t);
			t = g_strconcat(cut, "…", NULL);
			g_free(cut);
		}
		/* \001 marks words, not a label */
		s = g_strdup_printf("\001%s%s%s", l10n_text(lang,
		    L_QUOTE_OPEN), t, l10n_text(lang, L_QUOTE_CLOSE));
		tail = g_intern_string(s);
		g_free(s);
		g_free(t);
	}
	if (q && entry)
		g_hash_table_insert(qnums, entry, (gpointer)tail);
	if (tail == NULL)
		return;
	s = num ? g_strdup_printf("%s%s", l10n_text(lang, q ? L_QUESTION :
	    L_ANSWER), num) : g_strdup(tail + 1);
	if (model_attr(n, "id") && !model_attr(n, "xreflabel"))
		model_set_attr(n, "xreflabel", s);
	/* an xref to the entry reads as one to its question */
	if (q && entry && model_attr(entry, "id") &&
	    !model_attr(entry, "xreflabel"))
		model_set_attr(entry, "xreflabel", s);
	g_free(s);
}

/* The qandadiv or qandaset a question (or a qandadiv) is counted in. */
static struct node *
qanda_container(const struct node *n)
{
	struct node *p = n->parent;

	while (p && !fold_named(p, "qandadiv") && !fold_named(p, "qandaset"))
		p = p->parent;
	return p;
}

/* The numbers of the qandadivs around a question, each its place among
 * its sibling qandadivs, as DocBook XSL numbers questions inside them
 * ("2.1." for the first question of the first qandadiv in the second):
 * "" outside any qandadiv, else "2.1." (g_free it). */
static char *
qandadiv_numbers(const struct node *div)
{
	GString *s = g_string_new("");

	for (; div && fold_named(div, "qandadiv");
	    div = qanda_container(div)) {
		unsigned k = 1;
		char *t;

		for (const struct node *c = div->prev; c; c = c->prev)
			k += fold_named(c, "qandadiv");
		t = g_strdup_printf("%u.", k);
		g_string_prepend(s, t);
		g_free(t);
	}
	return g_string_free(s, FALSE);
}

/* A question or an answer gets its label as DocBook XSL gives it: by the
 * qandaset's defaultlabel, "number" (1., 2., ...; 1.1., 1.2. in the first
 * qandadiv) unless it says "qanda"
 * (Q:/A:) or "none"; a question's own label attribute comes first. A
 * qandaset's or qandadiv's title becomes a bold paragraph, and what an
 * xref to it reads. */
void
fold_qanda(struct node *n, GHashTable *numbers, GHashTable *qnums,
    const char *lang, GPtrArray *dead)
{
	struct node *set = n->parent;
	const char *how, *own = model_attr(n, "label");
	bool q = fold_named(n, "question");
	char *label = NULL, *given = NULL, *num = NULL;

	if (n->kind == N_TITLE && set && set->kind == N_DIV &&
	    (fold_named(set, "qandaset") || fold_named(set, "qandadiv"))) {
		struct node *em = fold_bold_node(n);
		char *t = fold_squashed(n);

		if (*t && model_attr(set, "id") &&
		    !model_attr(set, "xreflabel"))
			model_set_attr(set, "xreflabel", t);
		g_free(t);

		fold_move_children(n, em);
		model_append(n, em);
		n->kind = N_PARA;
		return;
	}
	if (n->kind != N_DIV || (!q && !fold_named(n, "answer")))
		return;
	/* A <label> child (DocBook 5) names the label, for answers too. */
	for (struct node *c = n->first; c; c = c->next)
		if (fold_named(c, "label")) {
			given = g_strstrip(model_text(c));
			/* Freed after the walk, which still lists c. */
			model_unlink(c);
			g_ptr_array_add(dead, c);
			break;
		}
	while (set && !fold_named(set, "qandaset"))
		set = set->parent;
	how = set ? model_attr(set, "defaultlabel") : NULL;
	if (how == NULL)
		how = "number";
	if (q && strcmp(how, "number") == 0 && set) {
		/* Counted even when the question names its own label. */
		struct node *in = qanda_container(n);
		guint k = GPOINTER_TO_UINT(g_hash_table_lookup(numbers,
		    in)) + 1;
		char *prefix = qandadiv_numbers(in);

		g_hash_table_insert(numbers, in, GUINT_TO_POINTER(k));
		label = g_strdup_printf("%s%u. ", prefix, k);
		num = g_strdup_printf("%s%u", prefix, k);
		g_free(prefix);
	}
	if (q && own) {
		g_free(label);
		label = g_strdup_printf("%s ", own);
		g_free(num);
		num = g_strdup(own);
	} else if (strcmp(how, "qanda") == 0)
		label = g_strdup(l10n_text(lang,
		    q ? L_QUESTION : L_ANSWER));
	if (given) {
		g_free(label);
		label = g_strdup_printf("%s ", given);
		if (q) {
			g_free(num);
			num = g_strdup(given);
		}
	}
	qanda_xreflabel(n, q, num, qnums, lang);
	if (label)
		lead_in(n, label);
	g_free(label);
	g_free(given);
	g_free(num);
}
