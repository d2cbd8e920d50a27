/*
 * The document model: node allocation, linking, attributes, the
 * non-recursive walker and the non-recursive free.
 */
#include <string.h>

#include "model.h"

static const struct {
	const char *name;
	enum node_class cls;
	enum node_content ct;
} kinds[N__COUNT] = {
#define MODEL_KIND_ROW(k, nm, c, t) [N_##k] = { nm, c, t },
	NODE_KINDS(MODEL_KIND_ROW)
#undef MODEL_KIND_ROW
};

const char *
model_kind_name(enum node_kind k)
{
	return kinds[k].name;
}

enum node_class
model_kind_class(enum node_kind k)
{
	return kinds[k].cls;
}

enum node_content
model_kind_content(enum node_kind k)
{
	return kinds[k].ct;
}

bool
model_is_ancestor(const struct node *a, const struct node *n)
{
	for (n = n->parent; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

bool
model_is_division(enum node_kind k)
{
	switch (k) {
	case N_BOOK:
	case N_PART:
	case N_PREFACE:
	case N_CHAPTER:
	case N_APPENDIX:
	case N_SECTION:
	case N_SIMPLESECT:
		return true;
	default:
		return false;
	}
}

struct node *
model_node_new(enum node_kind k, const char *name, const struct pos *pos)
{
	struct node *n = g_new0(struct node, 1);

	n->kind = k;
	n->name = g_intern_string(name ? name : kinds[k].name);
	if (pos)
		n->pos = *pos;
	return n;
}

struct node *
model_text_new(const char *s, const struct pos *pos)
{
	struct node *t = model_node_new(N_TEXT, NULL, pos);

	t->text = g_strdup(s);
	return t;
}

void
model_append(struct node *parent, struct node *child)
{
	child->parent = parent;
	child->prev = parent->last;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

void
model_insert_before(struct node *ref, struct node *child)
{
	struct node *parent = ref->parent;

	child->parent = parent;
	child->next = ref;
	child->prev = ref->prev;
	if (ref->prev)
		ref->prev->next = child;
	else
		parent->first = child;
	ref->prev = child;
}

void
model_insert_after(struct node *ref, struct node *child)
{
	if (ref->next)
		model_insert_before(ref->next, child);
	else
		model_append(ref->parent, child);
}

void
model_prepend(struct node *parent, struct node *child)
{
	if (parent->first)
		model_insert_before(parent->first, child);
	else
		model_append(parent, child);
}

void
model_unlink(struct node *n)
{
	struct node *p = n->parent;

	if (p == NULL)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		p->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		p->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

void
model_set_attr(struct node *n, const char *name, const char *value)
{
	const char *iname = g_intern_string(name);
	struct attr *a;

	for (a = n->attrs; a; a = a->next)
		if (a->name == iname) {
			g_free(a->value);
			a->value = g_strdup(value);
			return;
		}
	a = g_new0(struct attr, 1);
	a->name = iname;
	a->value = g_strdup(value);
	a->next = n->attrs;
	n->attrs = a;
}

void
model_unset_attr(struct node *n, const char *name)
{
	for (struct attr **a = &n->attrs; *a; a = &(*a)->next)
		if (strcmp((*a)->name, name) == 0) {
			struct attr *gone = *a;

			*a = gone->next;
			g_free(gone->value);
			g_free(gone);
			return;
		}
}

const char *
model_attr(const struct node *n, const char *name)
{
	for (const struct attr *a = n->attrs; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

struct node *
model_title(const struct node *n)
{
	for (struct node *c = n->first; c; c = c->next) {
		if (c->kind == N_TITLE)
			return c;
		if (c->kind == N_INFO)
			for (struct node *i = c->first; i; i = i->next)
				if (i->kind == N_TITLE)
					return i;
	}
	return NULL;
}

enum formal_list
model_formal_list(const struct node *n)
{
	const struct node *k = model_formal_like(n);

	if ((n->kind != N_FIGURE && n->kind != N_TABLE) || n->label == NULL ||
	    (n->flags & NF_INFORMAL) || strcmp(k->name, "example") == 0 ||
	    strcmp(k->name, "equation") == 0 || model_in_formalgroup(n))
		return FL_NONE;
	return k->kind == N_TABLE ? FL_TABLES : FL_FIGURES;
}

const struct node *
model_equation_formula(const struct node *n)
{
	if (n == NULL || n->kind != N_FIGURE || n->label == NULL ||
	    (n->flags & NF_INFORMAL) || strcmp(n->name, "equation") != 0 ||
	    model_title(n))
		return NULL;
	for (const struct node *p = n->first; p; p = p->next)
		if (p->kind == N_PARA)
			for (const struct node *m = p->first; m; m = m->next)
				if (m->kind == N_MATH) {
					const char *d = model_attr(m, "display");

					return d && strcmp(d, "block") == 0 ?
					    m : NULL;
				}
	return NULL;
}

bool
model_is_break(const struct node *n)
{
	return n->kind == N_PHRASE && strcmp(n->name, "sbr") == 0;
}

bool
model_is_set_book(const struct node *n)
{
	return n->kind == N_PART && (strcmp(n->name, "book") == 0 ||
	    strcmp(n->name, "article") == 0);
}

const struct node *
model_book_info(const struct book *b)
{
	for (const struct node *c = b->root->first; c; c = c->next)
		if (c->kind == N_INFO)
			return c;
	return NULL;
}

const struct node *
model_formal_like(const struct node *n)
{
	if (n->kind == N_FIGURE && strcmp(n->name, "formalgroup") == 0)
		for (const struct node *c = n->first; c; c = c->next)
			if (c->kind == N_FIGURE || c->kind == N_TABLE)
				return c;
	return n;
}

bool
model_in_formalgroup(const struct node *n)
{
	return n->parent && n->parent->kind == N_FIGURE &&
	    strcmp(n->parent->name, "formalgroup") == 0;
}

char **
model_book_keywords(const struct book *b)
{
	const struct node *info = model_book_info(b);
	GPtrArray *out = g_ptr_array_new();

	/* A chapter or article alone, wrapped in a book: its own info. */
	if (info == NULL && b->root->first && b->root->first == b->root->last)
		for (const struct node *c = b->root->first->first; c &&
		    info == NULL; c = c->next)
			if (c->kind == N_INFO)
				info = c;
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	if (info)
		model_walk_init(&w, info);
	while (info && (ev = model_walk_next(&w, &n)) != WALK_NONE)
		if (ev == WALK_ENTER && n->kind != N_TEXT &&
		    strcmp(n->name, "keyword") == 0) {
			char *t = g_strstrip(model_text(n));

			if (*t)
				g_ptr_array_add(out, t);
			else
				g_free(t);
			model_walk_skip(&w);
		}
	if (out->len == 0) {
		g_ptr_array_free(out, TRUE);
		return NULL;
	}
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

char *
model_person_text(const struct node *author)
{
	static const char *const not_name[] = { "affiliation", "address",
	    "email", "contrib", "personblurb", "uri", "jobtitle", "orgdiv",
	    "shortaffil", NULL };
	GString *s = g_string_new(NULL);
	char **words;

	for (const struct node *c = author->first; c; c = c->next) {
		bool skip = false;
		char *t;

		for (const char *const *q = not_name; c->kind != N_TEXT && *q;
		    q++)
			skip |= strcmp(c->name, *q) == 0;
		if (skip)
			continue;
		t = model_text(c);
		g_string_append_printf(s, " %s", t);
		g_free(t);
	}
	words = g_strsplit_set(s->str, " \t\r\n", -1);
	g_string_truncate(s, 0);
	for (char **w = words; *w; w++)
		if (**w)
			g_string_append_printf(s, "%s%s", s->len ? " " : "", *w);
	g_strfreev(words);
	return g_string_free(s, FALSE);
}

char *
model_text(const struct node *n)
{
	GString *s = g_string_new(NULL);
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	if (n == NULL)
		return g_string_free(s, FALSE);
	model_walk_init(&w, n);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
		if (ev != WALK_ENTER)
			continue;
		if (c->kind == N_FOOTNOTE || c->kind == N_INDEXTERM ||
		    (c->kind == N_MML && g_str_has_prefix(c->name,
		    "annotation"))) {
			if (c != n)
				model_walk_skip(&w);
			continue;
		}
		if (c->kind == N_TEXT)
			g_string_append(s, c->text);
		else if (model_is_break(c))
			g_string_append_c(s, ' ');
	}
	return g_string_free(s, FALSE);
}

char *
model_copyright_text(const struct node *copyright)
{
	GString *years = g_string_new(NULL), *holders = g_string_new(NULL);
	char *t;

	for (const struct node *c = copyright->first; c; c = c->next) {
		GString *to = c->name && strcmp(c->name, "year") == 0 ? years :
		    c->name && strcmp(c->name, "holder") == 0 ? holders : NULL;

		if (to == NULL)
			continue;
		t = g_strstrip(model_text(c));
		if (*t)
			g_string_append_printf(to, "%s%s", to->len ? ", " : "",
			    t);
		g_free(t);
	}
	if (years->len == 0 && holders->len == 0) {
		g_string_free(years, TRUE);
		g_string_free(holders, TRUE);
		return g_strstrip(model_text(copyright));
	}
	if (years->len && holders->len)
		g_string_append_c(years, ' ');
	g_string_append(years, holders->str);
	g_string_free(holders, TRUE);
	return g_string_free(years, FALSE);
}

char *
model_media_alt(const struct node *media)
{
	char *alt = NULL;
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, media);
	while (alt == NULL && (ev = model_walk_next(&w, &c)) != WALK_NONE)
		if (ev == WALK_ENTER && strcmp(c->name, "areaspec") == 0)
			model_walk_skip(&w);    /* areas' alts name areas */
		else if (ev == WALK_ENTER && c->kind == N_TEXTOBJECT)
			alt = model_text(c);
	if (alt && *alt)
		return alt;
	g_free(alt);
	for (c = media->parent; c; c = c->parent)
		if (c->kind == N_FIGURE)
			return model_title(c) ? model_text(model_title(c)) :
			    g_strdup("");
	return g_strdup("");
}

bool
model_image_lacks_alt(const struct node *media)
{
	bool image = false, alt = false;
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, media);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
		if (ev != WALK_ENTER)
			continue;
		if (strcmp(c->name, "areaspec") == 0)
			model_walk_skip(&w);
		else if (c->kind == N_IMAGEDATA)
			image = true;
		else if (c->kind == N_TEXTOBJECT && !alt) {
			char *t = model_text(c);

			alt = *g_strstrip(t) != '\0';
			g_free(t);
		}
	}
	return image && !alt;
}

char *
model_document_title(const struct book *b)
{
	const struct node *t = model_title(b->root);
	char *s = t ? model_text(t) : g_strdup("");

	g_strstrip(s);
	for (const struct node *n = b->root->first; *s == '\0' && n;
	    n = n->next) {
		if ((t = model_title(n)) != NULL && n != t) {
			g_free(s);
			s = g_strstrip(model_text(t));
		}
	}
	if (*s == '\0') {
		g_free(s);
		s = model_file_stem(b->root->pos.file);
	}
	return s;
}

bool
model_is_biblioentry(const struct node *n)
{
	return n->kind == N_PARA && (g_strcmp0(n->name, "biblioentry") == 0 ||
	    g_strcmp0(n->name, "bibliomixed") == 0);
}

char *
model_file_stem(const char *path)
{
	char *base = g_path_get_basename(path ? path : "book");
	char *dot = strrchr(base, '.');

	if (dot && dot != base)
		*dot = '\0';
	return base;
}

char *
model_inline_media_alt(const struct node *media)
{
	char *alt = model_media_alt(media);
	const char *ref;

	if (*alt)
		return alt;
	g_free(alt);
	for (const struct node *c = media->first; c; c = c->next)
		if (c->kind == N_IMAGEDATA && (ref = model_attr(c, "fileref")) &&
		    *ref)
			return g_path_get_basename(ref);
	return g_strdup("");
}

const struct node *
model_lone_inline_media(const struct node *para)
{
	const struct node *media = NULL;

	if (para->kind != N_PARA || (para->flags & NF_IMPLICIT))
		return NULL;
	for (const struct node *c = para->first; c; c = c->next) {
		if (c->kind == N_INLINEMEDIA && media == NULL)
			media = c;
		else if (c->kind != N_TEXT ||
		    c->text[strspn(c->text, " \t\r\n")] != '\0')
			return NULL;
	}
	return media;
}

void
model_walk_init(struct walker *w, const struct node *root)
{
	w->root = root;
	w->cur = NULL;
	w->ev = WALK_NONE;
}

static bool
has_exit(const struct node *n)
{
	return n->kind != N_TEXT;
}

enum walk_event
model_walk_next(struct walker *w, const struct node **np)
{
	const struct node *n = w->cur;

	if (n == NULL) {
		if (w->ev != WALK_NONE || w->root == NULL)
			return WALK_NONE;       /* finished */
		w->cur = w->root;
		w->ev = WALK_ENTER;
	} else if (w->ev == WALK_ENTER && n->first) {
		w->cur = n->first;
		w->ev = WALK_ENTER;
	} else if (w->ev == WALK_ENTER && has_exit(n)) {
		w->ev = WALK_EXIT;
	} else if (n == w->root) {
		w->cur = NULL;
		w->ev = WALK_EXIT;
		return WALK_NONE;
	} else if (n->next) {
		w->cur = n->next;
		w->ev = WALK_ENTER;
	} else {
		w->cur = n->parent;
		w->ev = WALK_EXIT;
	}
	*np = w->cur;
	return w->ev;
}

void
model_walk_skip(struct walker *w)
{
	if (w->ev == WALK_ENTER && has_exit(w->cur))
		w->ev = WALK_EXIT;
	else if (w->ev == WALK_ENTER && w->cur->first == NULL)
		return;
	else
		w->ev = WALK_EXIT;
}

static void
free_one(struct node *n)
{
	struct attr *a, *an;

	for (a = n->attrs; a; a = an) {
		an = a->next;
		g_free(a->value);
		g_free(a);
	}
	g_free(n->text);
	g_free(n->label);
	g_free(n);
}

void
model_free_tree(struct node *n)
{
	/* Splice every subtree's children into the list being freed, so the
	 * work is a loop whatever the depth (cmark's S_free_nodes). */
	struct node *todo = n, *tail = n;

	if (n == NULL)
		return;
	n->next = NULL;
	while (todo) {
		struct node *cur = todo;

		if (cur->first) {
			tail->next = cur->first;
			tail = cur->last;
			cur->first = cur->last = NULL;
		}
		todo = cur->next;
		free_one(cur);
	}
}

struct book *
model_book_new(void)
{
	struct book *b = g_new0(struct book, 1);

	b->ids = g_hash_table_new(g_str_hash, g_str_equal);
	return b;
}

void
model_book_free(struct book *b)
{
	if (b == NULL)
		return;
	model_free_tree(b->root);
	g_hash_table_destroy(b->ids);
	if (b->images)
		g_hash_table_destroy(b->images);
	g_free(b->base_dir);
	g_free(b->root_dir);
	g_free(b->path);
	g_free(b);
}
