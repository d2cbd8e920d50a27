/*
 * Element families folded into blocks, lists and tables as DocBook XSL
 * sets them: annotations (DocBook 5.1) as notes marked where they annotate,
 * simple lists inline ("a, b, c") or as tables of columns, message sets
 * and tasks as blocks with their titles, grammars (productionset) as
 * tables of numbered productions. Runs before unsupported elements are
 * reported, on the elements' names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "l10n.h"

/* A production of a grammar, read before any is folded: a
 * productionrecap may repeat one from anywhere in the book. */
struct prod {
	unsigned number;
	char *lhs;
	GPtrArray *rhs;         /* each rhs's text */
};

struct more {
	struct book *b;
	GHashTable *ids;        /* id -> node, as read */
	GHashTable *annotated;  /* annotation id -> the nodes naming it */
	GHashTable *prods;      /* production id -> struct prod */
	GPtrArray *dead;        /* nodes freed at the end */
};

static void
prod_free(gpointer p)
{
	struct prod *pr = p;

	g_free(pr->lhs);
	g_ptr_array_free(pr->rhs, TRUE);
	g_free(pr);
}

/* ---- Annotations -------------------------------------------------- */

/* What a annotates: the elements its annotates= names, then those whose
 * annotations= names it, each once, in that order. */
static GPtrArray *
annotated_nodes(struct more *m, const struct node *a)
{
	const char *list = model_attr(a, "annotates");
	GPtrArray *out = g_ptr_array_new();
	GPtrArray *named = a->id ? g_hash_table_lookup(m->annotated, a->id) :
	    NULL;

	if (list) {
		char **ids = g_strsplit_set(list, " \t\r\n", -1);

		for (char **p = ids; *p; p++) {
			struct node *t = **p ? g_hash_table_lookup(m->ids,
			    *p) : NULL;

			if (t && !g_ptr_array_find(out, t, NULL))
				g_ptr_array_add(out, t);
		}
		g_strfreev(ids);
	}
	for (guint i = 0; named && i < named->len; i++)
		if (!g_ptr_array_find(out, named->pdata[i], NULL))
			g_ptr_array_add(out, named->pdata[i]);
	/* an annotation cannot mark itself or what it holds */
	for (guint i = out->len; i-- > 0;)
		if (out->pdata[i] == a || model_is_ancestor(a, out->pdata[i]))
			g_ptr_array_remove_index(out, i);
	return out;
}

/* Whether n holds inline content of its own (text that is not blank, or
 * an inline element): a mark can stand in it. */
static bool
holds_inline(const struct node *n)
{
	if (model_kind_content(n->kind) == CT_INLINE)
		return true;
	for (const struct node *c = n->first; c; c = c->next)
		if ((c->kind == N_TEXT && !fold_blank(c)) ||
		    (c->kind != N_TEXT && model_kind_class(c->kind) ==
		    NC_INLINE && c->kind != N_UNKNOWN))
			return true;
	return false;
}

/* Puts mark beside t, or beside the part (an image, a colspec) of
 * whatever holds it in a block or a line. */
static void
place_beside(struct node *t, struct node *mark, bool before)
{
	while (t->parent && model_kind_content(t->parent->kind) == CT_PARTS)
		t = t->parent;
	if (t->parent == NULL)
		model_append(t, mark);
	else if (before)
		model_insert_before(t, mark);
	else
		model_insert_after(t, mark);
}

/* Puts mark at t, at its start (before) or its end: beside an inline
 * element; in a paragraph, title or cell that holds text; in the title
 * of a division or formal object; else in the first (last) of its
 * children that can take it; beside what holds no text (an image). */
static void
place_mark(struct node *t, struct node *mark, bool before)
{
	for (;;) {
		struct node *title = model_title(t), *c;
		enum node_content ct = model_kind_content(t->kind);

		if (t->parent && ((model_kind_class(t->kind) == NC_INLINE &&
		    t->kind != N_UNKNOWN) || ct == CT_EMPTY ||
		    (ct == CT_PARTS && t->first == NULL))) {
			place_beside(t, mark, before);
			return;
		}
		if (title && (model_is_division(t->kind) ||
		    t->kind == N_FIGURE || t->kind == N_TABLE))
			t = title;
		if (holds_inline(t) || t->first == NULL) {
			if (before)
				model_prepend(t, mark);
			else
				model_append(t, mark);
			return;
		}
		c = before ? t->first : t->last;
		while (c && (c->kind == N_TEXT || c->kind == N_TITLE ||
		    c->kind == N_SUBTITLE || c->kind == N_INFO ||
		    c->kind == N_COLSPEC || c->kind == N_SPANSPEC ||
		    fold_named(c, "annotation")))
			c = before ? c->next : c->prev;
		if (c == NULL) {
			model_append(t, mark);
			return;
		}
		t = c;
	}
}

/*
 * An annotation is a note, as DocBook xslTNG shows one: a mark at each
 * element it annotates (annotates=, or an element's annotations=), at
 * its end (at its start with role="before"), leads to its text. In the
 * model it becomes a footnote at the first element and a footnoteref at
 * each other, so the PDF sets it at the foot of the page that shows the
 * mark, and the EPUB as its other notes; its title leads its first
 * paragraph in bold. One that annotates nothing in the book stays where
 * it is written, a block headed "Annotation" (l10n.c), with a warning.
 */
static void
fold_annotation(struct more *m, struct node *a, unsigned serial)
{
	GPtrArray *ts = annotated_nodes(m, a);
	bool before = g_strcmp0(model_attr(a, "role"), "before") == 0;
	struct node *title = NULL, *p;

	if (ts->len == 0) {
		const char *an = model_attr(a, "annotates");
		char *why = an ? g_strdup_printf("annotates='%s'", an) :
		    a->id ? g_strdup_printf("no element names '%s' in its "
		    "annotations", a->id) : g_strdup("no annotates= and no id");

		diag(D_ANNOTATES_NOTHING, &a->pos, why);
		g_free(why);
		a->kind = N_ADMONITION;
		g_ptr_array_free(ts, TRUE);
		return;
	}
	if (a->id == NULL && ts->len > 1) {
		char id[40];

		snprintf(id, sizeof id, "bookc-annotation-%u", serial);
		model_set_attr(a, "id", id);
		a->id = model_attr(a, "id");
	}
	for (struct node *c = a->first; c; c = c->next)
		if (c->kind == N_TITLE || c->kind == N_INFO)
			title = c->kind == N_TITLE ? c : model_title(c);
	if (title) {
		struct node *em = fold_bold_node(title);
		char *t = fold_squashed(title);

		fold_append_text(em, t);
		fold_append_text(em, l10n_is_zh(fold_lang_of(a, m->b->lang)) ?
		    "　" : ". ");
		g_free(t);
		for (p = a->first; p && p->kind != N_PARA; p = p->next)
			;
		if (p == NULL) {
			p = model_node_new(N_PARA, "para", &a->pos);
			model_append(a, p);
		}
		model_prepend(p, em);
		if (title->parent != a)
			title = title->parent;  /* the info */
		model_unlink(title);
		g_ptr_array_add(m->dead, title);
	}
	model_unlink(a);
	a->kind = N_FOOTNOTE;
	place_mark(ts->pdata[0], a, before);
	for (guint i = 1; i < ts->len; i++) {
		struct node *r = model_node_new(N_FOOTNOTEREF, "annotationref",
		    &a->pos);

		model_set_attr(r, "linkend", a->id);
		place_mark(ts->pdata[i], r, before);
	}
	g_ptr_array_free(ts, TRUE);
}

/* ---- Simple lists ------------------------------------------------- */

/* type="inline": the members in the line, "a, b, c" (Chinese "a、b、c");
 * otherwise a table of columns without rules, filled down the columns
 * (vert, the default) or across them (horiz); of one column (the
 * default), a line each. */
static void
fold_simplelist(struct more *m, struct node *l, const char *lang)
{
	GPtrArray *mem = g_ptr_array_new();
	const char *type = model_attr(l, "type");
	const char *cs = model_attr(l, "columns");
	long cols = cs ? strtol(cs, NULL, 10) : 1;
	bool horiz = g_strcmp0(type, "horiz") == 0;
	struct node *t;
	guint rows;

	for (struct node *c = l->first, *next; c; c = next) {
		next = c->next;
		if (c->kind != N_TEXT)
			g_ptr_array_add(mem, c);
		else if (fold_blank(c)) {
			model_unlink(c);
			model_free_tree(c);
		}
	}
	if (g_strcmp0(type, "inline") == 0) {
		l->kind = N_PHRASE;
		for (guint i = 0; i < mem->len; i++) {
			struct node *c = g_ptr_array_index(mem, i);

			c->kind = N_PHRASE;
			fold_trim(c);
			if (i > 0)
				model_insert_before(c, model_text_new(
				    l10n_is_zh(lang) ? "、" : ", ", &c->pos));
		}
		g_ptr_array_free(mem, TRUE);
		return;
	}
	if (cols < 1 || cols > 64)
		cols = 1;
	if (cols == 1) {
		/* a table of one column without rules: a line each */
		l->kind = N_DIV;
		for (guint i = 0; i < mem->len; i++) {
			struct node *c = g_ptr_array_index(mem, i);

			c->kind = N_PARA;
			c->flags |= NF_IMPLICIT;
		}
		g_ptr_array_free(mem, TRUE);
		return;
	}
	t = model_node_new(N_TABLE, "simplelist", &l->pos);
	t->flags |= NF_INFORMAL;
	model_set_attr(t, "frame", "none");
	if (l->id) {
		model_set_attr(t, "id", l->id);
		t->id = model_attr(t, "id");
	}
	rows = (mem->len + (guint)cols - 1) / (guint)cols;
	for (guint r = 0; r < rows; r++) {
		struct node *row = model_node_new(N_ROW, "tr", &l->pos);

		model_append(t, row);
		for (guint c = 0; c < (guint)cols; c++) {
			guint i = horiz ? r * (guint)cols + c : c * rows + r;
			struct node *cell = fold_table_cell(row, 1, false);

			if (i < mem->len)
				fold_move_children(g_ptr_array_index(mem, i),
				    cell);
		}
	}
	if (rows > 0)
		model_insert_before(l, t);
	else
		model_free_tree(t);
	model_unlink(l);
	g_ptr_array_add(m->dead, l);
	g_ptr_array_free(mem, TRUE);
}

/* ---- Message sets and tasks ---------------------------------------- */

static bool
named_any(const struct node *n, const char *const *names)
{
	for (; *names; names++)
		if (fold_named(n, *names))
			return true;
	return false;
}

/* "Audience: a. Level: l. Origin: o." from a msginfo's children or a
 * simplemsgentry's attributes; NULL if there is none. */
static struct node *
msg_info(const struct node *from, bool attrs, const char *lang)
{
	static const char *const names[] = { "msgaud", "msglevel", "msgorig" };
	static const enum l10n_text words[] = { L_MSGAUD, L_MSGLEVEL,
	    L_MSGORIG };
	GString *s = g_string_new(NULL);
	struct node *p = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		char *v = NULL;

		if (attrs && model_attr(from, names[i]))
			v = g_strdup(model_attr(from, names[i]));
		for (const struct node *c = attrs ? NULL : from->first; c;
		    c = c->next)
			if (c->kind != N_TEXT && fold_named(c, names[i]))
				v = fold_squashed(c);
		if (v && *v)
			g_string_append_printf(s, "%s%s%s%s%s", s->len ?
			    " " : "", l10n_text(lang, words[i]),
			    l10n_is_zh(lang) ? "：" : ": ", v,
			    l10n_is_zh(lang) ? "。" : ".");
		g_free(v);
	}
	if (s->len) {
		p = model_node_new(N_PARA, "msginfo", &from->pos);
		p->flags |= NF_IMPLICIT;
		fold_append_text(p, s->str);
	}
	g_string_free(s, TRUE);
	return p;
}

static void
fold_msgset(struct more *m, struct node *n, const char *lang)
{
	static const char *const divs[] = { "msgset", "msgentry",
	    "simplemsgentry", "msg", "msgmain", "msgsub", "msgrel",
	    "msgtext", "msgexplan", NULL };

	if (named_any(n, divs)) {
		n->kind = N_DIV;
		fold_title_para(n);
		if (fold_named(n, "simplemsgentry")) {
			struct node *p = msg_info(n, true, lang);

			if (p)
				model_append(n, p);
		}
	} else if (fold_named(n, "msginfo")) {
		struct node *p = msg_info(n, false, lang);

		if (p)
			model_insert_before(n, p);
		model_unlink(n);
		g_ptr_array_add(m->dead, n);
	}
}

static void
fold_task(struct node *n)
{
	static const char *const divs[] = { "task", "tasksummary",
	    "taskprerequisites", "taskrelated", NULL };

	if (named_any(n, divs)) {
		n->kind = N_DIV;
		fold_title_para(n);
	}
}

/* A procedure's result (DocBook 5.2): its blocks after the steps, as
 * xslTNG writes them; the model's procedure is a list, so they follow
 * it. */
static void
fold_result(struct node *n)
{
	struct node *proc = n->parent;

	if (proc == NULL || proc->kind != N_ORDEREDLIST ||
	    strcmp(proc->name, "procedure") != 0)
		return;
	model_unlink(n);
	model_insert_after(proc, n);
	n->kind = N_DIV;
}

/* An info's itermset: its index terms go to the element each one's zone
 * names, or else to the element the info describes, after its title and
 * info (in its first division, for a book or part), so that they index
 * its first page. */
static void
fold_itermset(struct more *m, struct node *n)
{
	const struct node *info = n->parent;
	struct node *owner = info ? info->parent : NULL, *next;

	if (info == NULL || info->kind != N_INFO || owner == NULL)
		return;
	for (struct node *k = n->first; k; k = next) {
		const char *zone = model_attr(k, "zone");
		struct node *to = owner, *at;
		char **ids;

		next = k->next;
		if (k->kind != N_INDEXTERM)
			continue;
		ids = g_strsplit(zone ? zone : "", " ", 2);
		if (ids[0] && g_hash_table_lookup(m->ids, ids[0]))
			to = g_hash_table_lookup(m->ids, ids[0]);
		g_strfreev(ids);
		/* A book's or part's first page is its first division's. */
		for (;;) {
			at = to->first;
			while (at && (at->kind == N_TITLE ||
			    at->kind == N_INFO || at->kind == N_SUBTITLE ||
			    at->kind == N_TEXT))
				at = at->next;
			if (at == NULL || !model_is_division(at->kind))
				break;
			to = at;
		}
		model_unlink(k);
		if (at)
			model_insert_before(at, k);
		else
			model_append(to, k);
	}
	model_unlink(n);
	g_ptr_array_add(m->dead, n);
}

/* ---- Grammars ------------------------------------------------------- */

static void
read_prod(struct more *m, struct node *p, unsigned number)
{
	struct prod *pr = g_new0(struct prod, 1);

	pr->number = number;
	pr->rhs = g_ptr_array_new_with_free_func(g_free);
	for (struct node *c = p->first; c; c = c->next)
		if (c->kind == N_TEXT)
			continue;
		else if (fold_named(c, "lhs") && pr->lhs == NULL)
			pr->lhs = fold_squashed(c);
		else if (fold_named(c, "rhs"))
			g_ptr_array_add(pr->rhs, fold_squashed(c));
	if (pr->lhs == NULL)
		pr->lhs = g_strdup("");
	g_hash_table_insert(m->prods, p, pr);
}

static struct node *
cell_text(struct node *row, const char *text)
{
	struct node *c = fold_table_cell(row, 1, false);

	fold_append_text(c, text);
	return c;
}

/* A row of a grammar: "[n]", the left-hand side, "::=", each right-hand
 * side a line, and each constraint, "[Division by Zero]", a line after
 * them (a cross-reference to its constraintdef). */
static void
production_row(struct more *m, struct node *t, struct node *p)
{
	struct prod *pr = g_hash_table_lookup(m->prods, p);
	struct node *row = model_node_new(N_ROW, "tr", &p->pos), *lhs, *rhs;
	char *num = g_strdup_printf("[%u]", pr->number);

	model_append(t, row);
	cell_text(row, num);
	g_free(num);
	lhs = fold_table_cell(row, 1, false);
	/* the production's id, and what an xref to it reads */
	if (p->id) {
		model_set_attr(lhs, "id", p->id);
		lhs->id = model_attr(lhs, "id");
		model_set_attr(lhs, "xreflabel", pr->lhs);
	}
	cell_text(row, "::=");
	rhs = fold_table_cell(row, 1, false);
	for (struct node *c = p->first, *next; c; c = next) {
		next = c->next;
		if (c->kind == N_TEXT)
			continue;
		if (fold_named(c, "lhs"))
			fold_move_children(c, lhs);
		else if (fold_named(c, "rhs")) {
			struct node *para = model_node_new(N_PARA, "rhs",
			    &c->pos);

			para->flags |= NF_IMPLICIT;
			fold_move_children(c, para);
			model_append(rhs, para);
		} else if (fold_named(c, "constraint") &&
		    model_attr(c, "linkend")) {
			struct node *x = model_node_new(N_XREF, "xref",
			    &c->pos);
			struct node *para = model_node_new(N_PARA,
			    "constraint", &c->pos);

			/* a line of the right-hand side: "[Constraint]" */
			para->flags |= NF_IMPLICIT;
			model_set_attr(x, "linkend", model_attr(c, "linkend"));
			fold_append_text(para, "[");
			model_append(para, x);
			fold_append_text(para, "]");
			model_append(rhs, para);
		}
	}
}

/* A productionrecap: the production it names again, its sides as text,
 * its left-hand side linked to it. */
static void
recap_row(struct more *m, struct node *t, struct node *r)
{
	const char *to = model_attr(r, "linkend");
	struct node *p = to ? g_hash_table_lookup(m->ids, to) : NULL;
	struct prod *pr = p ? g_hash_table_lookup(m->prods, p) : NULL;
	struct node *row, *link, *rhs;
	char *num;

	if (pr == NULL)
		return;
	row = model_node_new(N_ROW, "tr", &r->pos);
	model_append(t, row);
	num = g_strdup_printf("[%u]", pr->number);
	cell_text(row, num);
	g_free(num);
	link = model_node_new(N_LINK, "productionrecap", &r->pos);
	model_set_attr(link, "linkend", to);
	fold_append_text(link, pr->lhs);
	model_append(fold_table_cell(row, 1, false), link);
	cell_text(row, "::=");
	rhs = fold_table_cell(row, 1, false);
	for (guint i = 0; i < pr->rhs->len; i++) {
		struct node *para = model_node_new(N_PARA, "rhs", &r->pos);

		para->flags |= NF_IMPLICIT;
		fold_append_text(para, g_ptr_array_index(pr->rhs, i));
		model_append(rhs, para);
	}
}

/* A productionset is its title and a table of its productions. */
static void
fold_productionset(struct more *m, struct node *ps)
{
	struct node *t = model_node_new(N_TABLE, "productionset", &ps->pos);

	t->flags |= NF_INFORMAL;
	model_set_attr(t, "frame", "none");
	ps->kind = N_DIV;
	fold_title_para(ps);
	for (struct node *c = ps->first, *next; c; c = next) {
		next = c->next;
		if (fold_named(c, "production"))
			production_row(m, t, c);
		else if (fold_named(c, "productionrecap"))
			recap_row(m, t, c);
		else
			continue;
		model_unlink(c);
		g_ptr_array_add(m->dead, c);
	}
	if (t->first)
		model_append(ps, t);
	else
		model_free_tree(t);
}

/* A nonterminal links to the production its def= names ("#id"); a
 * constraintdef is a block an xref calls by its title. */
static void
fold_grammar_part(struct node *n)
{
	const char *def = model_attr(n, "def");

	if (fold_named(n, "nonterminal")) {
		if (def && def[0] == '#' && def[1]) {
			n->kind = N_LINK;
			model_set_attr(n, "linkend", def + 1);
		} else
			n->kind = N_PHRASE;
	} else if (fold_named(n, "constraintdef")) {
		struct node *t = model_title(n);

		n->kind = N_DIV;
		if (t && !model_attr(n, "xreflabel")) {
			char *s = fold_squashed(t);

			model_set_attr(n, "xreflabel", s);
			g_free(s);
		}
		fold_title_para(n);
	}
}

/* ---- The pass --------------------------------------------------------- */

static void
collect(struct more *m, GPtrArray *todo)
{
	struct walker w;
	const struct node *cn;
	enum walk_event ev;
	unsigned prods = 0;

	model_walk_init(&w, m->b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		struct node *n = (struct node *)cn;
		const char *an;

		if (ev != WALK_ENTER || n->kind == N_TEXT)
			continue;
		if (n->id && !g_hash_table_contains(m->ids, n->id))
			g_hash_table_insert(m->ids, (gpointer)n->id, n);
		if ((an = model_attr(n, "annotations")) != NULL) {
			char **ids = g_strsplit_set(an, " \t\r\n", -1);

			for (char **p = ids; *p; p++) {
				GPtrArray *l;

				if (**p == '\0')
					continue;
				l = g_hash_table_lookup(m->annotated, *p);
				if (l == NULL) {
					l = g_ptr_array_new();
					g_hash_table_insert(m->annotated,
					    g_strdup(*p), l);
				}
				g_ptr_array_add(l, n);
			}
			g_strfreev(ids);
		}
		if (fold_named(n, "production"))
			read_prod(m, n, ++prods);
		if (n->kind == N_UNKNOWN || fold_named(n, "simplelist") ||
		    fold_named(n, "msgtext"))
			g_ptr_array_add(todo, n);
	}
}

void
fold_more(struct book *b)
{
	struct more m = { b, NULL, NULL, NULL, NULL };
	GPtrArray *todo = g_ptr_array_new();
	unsigned annotations = 0;

	m.ids = g_hash_table_new(g_str_hash, g_str_equal);
	m.annotated = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)g_ptr_array_unref);
	m.prods = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    prod_free);
	m.dead = g_ptr_array_new();
	collect(&m, todo);
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);
		const char *lang = fold_lang_of(n, b->lang);

		if (!model_is_ancestor(b->root, n))
			continue;       /* in a node already folded away */
		if (fold_named(n, "annotation"))
			fold_annotation(&m, n, ++annotations);
		else if (fold_named(n, "simplelist"))
			fold_simplelist(&m, n, lang);
		else if (fold_named(n, "productionset"))
			fold_productionset(&m, n);
		else if (fold_named(n, "nonterminal") ||
		    fold_named(n, "constraintdef"))
			fold_grammar_part(n);
		else if (g_str_has_prefix(n->name, "msg") ||
		    fold_named(n, "simplemsgentry"))
			fold_msgset(&m, n, lang);
		else if (g_str_has_prefix(n->name, "task"))
			fold_task(n);
		else if (fold_named(n, "result"))
			fold_result(n);
		else if (fold_named(n, "itermset"))
			fold_itermset(&m, n);
	}
	for (guint i = 0; i < m.dead->len; i++)
		model_free_tree(g_ptr_array_index(m.dead, i));
	g_ptr_array_free(m.dead, TRUE);
	g_hash_table_destroy(m.prods);
	g_hash_table_destroy(m.annotated);
	g_hash_table_destroy(m.ids);
	g_ptr_array_free(todo, TRUE);
}
