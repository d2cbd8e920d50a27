/*
 * What an author's MathML may get wrong and the EPUB must not carry:
 * epubcheck validates formulas against the MathML 3 schema, so an empty
 * <msub/>, an <mfrac> of one child or stretchy="perhaps" made the whole
 * EPUB invalid. Each such formula is mended with a positioned warning,
 * the same for both back ends: a scripted or fraction element with too
 * few children gets empty rows, one with too many keeps the extra ones in
 * a row with its last child; a script group of mmultiscripts missing its
 * superscript gets <none/>; an attribute whose value the schema refuses
 * is left out.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fold.h"
#include "mathml.h"

struct arity {
	const char *name;
	guint n;                /* element children it takes */
};

static const struct arity arities[] = {
	{ "mfrac", 2 }, { "mroot", 2 }, { "msub", 2 }, { "msup", 2 },
	{ "munder", 2 }, { "mover", 2 }, { "msubsup", 3 },
	{ "munderover", 3 },
};

/* MathML 3's value patterns (mathml3 RNG, as epubcheck reads it). */
#define NUM "[0-9]*([0-9]\\.?|\\.[0-9])[0-9]*"
#define SPACE "(negative)?((very){0,2}thi(n|ck)|medium)mathspace"
#define LENGTH "\\s*((-?" NUM "(e[mx]|in|cm|mm|p[xtc]|%)?)|" SPACE ")\\s*"
#define PADDED "\\s*([\\+\\-]?" NUM "\\s*((%?\\s*(height|depth|width)?)|" \
	"e[mx]|in|cm|mm|p[xtc]|" SPACE ")?)\\s*"
#define BOOL "true|false"
#define COLOR "\\s*(#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?|(?i)(aqua|black|blue|" \
	"fuchsia|gray|green|lime|maroon|navy|olive|purple|red|silver|teal|" \
	"white|yellow))\\s*"

struct attr_rule {
	const char *elem;       /* NULL: on any element */
	const char *attr;
	const char *pattern;
};

static const struct attr_rule rules[] = {
	{ "mpadded", "width", PADDED }, { "mpadded", "height", PADDED },
	{ "mpadded", "depth", PADDED }, { "mpadded", "lspace", PADDED },
	{ "mpadded", "voffset", PADDED },
	{ "mspace", "width", LENGTH }, { "mspace", "height", LENGTH },
	{ "mspace", "depth", LENGTH },
	{ "mo", "lspace", LENGTH }, { "mo", "rspace", LENGTH },
	{ "mo", "minsize", LENGTH }, { "mo", "maxsize", LENGTH "|infinity" },
	{ "mo", "form", "prefix|infix|postfix" },
	{ "mfrac", "linethickness", LENGTH "|thin|medium|thick" },
	{ NULL, "stretchy", BOOL }, { NULL, "symmetric", BOOL },
	{ NULL, "largeop", BOOL }, { NULL, "movablelimits", BOOL },
	{ NULL, "accent", BOOL }, { NULL, "accentunder", BOOL },
	{ NULL, "fence", BOOL }, { NULL, "separator", BOOL },
	{ NULL, "displaystyle", BOOL },
	{ NULL, "scriptlevel", "\\s*[\\+\\-]?[0-9]+\\s*" },
	{ NULL, "mathvariant", "normal|bold|italic|bold-italic|double-struck|"
	    "bold-fraktur|script|bold-script|fraktur|sans-serif|"
	    "bold-sans-serif|sans-serif-italic|sans-serif-bold-italic|"
	    "monospace|initial|tailed|looped|stretched" },
	{ NULL, "mathsize", LENGTH "|small|normal|big" },
	{ NULL, "mathcolor", COLOR }, { NULL, "color", COLOR },
	{ NULL, "mathbackground", COLOR "|transparent" },
	{ NULL, "background", COLOR "|transparent" },
	{ NULL, "dir", "ltr|rtl" },
};

/* The attributes MathML 3's presentation elements take (its schema, as
 * epubcheck reads it), on any of them; notation on menclose only. An
 * HTML page's tabindex, onclick or notation on an mpadded would make
 * the EPUB invalid (and "scripted"). */
static const char *const mml3_attrs[] = {
	"accent", "accentunder", "actiontype", "align", "alignmentscope",
	"alt", "altimg", "altimg-height", "altimg-valign", "altimg-width",
	"alttext", "background", "bevelled", "cd", "cdgroup", "charalign",
	"charspacing", "class", "close", "color", "columnalign", "columnlines",
	"columnspacing", "columnspan", "columnwidth", "crossout",
	"decimalpoint", "definitionURL", "denomalign", "depth", "dir",
	"display", "displaystyle", "edge", "encoding", "equalcolumns",
	"equalrows", "fence", "fontfamily", "fontsize", "fontstyle",
	"fontweight", "form", "frame", "framespacing", "groupalign", "height",
	"href", "id", "indentalign", "indentalignfirst", "indentalignlast",
	"indentshift", "indentshiftfirst", "indentshiftlast", "indenttarget",
	"infixlinebreakstyle", "largeop", "leftoverhang", "length",
	"linebreak", "linebreakmultchar", "linebreakstyle", "lineleading",
	"linethickness", "location", "longdivstyle", "lquote", "lspace",
	"mathbackground", "mathcolor", "mathsize", "mathvariant", "maxsize",
	"maxwidth", "minlabelspacing", "minsize", "movablelimits", "mslinethickness",
	"name", "notation", "numalign", "open", "other", "overflow", "position",
	"rightoverhang", "rowalign", "rowlines", "rowspacing", "rowspan",
	"rquote", "rspace", "scriptlevel", "scriptminsize",
	"scriptsizemultiplier", "selection", "separator", "separators",
	"shift", "side", "src", "stackalign", "stretchy", "style",
	"subscriptshift", "superscriptshift", "symmetric", "valign", "voffset",
	"width", "xref",
};

static int
str_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* Whether MathML 3 has attribute name on element elem. */
static bool
attr_known(const char *elem, const char *name)
{
	if (strchr(name, ':'))
		return true;    /* xml:lang, xlink:...: other namespaces */
	if (strcmp(name, "notation") == 0)
		return strcmp(elem, "menclose") == 0 ||
		    strcmp(elem, "mstyle") == 0;
	if (strcmp(name, "actiontype") == 0 ||
	    strcmp(name, "selection") == 0)
		return strcmp(elem, "maction") == 0 ||
		    strcmp(elem, "mstyle") == 0;
	return bsearch(name, mml3_attrs, G_N_ELEMENTS(mml3_attrs),
	    sizeof mml3_attrs[0], str_cmp) != NULL;
}

/* MathML 3's presentation elements that MathML Core left out. */
static const char *const mml3_only[] = {
	"maligngroup", "malignmark", "menclose", "mfenced", "mglyph",
	"mlabeledtr", "mlongdiv", "mscarries", "mscarry", "msgroup", "msline",
	"msrow", "mstack",
};

/* Elements the schema wants empty. */
static bool
mml_empty(const char *name)
{
	return strcmp(name, "mspace") == 0 || strcmp(name, "none") == 0 ||
	    strcmp(name, "mprescripts") == 0 ||
	    strcmp(name, "malignmark") == 0 || strcmp(name, "mglyph") == 0;
}

static guint
element_children(const struct node *n)
{
	guint k = 0;

	for (const struct node *c = n->first; c; c = c->next)
		k += c->kind != N_TEXT;
	return k;
}

static struct node *
new_mml(const char *name, const struct pos *pos)
{
	return model_node_new(N_MML, name, pos);
}

/* A new element name in n's place, holding n. */
static struct node *
wrap_in(struct node *n, const char *name)
{
	struct node *w = new_mml(name, &n->pos);

	model_insert_before(n, w);
	model_unlink(n);
	model_append(w, n);
	return w;
}

/*
 * What the schema refuses in a formula's shape, each set right where
 * both formats keep its content: an element MathML 3 does not know
 * (<unknown>, already reported) becomes a row; <none/> or <mprescripts/>
 * outside mmultiscripts a row; an mmultiscripts that starts with its
 * mprescripts gets an empty base; what an empty element (mspace, none...)
 * holds follows it; a semantics holds one formula then annotations, so
 * its other children join its first in a row; an maction gets its
 * actiontype (toggle, which shows the first child) and a child.
 */
static bool
mend_shape(struct node *n)
{
	bool mended = false;
	struct node *c, *next;

	if (!mathml_is_core(n->name) && bsearch(n->name, mml3_only,
	    G_N_ELEMENTS(mml3_only), sizeof mml3_only[0], str_cmp) == NULL) {
		n->name = "mrow";
		return false;   /* told as an unsupported element */
	}
	if ((strcmp(n->name, "none") == 0 ||
	    strcmp(n->name, "mprescripts") == 0) &&
	    !(n->parent && n->parent->kind == N_MML &&
	    strcmp(n->parent->name, "mmultiscripts") == 0)) {
		n->name = "mrow";
		mended = true;
	}
	if (mml_empty(n->name) && n->first) {
		for (c = n->last; c; c = next) {
			next = c->prev;
			model_unlink(c);
			model_insert_after(n, c);
		}
		mended = true;
	}
	if (strcmp(n->name, "mmultiscripts") == 0) {
		for (c = n->first; c && c->kind == N_TEXT; c = c->next)
			;
		if (c && strcmp(c->name, "mprescripts") == 0) {
			model_insert_before(c, new_mml("mrow", &c->pos));
			mended = true;
		}
		/* one mprescripts: a second is an empty script */
		for (bool seen = false; c; c = c->next)
			if (c->kind != N_TEXT &&
			    strcmp(c->name, "mprescripts") == 0) {
				if (seen) {
					c->name = "none";
					mended = true;
				}
				seen = true;
			}
	}
	if (strcmp(n->name, "maction") == 0) {
		/* MathML 3 wants its kind and a child; toggle shows the
		 * first, as MathML Core does */
		if (model_attr(n, "actiontype") == NULL) {
			model_set_attr(n, "actiontype", "toggle");
			mended = true;
		}
		if (element_children(n) == 0) {
			model_append(n, new_mml("mrow", &n->pos));
			mended = true;
		}
	}
	if (strcmp(n->name, "semantics") == 0) {
		struct node *first = NULL, *row = NULL;

		for (c = n->first; c; c = next) {
			next = c->next;
			if (c->kind == N_TEXT || strcmp(c->name, "annotation") == 0 ||
			    strcmp(c->name, "annotation-xml") == 0)
				continue;
			if (first == NULL) {
				first = c;
				continue;
			}
			if (row == NULL)
				row = wrap_in(first, "mrow");
			model_unlink(c);
			model_append(row, c);
			mended = true;
		}
		if (first == NULL) {
			model_prepend(n, new_mml("mrow", &n->pos));
			mended = true;
		}
	}
	return mended;
}

/* annotation-xml may hold any vocabulary. */
static bool
in_annotation_xml(const struct node *n)
{
	for (const struct node *p = n->parent; p && p->kind != N_MATH;
	    p = p->parent)
		if (p->kind == N_MML && strcmp(p->name, "annotation-xml") == 0)
			return true;
	return false;
}

/* Elements of other vocabularies inside a formula (HTML in an mtext,
 * as MathML Core allows and MathML 3 does not; already reported as
 * unsupported): their content stays, a <br> as a space. */
static void
unwrap_foreign(struct node *n, GPtrArray *dead)
{
	struct node *c, *next;

	if (g_strcmp0(n->name, "br") == 0 && n->prev &&
	    n->prev->kind == N_TEXT) {
		char *t = g_strconcat(n->prev->text, " ", NULL);

		g_free(n->prev->text);
		n->prev->text = t;
	} else if (g_strcmp0(n->name, "br") == 0)
		model_insert_before(n, model_text_new(" ", &n->pos));
	for (c = n->first; c; c = next) {
		next = c->next;
		model_unlink(c);
		model_insert_before(n, c);
	}
	model_unlink(n);
	g_ptr_array_add(dead, n);
}

/* Too few children: empty rows after them; too many: the extra ones in
 * a row with the last child the element takes. */
static bool
mend_arity(struct node *n, guint want)
{
	guint have = element_children(n), k = 0;
	struct node *c, *next, *row;

	if (have == want)
		return false;
	for (; have < want; have++)
		model_append(n, new_mml("mrow", &n->pos));
	if (have == want)
		return true;
	for (c = n->first; c; c = c->next)
		if (c->kind != N_TEXT && ++k == want)
			break;
	row = new_mml("mrow", &c->pos);
	model_insert_before(c, row);
	for (; c; c = next) {
		next = c->next;
		model_unlink(c);
		model_append(row, c);
	}
	return true;
}

/* mmultiscripts: a base, then subscript-superscript pairs, before and
 * after an mprescripts; a pair missing its second gets <none/>. */
static bool
mend_multiscripts(struct node *n)
{
	bool mended = false;
	guint k = 0;

	if (element_children(n) == 0) {
		model_append(n, new_mml("mrow", &n->pos));
		return true;
	}
	for (struct node *c = n->first; c; c = c->next) {
		if (c->kind == N_TEXT)
			continue;
		if (k > 0 && strcmp(c->name, "mprescripts") == 0) {
			if (k % 2 == 0) {
				model_insert_before(c, new_mml("none",
				    &c->pos));
				mended = true;
			}
			k = 1;
			continue;
		}
		k++;
	}
	if (k % 2 == 0) {
		model_append(n, new_mml("none", &n->pos));
		mended = true;
	}
	return mended;
}

static bool
value_ok(GHashTable *res, const char *pattern, const char *v)
{
	GRegex *re = g_hash_table_lookup(res, pattern);

	if (re == NULL) {
		char *full = g_strdup_printf("^(%s)$", pattern);

		re = g_regex_new(full, G_REGEX_OPTIMIZE, 0, NULL);
		g_free(full);
		g_hash_table_insert(res, (gpointer)pattern, re);
	}
	return re == NULL || g_regex_match(re, v, 0, NULL);
}

/* displaystyle and scriptlevel, which MathML Core takes on any element
 * and MathML 3 only on mstyle (displaystyle on math and mtable too),
 * move to an mstyle around the element: the same formula in both. */
static void
mend_style_attrs(struct node *n)
{
	static const char *const names[] = { "displaystyle", "scriptlevel" };
	struct node *style = NULL;

	if (n->kind != N_MML || strcmp(n->name, "mstyle") == 0)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		const char *v = model_attr(n, names[i]);

		if (v == NULL || (i == 0 && strcmp(n->name, "mtable") == 0))
			continue;
		if (style == NULL)
			style = wrap_in(n, "mstyle");
		model_set_attr(style, names[i], v);
		model_unset_attr(n, names[i]);
	}
}

static void
mend_attrs(struct node *n, GHashTable *res)
{
	GPtrArray *unknown = g_ptr_array_new_with_free_func(g_free);

	mend_style_attrs(n);

	for (const struct attr *a = n->attrs; a; a = a->next)
		if (!attr_known(n->name, a->name))
			g_ptr_array_add(unknown, g_strdup(a->name));
	for (guint i = 0; i < unknown->len; i++) {
		diag(D_MATH_ATTR_UNKNOWN, &n->pos, (char *)unknown->pdata[i],
		    n->name);
		model_unset_attr(n, unknown->pdata[i]);
	}
	g_ptr_array_free(unknown, TRUE);
	for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
		const char *v;

		if (rules[i].elem && strcmp(rules[i].elem, n->name) != 0)
			continue;
		v = model_attr(n, rules[i].attr);
		if (v == NULL || value_ok(res, rules[i].pattern, v))
			continue;
		diag(D_MATH_ATTR, &n->pos, rules[i].attr, v, n->name);
		model_unset_attr(n, rules[i].attr);
	}
}

void
mathml_check(struct book *b)
{
	GHashTable *res = g_hash_table_new_full(g_direct_hash,
	    g_direct_equal, NULL, (GDestroyNotify)g_regex_unref);
	GPtrArray *todo = g_ptr_array_new();
	GPtrArray *foreign = g_ptr_array_new();
	GPtrArray *dead = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)model_free_tree);
	unsigned in_math = 0;
	struct walker w;
	const struct node *cn;
	enum walk_event ev;

	model_walk_init(&w, b->root);
	while ((ev = model_walk_next(&w, &cn)) != WALK_NONE) {
		if (cn->kind == N_MATH)
			in_math += ev == WALK_ENTER ? 1 : -1;
		if (ev != WALK_ENTER || cn->kind == N_TEXT)
			continue;
		if (cn->kind == N_MML || cn->kind == N_MATH)
			g_ptr_array_add(todo, (gpointer)cn);
		else if (in_math && !in_annotation_xml(cn))
			g_ptr_array_add(foreign, (gpointer)cn);
	}
	/* innermost first: their parents are still in the tree */
	for (guint i = foreign->len; i > 0; i--)
		unwrap_foreign(g_ptr_array_index(foreign, i - 1), dead);
	for (guint i = 0; i < todo->len; i++) {
		struct node *n = g_ptr_array_index(todo, i);
		guint have = element_children(n);
		bool mended = false;
		const char *was;

		mend_attrs(n, res);
		if (n->kind == N_MATH)
			continue;       /* its attributes only */
		was = n->name;
		if (mend_shape(n))
			diag(D_MATH_SHAPE, &n->pos, was);
		for (size_t k = 0; k < G_N_ELEMENTS(arities); k++)
			if (strcmp(n->name, arities[k].name) == 0) {
				mended = mend_arity(n, arities[k].n);
				if (mended)
					diag(D_MATH_ARITY, &n->pos, n->name,
					    have, arities[k].n);
			}
		if (strcmp(n->name, "mmultiscripts") == 0 &&
		    mend_multiscripts(n))
			diag(D_MATH_MULTI, &n->pos);
	}
	g_ptr_array_free(todo, TRUE);
	g_ptr_array_free(foreign, TRUE);
	g_ptr_array_free(dead, TRUE);
	g_hash_table_destroy(res);
}
