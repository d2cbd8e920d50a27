/*
 * The structure tree's part of pdf_finish (finish.c): what Cairo 1.16's
 * tags cannot say, given to the elements the device opened. A walk of
 * the tree depth first meets them in the order the device opened them,
 * the order of the texts it kept (struct pdf_tags):
 *  - a Figure's or a Formula's /Alt;
 *  - a Link's annotation gets /Contents, the link's text (what a screen
 *    reader says of the link; PDF/UA-1 7.18.5);
 *  - a list (L) says how its items are numbered, /A << /O /List
 *    /ListNumbering /Decimal >> (or /Disc...);
 *  - a header cell (TH) says what it heads, /A << /O /Table /Scope
 *    /Column >> (bookc's header cells are those of header rows);
 *  - page furniture becomes artifacts. Cairo has no tag for them, so the
 *    device draws each piece in a leaf element of its own, tagged
 *    PDF_ARTIFACT_TAG, which it uses for nothing else. Here those leaves
 *    leave the tree, their entries in the parent tree become null, and
 *    in the page's content stream their "/Private << /MCID n >> BDC"
 *    becomes "/Artifact << /Type /Pagination >> BDC" (running heads, page
 *    numbers, repeated table headers) or /Layout (rules, backgrounds).
 *    So every mark on a page is either in the tree or an artifact. The
 *    pages' content streams are inflated, edited and deflated again.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <zlib.h>

#include "diag.h"
#include "finish_int.h"

/* A leaf of PDF_ARTIFACT_TAG met in the walk. */
struct artifact {
	long num, parent, page;
	int mcid;
	char kind;              /* 'P' pagination, 'L' layout */
};

/* Whether a structure element's dictionary has /S /type. */
static bool
is_type(const char *dict, const char *type)
{
	const char *v = fin_dict_value(dict, "/S");
	size_t n = strlen(type);

	if (v == NULL)
		return false;
	v = fin_skip_space(v);
	return *v == '/' && strncmp(v + 1, type, n) == 0 &&
	    !g_ascii_isalnum(v[1 + n]);
}

static long
ref_value(const char *dict, const char *key)
{
	const char *v = fin_dict_value(dict, key);

	return v ? strtol(v, NULL, 10) : -1;
}

/* Sets key to a text string in the update's copy of object num. */
static bool
set_text(const char *d, size_t len, long xref, GArray *objs, long num,
    const char *key, const char *text)
{
	GString *e = fin_upd_object(d, len, xref, objs, num);
	GString *a;

	if (e == NULL)
		return false;
	a = g_string_new(" ");
	g_string_append_printf(a, "%s ", key);
	fin_append_text_string(a, text);
	g_string_append_c(a, ' ');
	fin_remove_key(e, key);
	fin_add_before_end(e, a->str);
	g_string_free(a, TRUE);
	return true;
}

/* The object's text between "obj" and "endobj", to g_free. */
static char *
raw_object(const char *d, size_t len, long xref, long num)
{
	long off = fin_object_offset(d, len, xref, num);
	const char *s, *e;

	if (off < 0 || (size_t)off >= len)
		return NULL;
	s = memmem(d + off, len - off, "obj", 3);
	e = s ? memmem(s, len - (s - d), "endobj", 6) : NULL;
	return e ? g_strndup(s + 3, e - s - 3) : NULL;
}

GPtrArray *
fin_ref_items(const char *p)
{
	GPtrArray *items = g_ptr_array_new_with_free_func(g_free);

	p = fin_skip_space(p);
	if (*p++ != '[')
		goto bad;
	for (;;) {
		char *end;
		long num;

		p = fin_skip_space(p);
		if (*p == ']')
			return items;
		if (strncmp(p, "null", 4) == 0) {
			g_ptr_array_add(items, g_strdup("null"));
			p += 4;
			continue;
		}
		if (!g_ascii_isdigit(*p))
			goto bad;
		num = strtol(p, &end, 10);
		p = fin_skip_space(end);
		if (strncmp(p, "0", 1) != 0)
			goto bad;
		p = fin_skip_space(p + 1);
		if (*p != 'R')
			goto bad;
		p++;
		g_ptr_array_add(items, g_strdup_printf("%ld 0 R", num));
	}
bad:
	g_ptr_array_free(items, TRUE);
	return NULL;
}

GString *
fin_items_array(const GPtrArray *items)
{
	GString *a = g_string_new("[");

	for (guint i = 0; i < items->len; i++)
		g_string_append_printf(a, " %s", (const char *)items->pdata[i]);
	g_string_append(a, " ]");
	return a;
}

/* Takes the elements of gone (a set of numbers) out of the /K of parent
 * in the update. */
static bool
unlink_kids(const char *d, size_t len, long xref, GArray *objs, long parent,
    GHashTable *gone)
{
	GString *e = fin_upd_object(d, len, xref, objs, parent);
	const char *k = e ? fin_dict_value(e->str, "/K") : NULL;
	GPtrArray *items;
	GString *a;

	if (k == NULL)
		return false;
	k = fin_skip_space(k);
	if (*k == '[')
		items = fin_ref_items(k);
	else {
		/* the only kid */
		items = g_ptr_array_new_with_free_func(g_free);
		if (g_ascii_isdigit(*k))
			g_ptr_array_add(items, g_strdup_printf("%ld 0 R",
			    strtol(k, NULL, 10)));
	}
	if (items == NULL)
		return false;
	for (guint i = 0; i < items->len; i++)
		if (g_hash_table_contains(gone, GSIZE_TO_POINTER(strtol(
		    items->pdata[i], NULL, 10))))
			g_ptr_array_remove_index(items, i--);
	a = fin_items_array(items);
	fin_remove_key(e, "/K");
	g_string_prepend(a, " /K ");
	g_string_append_c(a, ' ');
	fin_add_before_end(e, a->str);
	g_string_free(a, TRUE);
	g_ptr_array_free(items, TRUE);
	return true;
}

/* The number tree's /Nums of the parent tree: key -> array object. */
static GHashTable *
parent_tree(const char *d, size_t len, long xref, const char *catalog)
{
	long root = ref_value(catalog, "/StructTreeRoot"), pt;
	char *rd = root > 0 ? fin_object_dict(d, len, xref, root) : NULL;
	char *pd;
	const char *p;
	GHashTable *map = NULL;

	pt = rd ? ref_value(rd, "/ParentTree") : -1;
	pd = pt > 0 ? fin_object_dict(d, len, xref, pt) : NULL;
	p = pd ? fin_dict_value(pd, "/Nums") : NULL;
	if (p && *(p = fin_skip_space(p)) == '[') {
		map = g_hash_table_new(g_direct_hash, g_direct_equal);
		for (p++;;) {
			char *end;
			long key, num;

			p = fin_skip_space(p);
			if (!g_ascii_isdigit(*p))
				break;
			key = strtol(p, &end, 10);
			num = strtol(end, &end, 10);
			p = fin_skip_space(end);
			if (strncmp(p, "0", 1) != 0)
				break;
			p = fin_skip_space(p + 1);
			if (*p != 'R')
				break;
			p++;
			g_hash_table_insert(map, GSIZE_TO_POINTER(key),
			    GSIZE_TO_POINTER(num));
		}
		if (*p != ']') {
			g_hash_table_destroy(map);
			map = NULL;
		}
	}
	g_free(rd);
	g_free(pd);
	return map;
}

/* A stream's data as written (start and length), and whether it is
 * deflated. */
static bool
stream_data(const char *d, size_t len, long xref, long num, const char **data,
    size_t *n, bool *flate)
{
	long off = fin_object_offset(d, len, xref, num);
	const char *s, *e, *v, *p;
	char *dict, *end;
	long length;

	if (off < 0 || (size_t)off >= len ||
	    !fin_dict_bounds(d + off, d + len, &s, &e))
		return false;
	dict = g_strndup(s, e - s);
	v = fin_dict_value(dict, "/Length");
	length = v ? strtol(v, &end, 10) : -1;
	if (v && strncmp(fin_skip_space(end), "0 R", 3) == 0) {
		char *lo = raw_object(d, len, xref, length);

		length = lo ? strtol(lo, NULL, 10) : -1;
		g_free(lo);
	}
	v = fin_dict_value(dict, "/Filter");
	*flate = v && strncmp(fin_skip_space(v), "/FlateDecode", 12) == 0;
	if (v && !*flate)
		length = -1;
	g_free(dict);
	p = e;
	while (p < d + len && (*p == ' ' || *p == '\r' || *p == '\n'))
		p++;
	if (length < 0 || p + 6 > d + len || strncmp(p, "stream", 6) != 0)
		return false;
	p += 6;
	if (p < d + len && *p == '\r')
		p++;
	if (p < d + len && *p == '\n')
		p++;
	if ((size_t)length > len - (p - d))
		return false;
	*data = p;
	*n = length;
	return true;
}

static GByteArray *
inflated(const char *data, size_t n)
{
	GByteArray *out = g_byte_array_new();
	z_stream z = { 0 };
	guint8 buf[16384];
	int r = Z_OK;

	if (inflateInit(&z) != Z_OK)
		return out;
	z.next_in = (Bytef *)data;
	z.avail_in = n;
	while (r == Z_OK) {
		z.next_out = buf;
		z.avail_out = sizeof buf;
		r = inflate(&z, Z_NO_FLUSH);
		g_byte_array_append(out, buf, sizeof buf - z.avail_out);
	}
	inflateEnd(&z);
	if (r != Z_STREAM_END)
		g_byte_array_set_size(out, 0);
	return out;
}

/* The content stream num of a page, as text (inflated); NULL if it
 * cannot be read. */
static GString *
stream_text(const char *d, size_t len, long xref, long num)
{
	const char *data;
	size_t n;
	bool flate;
	GString *out;

	if (!stream_data(d, len, xref, num, &data, &n, &flate))
		return NULL;
	if (flate) {
		GByteArray *in = inflated(data, n);

		if (in->len == 0 && n > 0) {
			g_byte_array_free(in, TRUE);
			return NULL;
		}
		out = g_string_new_len((const char *)in->data, in->len);
		g_byte_array_free(in, TRUE);
	} else
		out = g_string_new_len(data, n);
	return out;
}

/* A page's content with its artifacts' marked content made artifacts
 * (mcids: MCID -> kind); false if it does not hold exactly those. */
static bool
mark_artifacts(GString *content, GHashTable *mcids)
{
	static const char mark[] = "/" PDF_ARTIFACT_TAG " << /MCID ";
	const char *p = content->str, *e = p + content->len, *m;
	GString *out = g_string_sized_new(content->len + 64);
	guint found = 0;

	while ((m = memmem(p, e - p, mark, sizeof mark - 1)) != NULL) {
		char *end;
		long mcid = strtol(m + sizeof mark - 1, &end, 10);
		gpointer kind;

		g_string_append_len(out, p, m - p);
		p = m + sizeof mark - 1;
		if (e - end < 7 || strncmp(end, " >> BDC", 7) != 0 ||
		    !g_hash_table_lookup_extended(mcids,
		    GSIZE_TO_POINTER(mcid), NULL, &kind))
			break;
		g_string_append_printf(out, "/Artifact << /Type /%s >> BDC",
		    GPOINTER_TO_INT(kind) == 'P' ? "Pagination" : "Layout");
		p = end + 7;
		found++;
	}
	g_string_append_len(out, p, e - p);
	g_string_assign(content, "");
	g_string_append_len(content, out->str, out->len);
	g_string_free(out, TRUE);
	return found == g_hash_table_size(mcids);
}

/* A content stream object for the update, deflated; NULL on failure. */
static GString *
stream_object(const GString *content)
{
	uLongf zn = compressBound(content->len);
	Bytef *z = g_malloc(zn);
	GString *obj = NULL;

	/* level 1, as Cairo's streams (zlevel.c) */
	if (compress2(z, &zn, (const Bytef *)content->str, content->len,
	    Z_BEST_SPEED) == Z_OK) {
		obj = g_string_new(NULL);
		g_string_append_printf(obj, "<< /Length %lu /Filter "
		    "/FlateDecode >>\nstream\n", (unsigned long)zn);
		g_string_append_len(obj, (const char *)z, zn);
		g_string_append(obj, "\nendstream");
	}
	g_free(z);
	return obj;
}

/* The parent tree's array for a page, with its artifacts' MCIDs null;
 * NULL if it cannot be read. */
static GPtrArray *
page_items(const char *d, size_t len, long xref, long array,
    GHashTable *mcids)
{
	char *raw = raw_object(d, len, xref, array);
	GPtrArray *items = raw ? fin_ref_items(raw) : NULL;
	GHashTableIter it;
	gpointer k;

	g_free(raw);
	g_hash_table_iter_init(&it, mcids);
	while (items && g_hash_table_iter_next(&it, &k, NULL)) {
		guint i = GPOINTER_TO_SIZE(k);

		if (i >= items->len) {
			g_ptr_array_free(items, TRUE);
			return NULL;
		}
		g_free(items->pdata[i]);
		items->pdata[i] = g_strdup("null");
	}
	return items;
}

/* The set of a page's artifact MCIDs in pages (page -> MCID -> kind),
 * made empty on first use. */
static GHashTable *
page_mcids(GHashTable *pages, long page)
{
	GHashTable *mcids = g_hash_table_lookup(pages, GSIZE_TO_POINTER(page));

	if (mcids == NULL) {
		mcids = g_hash_table_new(g_direct_hash, g_direct_equal);
		g_hash_table_insert(pages, GSIZE_TO_POINTER(page), mcids);
	}
	return mcids;
}

/* One page's content stream and parent-tree array in the update: its
 * artifacts (mcids) made artifacts, the ink of its SVG images' figures
 * (figlinks) marked; false if the page is not what the device drew. */
static bool
finish_page(const char *d, size_t len, long xref, GHashTable *tree,
    long num, GHashTable *mcids, const GArray *figlinks, GHashTable *kids,
    GArray *objs)
{
	char *page = fin_object_dict(d, len, xref, num);
	long contents = page ? ref_value(page, "/Contents") : -1;
	long sp = page ? ref_value(page, "/StructParents") : -1;
	gpointer array;
	GPtrArray *items = NULL;
	GString *content = NULL, *s = NULL;
	bool ok;

	ok = contents > 0 && sp >= 0 && g_hash_table_lookup_extended(tree,
	    GSIZE_TO_POINTER(sp), NULL, &array) &&
	    (items = page_items(d, len, xref, GPOINTER_TO_SIZE(array),
	    mcids)) != NULL &&
	    (content = stream_text(d, len, xref, contents)) != NULL &&
	    mark_artifacts(content, mcids);
	if (ok && figlinks->len)
		fin_figure_ink(d, len, xref, objs, num, figlinks, content,
		    items, kids);
	if (ok)
		ok = (s = stream_object(content)) != NULL;
	if (ok) {
		fin_upd_add(objs, GPOINTER_TO_SIZE(array),
		    fin_items_array(items));
		fin_upd_replace(objs, contents, s);
	}
	if (items)
		g_ptr_array_free(items, TRUE);
	if (content)
		g_string_free(content, TRUE);
	g_free(page);
	return ok;
}

/* The artifacts out of the tree, the parent tree and the pages' content
 * (see the top of the file), and the ink of SVG images with links
 * (figlinks) in their Figures. */
static bool
make_artifacts(const char *d, size_t len, long xref, const char *catalog,
    const GArray *arts, const GArray *figlinks, GArray *objs)
{
	GHashTable *pages = g_hash_table_new_full(g_direct_hash,
	    g_direct_equal, NULL, (GDestroyNotify)g_hash_table_destroy);
	/* parent -> the set of its kids that go */
	GHashTable *parents = g_hash_table_new_full(g_direct_hash,
	    g_direct_equal, NULL, (GDestroyNotify)g_hash_table_destroy);
	GHashTable *kids = g_hash_table_new_full(g_direct_hash,
	    g_direct_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
	GHashTable *tree = NULL;
	GHashTableIter it;
	gpointer k, v;
	bool ok = true;

	for (guint i = 0; ok && i < arts->len; i++) {
		const struct artifact *a = &g_array_index(arts, struct artifact,
		    i);
		GHashTable *gone;

		ok = a->page > 0 && a->mcid >= 0 && a->parent > 0;
		gone = g_hash_table_lookup(parents, GSIZE_TO_POINTER(a->parent));
		if (gone == NULL) {
			gone = g_hash_table_new(g_direct_hash, g_direct_equal);
			g_hash_table_insert(parents, GSIZE_TO_POINTER(a->parent),
			    gone);
		}
		g_hash_table_add(gone, GSIZE_TO_POINTER(a->num));
		g_hash_table_insert(page_mcids(pages, a->page),
		    GSIZE_TO_POINTER(a->mcid), GINT_TO_POINTER(a->kind));
	}
	for (guint i = 0; i < figlinks->len; i++)
		page_mcids(pages, g_array_index(figlinks,
		    struct fin_figure_link, i).page);
	g_hash_table_iter_init(&it, parents);
	while (ok && g_hash_table_iter_next(&it, &k, &v))
		ok = unlink_kids(d, len, xref, objs, GPOINTER_TO_SIZE(k), v);
	if (ok && g_hash_table_size(pages))
		ok = (tree = parent_tree(d, len, xref, catalog)) != NULL;
	g_hash_table_iter_init(&it, pages);
	while (ok && g_hash_table_iter_next(&it, &k, &v))
		ok = finish_page(d, len, xref, tree, GPOINTER_TO_SIZE(k), v,
		    figlinks, kids, objs);
	if (ok)
		fin_figure_kids_write(d, len, xref, objs, kids);
	if (tree)
		g_hash_table_destroy(tree);
	g_hash_table_destroy(kids);
	g_hash_table_destroy(parents);
	g_hash_table_destroy(pages);
	return ok;
}

/* The MCID among the kids of a leaf's /K ("[ << /Type /OBJR ... >> 23 ]"
 * or "23"), or -1. */
static long
kid_mcid(const char *dict)
{
	const char *p = fin_dict_value(dict, "/K"), *end = p ? p + strlen(p) :
	    NULL;
	bool array;

	if (p == NULL)
		return -1;
	p = fin_skip_space(p);
	array = *p == '[';
	if (array)
		p = fin_skip_space(p + 1);
	while (*p && *p != ']') {
		const char *s, *e;
		char *next;
		long num;

		if (p[0] == '<' && p[1] == '<') {
			if (!fin_dict_bounds(p, end, &s, &e))
				return -1;
			p = fin_skip_space(e);
		} else if (g_ascii_isdigit(*p)) {
			num = strtol(p, &next, 10);
			p = fin_skip_space(next);
			/* a reference "N 0 R" is a kid element */
			if (g_ascii_isdigit(*p)) {
				strtol(p, &next, 10);
				if (*(p = fin_skip_space(next)) == 'R') {
					p = fin_skip_space(p + 1);
					continue;
				}
			}
			return num;
		} else
			return -1;
		if (!array)
			break;
	}
	return -1;
}

/* An SVG image's link annotation gets its URI, as it is written, for
 * /Contents (the image's links are not bookc's: the device knows no
 * text for them). */
static bool
svg_link(const char *d, size_t len, long xref, GArray *objs, long annot)
{
	GString *e = annot > 0 ? fin_upd_object(d, len, xref, objs, annot) :
	    NULL;
	/* the action's /URI (not its /S /URI) */
	const char *u = e ? strstr(e->str, "/URI (") : NULL;
	const char *s, *p;
	int depth = 0;
	char *c;

	if (e == NULL)
		return false;
	if (u == NULL || *(s = fin_skip_space(u + 4)) != '(' ||
	    fin_dict_value(e->str, "/Contents"))
		return true;
	for (p = s; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			break;
	}
	if (*p != ')')
		return true;
	c = g_strdup_printf(" /Contents %.*s ", (int)(p + 1 - s), s);
	fin_add_before_end(e, c);
	g_free(c);
	return true;
}

/* What one element of the walk gets; false if the tree is not what the
 * device drew. */
static bool
finish_elem(const char *d, size_t len, long xref, long num, const char *dict,
    long figure, const struct pdf_tags *tags, guint *n, GArray *arts,
    GArray *figlinks, GArray *objs)
{
	if (is_type(dict, "Figure") || is_type(dict, "Formula")) {
		const char *alt = n[0] < tags->alts->len ?
		    tags->alts->pdata[n[0]] : "";

		n[0]++;
		return !*alt || set_text(d, len, xref, objs, num, "/Alt", alt);
	}
	if (is_type(dict, "Link") && figure > 0) {
		struct fin_figure_link l = { ref_value(dict, "/Pg"),
		    kid_mcid(dict), num, figure };

		if (l.page > 0 && l.mcid >= 0)
			g_array_append_val(figlinks, l);
		return svg_link(d, len, xref, objs, ref_value(dict, "/Obj"));
	}
	if (is_type(dict, "Link")) {
		const char *text = n[1] < tags->links->len ?
		    tags->links->pdata[n[1]] : "";
		long annot = ref_value(dict, "/Obj");

		n[1]++;
		return !*text || (annot > 0 && set_text(d, len, xref, objs,
		    annot, "/Contents", text));
	}
	if (is_type(dict, "L")) {
		const char *ln = n[3] < tags->lists->len ?
		    tags->lists->pdata[n[3]] : "";
		GString *e;
		char *a;

		n[3]++;
		if (!*ln)
			return true;
		if ((e = fin_upd_object(d, len, xref, objs, num)) == NULL)
			return false;
		a = g_strdup_printf(" /A << /O /List /ListNumbering /%s >> ",
		    ln);
		fin_remove_key(e, "/A");
		fin_add_before_end(e, a);
		g_free(a);
		return true;
	}
	if (is_type(dict, "TH")) {
		GString *e = fin_upd_object(d, len, xref, objs, num);

		if (e == NULL)
			return false;
		fin_remove_key(e, "/A");
		fin_add_before_end(e, " /A << /O /Table /Scope /Column >> ");
		return true;
	}
	if (is_type(dict, PDF_ARTIFACT_TAG)) {
		struct artifact a = { num, ref_value(dict, "/P"),
		    ref_value(dict, "/Pg"), -1, 'L' };
		const char *k = fin_dict_value(dict, "/K");

		if (n[2] < tags->artifacts->len)
			a.kind = tags->artifacts->str[n[2]];
		n[2]++;
		if (k && g_ascii_isdigit(*(k = fin_skip_space(k))))
			a.mcid = (int)strtol(k, NULL, 10);
		g_array_append_val(arts, a);
	}
	return true;
}

/* An element still to walk, and its parent if that is a Figure (a link
 * of an SVG image, which librsvg draws with Cairo's tags; 0: not). The
 * parent comes down the walk: reading each link's parent again would
 * read a paragraph of thousands of links thousands of times. */
struct walk {
	long num;
	long figure;
};

bool
fin_tree(const char *path, const char *d, size_t len, long xref,
    const char *catalog, const struct pdf_tags *tags, GArray *objs)
{
	struct walk top = { ref_value(catalog, "/StructTreeRoot"), 0 };
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(struct walk));
	GArray *kids = g_array_new(FALSE, FALSE, sizeof(long));
	GArray *arts = g_array_new(FALSE, FALSE, sizeof(struct artifact));
	GArray *figlinks = g_array_new(FALSE, FALSE,
	    sizeof(struct fin_figure_link));
	guint n[4] = { 0 };     /* figures, links, artifacts, lists */
	bool ok = true;

	if (top.num > 0)
		g_array_append_val(todo, top);
	while (ok && todo->len) {
		struct walk w = g_array_index(todo, struct walk, todo->len - 1);
		char *dict = fin_object_dict(d, len, xref, w.num);
		const char *k;
		long figure;

		g_array_set_size(todo, todo->len - 1);
		if (dict == NULL || !finish_elem(d, len, xref, w.num, dict,
		    w.figure, tags, n, arts, figlinks, objs)) {
			g_free(dict);
			ok = false;
			break;
		}
		k = fin_dict_value(dict, "/K");
		g_array_set_size(kids, 0);
		if (k)
			fin_struct_kids(k, kids);
		/* depth first, in order: the first child on top */
		figure = is_type(dict, "Figure") ? w.num : 0;
		for (guint i = kids->len; i-- > 0;) {
			struct walk kid = { g_array_index(kids, long, i),
			    figure };

			g_array_append_val(todo, kid);
		}
		g_free(dict);
	}
	if (ok && (n[0] != tags->alts->len || n[1] != tags->links->len ||
	    n[2] != tags->artifacts->len || n[3] != tags->lists->len))
		ok = false;
	if (ok)
		ok = make_artifacts(d, len, xref, catalog, arts, figlinks,
		    objs);
	if (!ok)
		diag(D_OUTPUT, NULL, path, "unexpected structure tree from "
		    "cairo: cannot give it alternative texts, link texts and "
		    "artifacts");
	g_array_free(todo, TRUE);
	g_array_free(kids, TRUE);
	g_array_free(arts, TRUE);
	g_array_free(figlinks, TRUE);
	return ok;
}
