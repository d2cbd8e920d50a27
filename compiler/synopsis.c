/*
 * Object-oriented synopses (classsynopsis, methodsynopsis,
 * constructorsynopsis, destructorsynopsis, fieldsynopsis, enumsynopsis)
 * folded into listings, before unsupported elements are reported: the
 * synopsis becomes a PROGRAMLISTING holding its own elements (classname,
 * methodname, parameter... stay inline code) and the generated text
 * between them, written as PHP's manual shows a synopsis (a
 * classsynopsisinfo role="comment" is a comment line among the members):
 *
 *     final class Foo extends Bar implements Baz {
 *         public int $x = 1;
 *         public __construct(string $a, int $b = 0)
 *         public static m(): void
 *     }
 *
 * A member's synopsisinfo is a verbatim line above or below it, a C++
 * template a "template <T>" line above its class or method, and a
 * packagesynopsis a "package name;" line above its classes (DocBook 5.2).
 *
 * With language="java" (c++, csharp, idl) on the synopsis, the return type
 * stands before the name, variables have no "$" and methods end in ";".
 * An optional parameter without a default value is in brackets. Markup
 * whitespace between the parts is dropped; text inside them is collapsed.
 */
#include <string.h>

#include "synopsis.h"
#include "text.h"

/* PHP's manual's layout, or the C family's. */
struct syn_style {
	bool c_like;
	const char *indent;     /* before a member of a class */
};

static bool
named(const struct node *n, const char *name)
{
	return n->kind != N_TEXT && strcmp(n->name, name) == 0;
}

static bool
is_member(const struct node *n)
{
	return named(n, "methodsynopsis") || named(n, "constructorsynopsis") ||
	    named(n, "destructorsynopsis") || named(n, "fieldsynopsis");
}

static bool
is_oo(const struct node *n)
{
	return named(n, "ooclass") || named(n, "oointerface") ||
	    named(n, "ooexception");
}

static bool
is_blank_text(const struct node *n)
{
	if (n->kind != N_TEXT)
		return false;
	for (const char *s = n->text; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static void
text_after(struct node *parent, const char *s, const struct pos *pos)
{
	model_append(parent, model_text_new(s, pos));
}

/* Unlinks n's children into an array, blank text freed. */
static GPtrArray *
take_children(struct node *n)
{
	GPtrArray *kids = g_ptr_array_new();
	struct node *c;

	while ((c = n->first) != NULL) {
		model_unlink(c);
		if (is_blank_text(c))
			model_free_tree(c);
		else
			g_ptr_array_add(kids, c);
	}
	return kids;
}

static bool
is_modifier(const struct node *n, const char *text)
{
	const struct node *t = n->first;

	return named(n, "modifier") && t && t->kind == N_TEXT &&
	    t == n->last && strcmp(t->text, text) == 0;
}

/* A type: "A|B" for a union, "A&B" for an intersection, a nested one in
 * parentheses ("(A&B)|null"). */
static void
fold_type(struct node *t, bool nested)
{
	const char *cls = model_attr(t, "class");
	const char *op = g_strcmp0(cls, "union") == 0 ? "|" :
	    g_strcmp0(cls, "intersection") == 0 ? "&" : NULL;
	GPtrArray *kids;

	if (op == NULL) {
		text_collapse_run(t);
		return;
	}
	kids = take_children(t);
	if (nested)
		text_after(t, "(", &t->pos);
	for (guint i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (i > 0)
			text_after(t, op, &k->pos);
		model_append(t, k);
		if (named(k, "type"))
			fold_type(k, true);
		else
			text_collapse_run(k);
	}
	if (nested)
		text_after(t, ")", &t->pos);
	g_ptr_array_free(kids, TRUE);
}

/* A part written as it stands: a type, a name, a value. */
static void
fold_part(struct node *n)
{
	if (named(n, "type"))
		fold_type(n, false);
	else if (n->kind != N_TEXT)
		text_collapse_run(n);
	else
		g_strstrip(n->text);    /* stray text in a synopsis */
}

/* Parts that write no text (index terms, anchors) or an unknown element:
 * appended as they are, after a space when they have text. */
static void
append_other(struct node *to, struct node *k)
{
	if (model_kind_content(k->kind) != CT_EMPTY)
		text_after(to, " ", &k->pos);
	fold_part(k);
	model_append(to, k);
}

/* "$name", "&$name", "...$name". */
static void
fold_varname(struct node *v, const struct syn_style *st, bool sigil,
    const char *prefix)
{
	text_collapse_run(v);
	if (sigil && !st->c_like)
		model_prepend(v, model_text_new("$", &v->pos));
	if (prefix && *prefix)
		model_prepend(v, model_text_new(prefix, &v->pos));
}

/* A parameter: [attributes] type $name [= value]; optional without a
 * value: [type $name]. */
static void
fold_param(struct node *p, const struct syn_style *st)
{
	GPtrArray *kids = take_children(p);
	struct node *init = NULL;
	GString *prefix = g_string_new(NULL);
	bool opt = g_strcmp0(model_attr(p, "choice"), "opt") == 0;
	bool first = true;

	for (guint i = 0; i < kids->len; i++)
		if (named(g_ptr_array_index(kids, i), "initializer"))
			init = g_ptr_array_index(kids, i);
	if (opt && init == NULL)
		text_after(p, "[", &p->pos);
	for (guint i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (k == init)
			continue;
		if (!first && model_kind_content(k->kind) != CT_EMPTY)
			text_after(p, " ", &k->pos);
		if (named(k, "parameter")) {
			g_string_truncate(prefix, 0);
			if (g_strcmp0(model_attr(k, "role"), "reference") == 0)
				g_string_append_c(prefix, '&');
			if (g_strcmp0(model_attr(p, "rep"), "repeat") == 0)
				g_string_append(prefix, "...");
			fold_varname(k, st, true, prefix->str);
		} else
			fold_part(k);
		model_append(p, k);
		first = false;
	}
	if (init) {
		text_after(p, " = ", &init->pos);
		fold_part(init);
		model_append(p, init);
	}
	if (opt && init == NULL)
		text_after(p, "]", &p->pos);
	g_string_free(prefix, TRUE);
	g_ptr_array_free(kids, TRUE);
}

/* Inside a class synopsis, a method's name without the class's prefix:
 * "Exception::getMessage" is "getMessage" in class Exception. */
static void
strip_class_prefix(struct node *name, const char *cls)
{
	struct node *t = name->first;
	size_t n = cls ? strlen(cls) : 0;

	if (n == 0 || t == NULL || t->kind != N_TEXT ||
	    strncmp(t->text, cls, n) != 0 || strncmp(t->text + n, "::", 2) != 0 ||
	    t->text[n + 2] == '\0')
		return;
	memmove(t->text, t->text + n + 2, strlen(t->text + n + 2) + 1);
}

/* A C++ template (DocBook 5.2) of a class or method: "template <T, U>"
 * on the line above it; a specialization's arguments are returned, in
 * "<...>", for the caller to put after the name ("template <>" above).
 * tpl is unlinked from kids' owner and prepended to m. */
static struct node *
fold_template(struct node *m, struct node *tpl, const char *nl)
{
	GPtrArray *kids = take_children(tpl);
	struct node *spec = NULL;
	bool first = true;

	text_after(tpl, "template <", &tpl->pos);
	for (guint i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (named(k, "specializedtemplate")) {
			text_collapse_run(k);
			if (spec == NULL) {
				spec = model_node_new(N_PHRASE, "template",
				    &k->pos);
				text_after(spec, "<", &k->pos);
			} else {
				text_after(spec, ", ", &k->pos);
			}
			k->kind = N_PHRASE;
			model_append(spec, k);
			continue;
		}
		if (!first)
			text_after(tpl, ", ", &k->pos);
		fold_part(k);
		if (k->kind == N_UNKNOWN)
			k->kind = N_CODE;
		model_append(tpl, k);
		first = false;
	}
	if (spec)
		text_after(spec, ">", &spec->pos);
	text_after(tpl, ">", &tpl->pos);
	text_after(tpl, nl, &tpl->pos);
	tpl->kind = N_PHRASE;
	model_prepend(m, tpl);
	g_ptr_array_free(kids, TRUE);
	return spec;
}

/* Takes m's template child out of kids, if there is one. */
static struct node *
take_template(GPtrArray *kids)
{
	for (guint i = 0; i < kids->len; i++)
		if (named(g_ptr_array_index(kids, i), "template"))
			return g_ptr_array_steal_index(kids, i);
	return NULL;
}

/* modifiers name(params): type, or in the C family
 * modifiers type name(params); with attributes (#[\Deprecated]) on a
 * line of their own. */
static void
fold_method(struct node *m, const struct syn_style *st, const char *cls,
    const char *indent)
{
	GPtrArray *kids = take_children(m);
	GPtrArray *params = g_ptr_array_new();
	GPtrArray *throws = g_ptr_array_new();
	GPtrArray *after = g_ptr_array_new();
	GPtrArray *other = g_ptr_array_new();
	struct node *ret = NULL, *name = NULL, *tpl = take_template(kids);
	struct node *spec = NULL;
	char *nl = g_strconcat("\n", indent, NULL);

	for (guint i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (named(k, "modifier") && name == NULL && ret == NULL) {
			bool attr = g_strcmp0(model_attr(k, "role"),
			    "attribute") == 0;

			text_collapse_run(k);
			model_append(m, k);
			text_after(m, attr ? nl : " ", &k->pos);
		} else if (named(k, "modifier"))
			g_ptr_array_add(after, k);
		else if ((named(k, "type") || named(k, "void")) && name == NULL &&
		    ret == NULL)
			ret = k;
		else if (named(k, "methodname") && name == NULL)
			name = k;
		else if (named(k, "methodparam"))
			g_ptr_array_add(params, k);
		else if (named(k, "void"))
			model_free_tree(k);     /* no parameters: () */
		else if (named(k, "exceptionname"))
			g_ptr_array_add(throws, k);
		else
			g_ptr_array_add(other, k);
	}
	if (ret && named(ret, "void") && ret->first == NULL)
		text_after(ret, "void", &ret->pos);
	if (ret)
		fold_part(ret);
	if (ret && st->c_like) {
		model_append(m, ret);
		text_after(m, " ", &ret->pos);
	}
	if (name) {
		text_collapse_run(name);
		strip_class_prefix(name, cls);
		model_append(m, name);
	}
	if (tpl && (spec = fold_template(m, tpl, nl)) != NULL)
		model_append(m, spec);
	text_after(m, "(", &m->pos);
	for (guint i = 0; i < params->len; i++) {
		struct node *p = g_ptr_array_index(params, i);

		if (i > 0)
			text_after(m, ", ", &p->pos);
		fold_param(p, st);
		model_append(m, p);
	}
	text_after(m, ")", &m->pos);
	if (ret && !st->c_like) {
		text_after(m, ": ", &ret->pos);
		model_append(m, ret);
	}
	for (guint i = 0; i < throws->len; i++) {
		struct node *e = g_ptr_array_index(throws, i);

		text_after(m, i == 0 ? " throws " : ", ", &e->pos);
		text_collapse_run(e);
		model_append(m, e);
	}
	for (guint i = 0; i < after->len; i++) {
		struct node *k = g_ptr_array_index(after, i);

		text_after(m, " ", &k->pos);
		text_collapse_run(k);
		model_append(m, k);
	}
	if (st->c_like)
		text_after(m, ";", &m->pos);
	for (guint i = 0; i < other->len; i++)
		append_other(m, g_ptr_array_index(other, i));
	g_free(nl);
	g_ptr_array_free(other, TRUE);
	g_ptr_array_free(after, TRUE);
	g_ptr_array_free(throws, TRUE);
	g_ptr_array_free(params, TRUE);
	g_ptr_array_free(kids, TRUE);
}

/* modifiers type $name = value; (no "$" for a constant). */
static void
fold_field(struct node *f, const struct syn_style *st)
{
	GPtrArray *kids = take_children(f);
	bool constant = false, first = true;

	for (guint i = 0; i < kids->len; i++)
		if (is_modifier(g_ptr_array_index(kids, i), "const"))
			constant = true;
	for (guint i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (named(k, "initializer"))
			text_after(f, " = ", &k->pos);
		else if (!first && model_kind_content(k->kind) != CT_EMPTY)
			text_after(f, " ", &k->pos);
		if (named(k, "varname"))
			fold_varname(k, st, !constant, NULL);
		else
			fold_part(k);
		model_append(f, k);
		first = false;
	}
	text_after(f, ";", &f->pos);
	g_ptr_array_free(kids, TRUE);
}

/* A synopsisinfo's text, verbatim but for the line breaks at its ends. */
static void
trim_info(struct node *k)
{
	k->kind = N_PHRASE;
	if (k->first && k->first->kind == N_TEXT) {
		char *t = k->first->text;
		size_t skip = strspn(t, "\r\n");

		memmove(t, t + skip, strlen(t + skip) + 1);
	}
	if (k->last && k->last->kind == N_TEXT)
		g_strchomp(k->last->text);
}

/* A member, with its synopsisinfo verbatim: one that comes before the
 * member's other parts is a line above it, any other a line below, as
 * xslTNG writes them. */
static void
fold_member(struct node *m, const struct syn_style *st, const char *cls,
    const char *indent)
{
	GPtrArray *before = g_ptr_array_new(), *after = g_ptr_array_new();
	char *nl = g_strconcat("\n", indent, NULL);
	bool lead = true;
	struct node *next;

	for (struct node *k = m->first; k; k = next) {
		next = k->next;
		if (is_blank_text(k))
			continue;
		if (!named(k, "synopsisinfo")) {
			lead = false;
			continue;
		}
		model_unlink(k);
		trim_info(k);
		g_ptr_array_add(lead ? before : after, k);
	}
	if (named(m, "fieldsynopsis"))
		fold_field(m, st);
	else
		fold_method(m, st, cls, indent);
	for (guint i = before->len; i-- > 0; ) {
		struct node *k = g_ptr_array_index(before, i);

		model_prepend(m, model_text_new(nl, &k->pos));
		model_prepend(m, k);
	}
	for (guint i = 0; i < after->len; i++) {
		struct node *k = g_ptr_array_index(after, i);

		text_after(m, nl, &k->pos);
		model_append(m, k);
	}
	g_free(nl);
	g_ptr_array_free(before, TRUE);
	g_ptr_array_free(after, TRUE);
}

/* A class's synopsis information: a comment, or text; text alone over
 * several lines is verbatim, each line at the members' indent. */
static void
fold_info(struct node *info, const char *indent)
{
	struct node *t = info->first;

	if (t && t == info->last && t->kind == N_TEXT &&
	    g_strcmp0(model_attr(info, "role"), "comment") != 0 &&
	    strchr(g_strstrip(t->text), '\n')) {
		char **lines = g_strsplit(t->text, "\n", -1);
		char *nl = g_strconcat("\n", indent, NULL);

		g_free(t->text);
		t->text = g_strjoinv(nl, lines);
		g_free(nl);
		g_strfreev(lines);
		return;
	}
	text_collapse_run(info);
	if (g_strcmp0(model_attr(info, "role"), "comment") == 0) {
		model_prepend(info, model_text_new("/* ", &info->pos));
		text_after(info, " */", &info->pos);
	}
}

/* One of the class's names with its modifiers. The first (with keyword)
 * is the class itself ("final class Closure"); a later one follows its
 * modifier (" extends Exception", " implements A"), or a name of the same
 * kind (", B": listed), or says what it is (" extends A" for a class). */
static void
fold_oo(struct node *oo, const char *keyword, bool listed)
{
	const char *first = keyword;
	GPtrArray *kids = take_children(oo);
	bool modified = false;

	for (guint i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (named(k, "modifier"))
			modified = true;
		if (i > 0)
			text_after(oo, " ", &k->pos);
		if (keyword && !named(k, "modifier") &&
		    model_kind_content(k->kind) != CT_EMPTY) {
			text_after(oo, keyword, &k->pos);
			text_after(oo, " ", &k->pos);
			keyword = NULL;
		}
		fold_part(k);
		model_append(oo, k);
	}
	if (first == NULL)
		model_prepend(oo, model_text_new(modified ? " " : listed ? ", " :
		    named(oo, "ooclass") ? " extends " :
		    named(oo, "oointerface") ? " implements " : " throws ",
		    &oo->pos));
	g_ptr_array_free(kids, TRUE);
}

/* The text of a class's own name, for stripping "Class::". */
static char *
class_name(const struct node *oo)
{
	for (const struct node *c = oo->first; c; c = c->next)
		if (named(c, "classname") || named(c, "interfacename") ||
		    named(c, "exceptionname")) {
			char *t = model_text(c);

			return g_strstrip(t);
		}
	return NULL;
}

/* case NAME = value; // description (PHP), NAME = value, (the C family). */
static void
fold_enumitem(struct node *item, const struct syn_style *st)
{
	GPtrArray *kids = take_children(item);
	struct node *desc = NULL;
	bool first = true;

	if (!st->c_like)
		text_after(item, "case ", &item->pos);
	for (guint i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (named(k, "enumitemdescription") && desc == NULL) {
			desc = k;
			continue;
		}
		if (named(k, "enumvalue"))
			text_after(item, " = ", &k->pos);
		else if (!first && model_kind_content(k->kind) != CT_EMPTY)
			text_after(item, " ", &k->pos);
		fold_part(k);
		model_append(item, k);
		first = false;
	}
	text_after(item, st->c_like ? "," : ";", &item->pos);
	if (desc) {
		text_after(item, " // ", &desc->pos);
		text_collapse_run(desc);
		desc->kind = N_PHRASE;
		model_append(item, desc);
	}
	g_ptr_array_free(kids, TRUE);
}

/* The header: the class's names (ooclass...), or an enum's modifiers and
 * name. Returns how many of kids it took. */
static guint
fold_header(struct node *cs, GPtrArray *kids, const char *keyword,
    char **cls)
{
	bool is_enum = named(cs, "enumsynopsis"), wrote = false;
	const struct node *own = NULL, *prev = NULL;
	guint i;

	for (i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (model_kind_content(k->kind) == CT_EMPTY) {
			model_append(cs, k);  /* an index term, an anchor */
			continue;
		}
		if (is_enum && !named(k, "modifier") && !named(k, "enumname"))
			break;
		if (!is_enum && !is_oo(k))
			break;
		if (is_enum) {
			if (wrote)
				text_after(cs, " ", &k->pos);
			if (named(k, "enumname") && keyword) {
				text_after(cs, keyword, &k->pos);
				text_after(cs, " ", &k->pos);
				keyword = NULL;
			}
			fold_part(k);
		} else if (own == NULL) {
			own = k;
			*cls = class_name(k);
			fold_oo(k, keyword, false);
			keyword = NULL;
		} else {
			/* ", B" after a name of its kind other than the
			 * class's own. */
			fold_oo(k, NULL, prev != own &&
			    strcmp(prev->name, k->name) == 0);
		}
		prev = k;
		wrote = true;
		model_append(cs, k);
	}
	if (keyword) {
		if (wrote)
			text_after(cs, " ", &cs->pos);
		text_after(cs, keyword, &cs->pos);
	}
	return i;
}

/* class Name extends B implements C, D {
 *     a member a line
 * } */
static void
fold_class(struct node *cs, const struct syn_style *st, const char *keyword)
{
	GPtrArray *kids = take_children(cs);
	struct node *tpl = take_template(kids), *spec = NULL;
	char *cls = NULL;
	char *nl = g_strconcat("\n", st->indent, NULL);

	guint i = fold_header(cs, kids, keyword, &cls);

	/* The specialization's arguments after the class's own name. */
	if (tpl && (spec = fold_template(cs, tpl, "\n")) != NULL) {
		struct node *own = cs->first;

		while (own && !is_oo(own))
			own = own->next;
		if (own)
			model_append(own, spec);
		else
			model_append(cs, spec);
	}

	text_after(cs, " {", &cs->pos);
	for (; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (model_kind_content(k->kind) == CT_EMPTY) {
			model_append(cs, k);  /* an index term, an anchor */
			continue;
		}
		text_after(cs, nl, &k->pos);
		if (is_member(k))
			fold_member(k, st, cls, st->indent);
		else if (named(k, "classsynopsisinfo"))
			fold_info(k, st->indent);
		else if (named(k, "enumitem"))
			fold_enumitem(k, st);
		else
			fold_part(k);
		if (k->kind == N_UNKNOWN && (is_member(k) ||
		    named(k, "classsynopsisinfo") || named(k, "enumitem")))
			k->kind = N_PHRASE;
		model_append(cs, k);
	}
	text_after(cs, "\n}", &cs->pos);
	g_free(cls);
	g_free(nl);
	g_ptr_array_free(kids, TRUE);
}

/* Which layout the synopsis's language asks for. */
static bool
c_family(const char *lang)
{
	static const char *const names[] = { "java", "c++", "cpp", "csharp",
	    "c#", "idl" };

	for (size_t i = 0; lang && i < G_N_ELEMENTS(names); i++)
		if (g_ascii_strcasecmp(lang, names[i]) == 0)
			return true;
	return false;
}

/* package name;
 *
 * and then its classes and members (DocBook 5.2 packagesynopsis). */
static void
fold_package(struct node *ps, const struct syn_style *st)
{
	GPtrArray *kids = take_children(ps);
	bool wrote = false;

	for (guint i = 0; i < kids->len; i++) {
		struct node *k = g_ptr_array_index(kids, i);

		if (model_kind_content(k->kind) == CT_EMPTY) {
			model_append(ps, k);
			continue;
		}
		if (wrote)
			text_after(ps, "\n\n", &k->pos);
		if (named(k, "package")) {
			text_after(ps, "package ", &k->pos);
			fold_part(k);
			model_append(ps, k);
			text_after(ps, ";", &k->pos);
		} else {
			struct syn_style own = *st;

			if (model_attr(k, "language"))
				own.c_like = c_family(model_attr(k, "language"));
			if (named(k, "classsynopsis"))
				fold_class(k, &own, g_strcmp0(model_attr(k,
				    "class"), "interface") == 0 ? "interface" :
				    "class");
			else if (named(k, "enumsynopsis"))
				fold_class(k, &own, "enum");
			else if (is_member(k))
				fold_member(k, &own, NULL, "");
			else
				fold_part(k);
			if (k->kind == N_UNKNOWN && !named(k, "synopsisinfo"))
				k->kind = N_PHRASE;
			model_append(ps, k);
		}
		wrote = true;
	}
	g_ptr_array_free(kids, TRUE);
}

void
synopsis_fold(struct book *b)
{
	GPtrArray *todo = g_ptr_array_new();
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	/* Collect first, outermost only: folding relinks the subtrees. */
	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		if (ev != WALK_ENTER || cn->kind != N_UNKNOWN)
			continue;
		if (is_member(cn) || named(cn, "classsynopsis") ||
		    named(cn, "enumsynopsis") || named(cn, "classsynopsisinfo") ||
		    named(cn, "packagesynopsis")) {
			g_ptr_array_add(todo, (gpointer)cn);
			model_walk_skip(&w);
		}
	}
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);
		struct syn_style st = { c_family(model_attr(n, "language")),
		    "    " };

		if (named(n, "packagesynopsis"))
			fold_package(n, &st);
		else if (named(n, "classsynopsis"))
			fold_class(n, &st, g_strcmp0(model_attr(n, "class"),
			    "interface") == 0 ? "interface" : "class");
		else if (named(n, "enumsynopsis"))
			fold_class(n, &st, "enum");
		else if (is_member(n))
			fold_member(n, &st, NULL, "");
		/* A class synopsis information on its own is verbatim. */
		n->kind = N_PROGRAMLISTING;
	}
	g_ptr_array_free(todo, TRUE);
}
