/*
 * The finishing touch Cairo 1.16 cannot give a PDF: the objects it
 * changes written in place of Cairo's, the file copied around them and
 * its cross-reference table made anew (splice_objects: a copy, no
 * parsing), new objects as an incremental update after it. On the 610
 * pages of the Subversion book the finishing takes 0.24 s, the file's
 * sync included, where the update alone took 0.06 s (a loaded 2-core
 * machine): the pages' content streams are inflated and deflated again
 * for their artifacts (finish_tree.c).
 *
 * What it gives: the catalog's /Lang, /MarkInfo << /Marked true >>,
 * /ViewerPreferences << /DisplayDocTitle true >> and an XMP /Metadata
 * stream (title, language, authors: what PDF/UA asks of a tagged PDF),
 * /Tabs /S on every page (keyboard order follows the structure tree),
 * metadata dates in valid "D:" form (Cairo writes them without the
 * prefix), a non-negative /Count on the outline root, what the
 * structure tree needs and Cairo's tags cannot say (finish_tree.c: the
 * figures' /Alt, the links' /Contents, the header cells' /Scope, the
 * lists' /ListNumbering, page
 * furniture made artifacts in the pages' content streams), and a document
 * /ID derived from the content.
 *
 * It reads only what Cairo writes: a classic cross-reference table and a
 * trailer naming /Root, /Info and /Size. Anything else is left untouched
 * and reported as a failure of the finishing step.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "diag.h"
#include "finish.h"
#include "finish_int.h"
#include "output.h"

/* Offset of object num from the last cross-reference table, or -1. */
long
fin_object_offset(const char *d, size_t len, long xref, long num)
{
	const char *p = d + xref;
	long first, count;

	if (xref < 0 || (size_t)xref + 5 >= len || strncmp(p, "xref", 4) != 0)
		return -1;
	p += 4;
	while (p < d + len) {
		char *end;

		while (p < d + len && (*p == '\n' || *p == '\r' || *p == ' '))
			p++;
		if (p >= d + len || !g_ascii_isdigit(*p))
			return -1;      /* "trailer": not found */
		first = strtol(p, &end, 10);
		count = strtol(end, &end, 10);
		p = end;
		while (p < d + len && (*p == '\n' || *p == '\r' || *p == ' '))
			p++;
		if (num >= first && num < first + count) {
			const char *e = p + (num - first) * 20;

			if (e + 18 > d + len || e[17] != 'n')
				return -1;
			return strtol(e, NULL, 10);
		}
		p += count * 20;
	}
	return -1;
}

/* The dictionary "<< ... >>" starting at or after p: its bounds, with
 * nested dictionaries, strings and hex strings skipped. */
bool
fin_dict_bounds(const char *p, const char *end, const char **start,
    const char **stop)
{
	int depth = 0;

	while (p + 1 < end && !(p[0] == '<' && p[1] == '<'))
		p++;
	*start = p;
	while (p + 1 < end) {
		if (p[0] == '<' && p[1] == '<') {
			depth++;
			p += 2;
		} else if (p[0] == '>' && p[1] == '>') {
			depth--;
			p += 2;
			if (depth == 0) {
				*stop = p;
				return true;
			}
		} else if (*p == '(') {
			int paren = 1;

			for (p++; p < end && paren > 0; p++) {
				if (*p == '\\')
					p++;
				else if (*p == '(')
					paren++;
				else if (*p == ')')
					paren--;
			}
		} else if (*p == '<') {
			while (p < end && *p != '>')
				p++;
			p++;
		} else
			p++;
	}
	return false;
}

/* The dictionary of object num, as text. */
char *
fin_object_dict(const char *d, size_t len, long xref, long num)
{
	long off = fin_object_offset(d, len, xref, num);
	const char *s, *e;

	if (off < 0 || (size_t)off >= len)
		return NULL;
	if (!fin_dict_bounds(d + off, d + len, &s, &e))
		return NULL;
	return g_strndup(s, e - s);
}

/* "/Key value" pairs are edited on the dictionary text: removes a key
 * with a simple value (name, number, boolean, reference or string) or a
 * dictionary value. Enough for the keys this file edits. */
void
fin_remove_key(GString *dict, const char *key)
{
	char *k = g_strdup_printf("%s ", key);
	char *at = strstr(dict->str, k);
	const char *v, *ve;

	if (at == NULL) {
		g_free(k);
		return;
	}
	v = at + strlen(k);
	if (v[0] == '<' && v[1] == '<') {
		const char *s;

		if (!fin_dict_bounds(v, dict->str + dict->len, &s, &ve))
			ve = v;
	} else if (*v == '(') {
		int paren = 0;

		ve = v;
		for (int i = 0; v[i]; i++) {
			if (v[i] == '\\') {
				i++;
				continue;
			}
			if (v[i] == '(')
				paren++;
			else if (v[i] == ')' && --paren == 0) {
				ve = v + i + 1;
				break;
			}
		}
	} else {
		ve = v;
		while (*ve && *ve != '/' && *ve != '>')
			ve++;
	}
	g_string_erase(dict, at - dict->str, ve - at);
	g_free(k);
}

void
fin_add_before_end(GString *dict, const char *text)
{
	/* dict ends with ">>" */
	g_string_insert(dict, dict->len - 2, text);
}

/* Cairo writes dates as (YYYYMMDDHHmmSSZ): PDF wants (D:...). */
static void
fix_date(GString *dict, const char *key)
{
	char *k = g_strdup_printf("%s (", key);
	char *at = strstr(dict->str, k);

	if (at && strncmp(at + strlen(k), "D:", 2) != 0)
		g_string_insert(dict, at - dict->str + strlen(k), "D:");
	g_free(k);
}

/* The last occurrence of needle in d (binary: GLib's g_strrstr_len stops
 * at the first NUL byte). */
static const char *
last_of(const char *d, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (d[i] == needle[0] && memcmp(d + i, needle, n) == 0)
			return d + i;
	return NULL;
}

static long
trailer_ref(const char *trailer, const char *key)
{
	const char *p = strstr(trailer, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static gint
upd_cmp(gconstpointer a, gconstpointer b)
{
	long x = ((const struct upd_obj *)a)->num;
	long y = ((const struct upd_obj *)b)->num;

	return (x > y) - (x < y);
}

void
fin_upd_add(GArray *objs, long num, GString *body)
{
	struct upd_obj o = { num, body, false };

	if (body)
		g_array_append_val(objs, o);
}

void
fin_upd_replace(GArray *objs, long num, GString *body)
{
	struct upd_obj o = { num, body, true };

	g_array_append_val(objs, o);
}

const char *
fin_skip_space(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return p;
}

/* The structure elements a /K value (at p) names, "N 0 R" alone or in
 * an array, appended to kids; marked-content ids and the dictionaries of
 * marked-content and object references are skipped. */
void
fin_struct_kids(const char *p, GArray *kids)
{
	const char *end = p + strlen(p);
	bool array;

	p = fin_skip_space(p);
	array = *p == '[';
	if (array)
		p++;
	while (*p && *p != ']') {
		char *next;
		long num, gen;

		p = fin_skip_space(p);
		if (p[0] == '<' && p[1] == '<') {
			const char *s, *e;

			/* end found once: a page's thousands of marked-content
			 * dictionaries would make strlen quadratic */
			if (!fin_dict_bounds(p, end, &s, &e))
				return;
			p = e;
		} else if (g_ascii_isdigit(*p)) {
			num = strtol(p, &next, 10);
			p = fin_skip_space(next);
			if (g_ascii_isdigit(*p)) {
				gen = strtol(p, &next, 10);
				p = fin_skip_space(next);
				if (*p == 'R' && gen == 0) {
					g_array_append_val(kids, num);
					p++;
				}
			}
		} else {
			break;
		}
		if (!array)
			break;
	}
}

/* The value of key in a dictionary's text, or NULL. Names are matched
 * whole ("/K" is not "/Kids"). */
const char *
fin_dict_value(const char *dict, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = strstr(dict, key); p; p = strstr(p + 1, key))
		if (!g_ascii_isalnum(p[n]))
			return p + n;
	return NULL;
}

/* A PDF text string: UTF-16BE with its byte order mark, in hex. */
void
fin_append_text_string(GString *out, const char *utf8)
{
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);

	g_string_append(out, "<FEFF");
	for (glong i = 0; u && i < n; i++)
		g_string_append_printf(out, "%04X", u[i]);
	g_string_append_c(out, '>');
	g_free(u);
}

/* The array value "[ ... ]" of key in dict: its bounds (no nested
 * arrays: enough for /Kids and a structure element's /K). */
static bool
array_bounds(const char *dict, const char *key, const char **start,
    const char **stop)
{
	const char *v = fin_dict_value(dict, key);

	if (v == NULL || *(v = fin_skip_space(v)) != '[')
		return false;
	*start = v;
	*stop = strchr(v, ']');
	if (*stop == NULL)
		return false;
	(*stop)++;
	return true;
}

/* The references "N 0 R" of an array; false if it holds anything else. */
static bool
array_refs(const char *s, const char *e, GArray *refs)
{
	GArray *all = g_array_new(FALSE, FALSE, sizeof(long));
	char *arr = g_strndup(s, e - s);
	gsize items = 0;
	bool ok;

	fin_struct_kids(arr, all);
	/* every item of the array was a reference */
	for (const char *p = arr + 1; *p && *p != ']';) {
		p = fin_skip_space(p);
		if (*p == ']' || *p == '\0')
			break;
		if (*p == 'R')
			items++;
		while (*p && *p != ' ' && *p != '\n' && *p != ']')
			p++;
	}
	ok = items == all->len;
	if (ok)
		g_array_append_vals(refs, all->data, all->len);
	g_array_free(all, TRUE);
	g_free(arr);
	return ok;
}

/* The refs as an array, the last n first. */
static GString *
rotated(const GArray *refs, guint n)
{
	GString *a = g_string_new("[");
	guint len = refs->len;

	for (guint i = 0; i < len; i++)
		g_string_append_printf(a, " %ld 0 R", g_array_index(refs, long,
		    (i + len - n) % len));
	g_string_append(a, " ]");
	return a;
}

/* An update's copy of object num, made from the file if it has none. */
GString *
fin_upd_object(const char *d, size_t len, long xref, GArray *objs, long num)
{
	char *dict;
	GString *body;

	for (guint i = 0; i < objs->len; i++)
		if (g_array_index(objs, struct upd_obj, i).num == num)
			return g_array_index(objs, struct upd_obj, i).body;
	dict = fin_object_dict(d, len, xref, num);
	if (dict == NULL)
		return NULL;
	body = g_string_new(dict);
	g_free(dict);
	fin_upd_add(objs, num, body);
	return body;
}

/* In an update's copy of object num (made from the file if it has none
 * yet), the array value of key rotated: its last n items first. */
static bool
rotate_array(const char *d, size_t len, long xref, GArray *objs, long num,
    const char *key, guint n)
{
	GString *body = fin_upd_object(d, len, xref, objs, num);
	GArray *refs = g_array_new(FALSE, FALSE, sizeof(long));
	const char *s, *e;
	bool ok = false;

	if (body && array_bounds(body->str, key, &s, &e) && array_refs(s, e, refs) &&
	    n <= refs->len) {
		GString *a = rotated(refs, n);
		gssize at = s - body->str;

		g_string_erase(body, at, e - s);
		g_string_insert(body, at, a->str);
		g_string_free(a, TRUE);
		ok = true;
	}
	g_array_free(refs, TRUE);
	return ok;
}

static void
set_ref(GString *dict, const char *key, long num)
{
	char *v;

	fin_remove_key(dict, key);
	if (num <= 0)
		return;
	v = g_strdup_printf(" %s %ld 0 R", key, num);
	fin_add_before_end(dict, v);
	g_free(v);
}

/* The outline's top-level items, the last n first: their /Prev and /Next
 * and the root's /First and /Last are rewritten. */
static bool
rotate_outline(const char *d, size_t len, long xref, GArray *objs,
    long root, guint n)
{
	GString *r = fin_upd_object(d, len, xref, objs, root);
	GArray *items = g_array_new(FALSE, FALSE, sizeof(long));
	const char *v;
	long num;
	bool ok = r != NULL;

	v = r ? fin_dict_value(r->str, "/First") : NULL;
	for (num = v ? strtol(v, NULL, 10) : 0; ok && num > 0;) {
		char *dict = fin_object_dict(d, len, xref, num);

		if (dict == NULL || items->len > 100000) {
			ok = false;
			g_free(dict);
			break;
		}
		g_array_append_val(items, num);
		v = fin_dict_value(dict, "/Next");
		num = v ? strtol(v, NULL, 10) : 0;
		g_free(dict);
	}
	if (ok && n > items->len)
		ok = false;
	if (ok && n > 0 && n < items->len) {
		guint k = items->len;
		long *order = g_new(long, k);

		for (guint i = 0; i < k; i++)
			order[i] = g_array_index(items, long, (i + k - n) % k);
		for (guint i = 0; ok && i < k; i++) {
			GString *it = fin_upd_object(d, len, xref, objs, order[i]);

			if (it == NULL) {
				ok = false;
				break;
			}
			set_ref(it, "/Prev", i > 0 ? order[i - 1] : 0);
			set_ref(it, "/Next", i + 1 < k ? order[i + 1] : 0);
		}
		if (ok) {
			set_ref(r, "/First", order[0]);
			set_ref(r, "/Last", order[k - 1]);
		}
		g_free(order);
	}
	g_array_free(items, TRUE);
	return ok;
}

/* A page label number tree for labels in page order: a run of decimal
 * labels counting up by one is one /D range, anything else its own
 * prefix (as Cairo writes them). */
static GString *
page_labels(const GPtrArray *labels)
{
	GString *t = g_string_new("<< /Nums [");
	long next = -1;

	for (guint i = 0; i < labels->len; i++) {
		const char *l = labels->pdata[i];
		char *end;
		long v = strtol(l, &end, 10);
		bool dec = *l && g_ascii_isdigit(*l) && *end == '\0';

		if (dec && v == next) {
			next++;
			continue;
		}
		if (dec) {
			g_string_append_printf(t, " %u << /S /D /St %ld >>", i,
			    v);
			next = v + 1;
		} else {
			g_string_append_printf(t, " %u << /P ", i);
			fin_append_text_string(t, l);
			g_string_append(t, " >>");
			next = -1;
		}
	}
	g_string_append(t, " ] >>");
	return t;
}

/* The page labels, in place of the empty /PageLabels Cairo writes. */
static void
labels_add(const char *catalog, const struct pdf_finish_info *fi,
    GArray *objs)
{
	const char *v = fin_dict_value(catalog, "/PageLabels");
	long labels = v ? strtol(v, NULL, 10) : -1;

	if (labels > 0 && fi->labels)
		fin_upd_add(objs, labels, page_labels(fi->labels));
}

/*
 * The front matter is drawn last, once the body's page numbers are
 * known; here its pages, its elements of the structure tree and its
 * outline items move before the body's.
 */
static bool
front_first(const char *path, const char *d, size_t len, long xref,
    const char *catalog, const struct pdf_finish_info *fi, GArray *objs)
{
	const char *v;
	long pages, tree, doc = -1, outlines;
	char *dict;
	bool ok;

	v = fin_dict_value(catalog, "/Pages");
	pages = v ? strtol(v, NULL, 10) : -1;
	ok = pages > 0 && rotate_array(d, len, xref, objs, pages, "/Kids",
	    fi->front.pages);
	v = fin_dict_value(catalog, "/StructTreeRoot");
	tree = v ? strtol(v, NULL, 10) : -1;
	if (ok && tree > 0 && fi->front.elements > 0) {
		GArray *kids = g_array_new(FALSE, FALSE, sizeof(long));

		dict = fin_object_dict(d, len, xref, tree);
		if (dict && (v = fin_dict_value(dict, "/K")))
			fin_struct_kids(v, kids);
		if (kids->len == 1)
			doc = g_array_index(kids, long, 0);
		g_array_free(kids, TRUE);
		g_free(dict);
		ok = doc > 0 && rotate_array(d, len, xref, objs, doc, "/K",
		    fi->front.elements);
	}
	v = fin_dict_value(catalog, "/Outlines");
	outlines = v ? strtol(v, NULL, 10) : -1;
	if (ok && outlines > 0 && fi->front.outline > 0)
		ok = rotate_outline(d, len, xref, objs, outlines,
		    fi->front.outline);
	if (ok)
		labels_add(catalog, fi, objs);
	if (!ok)
		diag(D_OUTPUT, NULL, path, "unexpected PDF structure from "
		    "cairo: cannot put the front matter first");
	return ok;
}

/* Every page in the tree's order gets /Tabs /S: a screen reader's tab
 * key then visits links in the structure tree's order, not the content
 * stream's. Cairo writes one /Pages node whose /Kids are the pages. */
static bool
pages_tab_order(const char *d, size_t len, long xref, const char *catalog,
    GArray *objs)
{
	const char *v = fin_dict_value(catalog, "/Pages"), *s, *e;
	long pages = v ? strtol(v, NULL, 10) : -1;
	char *dict = pages > 0 ? fin_object_dict(d, len, xref, pages) : NULL;
	GArray *kids = g_array_new(FALSE, FALSE, sizeof(long));
	bool ok = dict && array_bounds(dict, "/Kids", &s, &e) &&
	    array_refs(s, e, kids);

	for (guint i = 0; ok && i < kids->len; i++) {
		GString *page = fin_upd_object(d, len, xref, objs,
		    g_array_index(kids, long, i));

		if (page == NULL || strstr(page->str, "/Type /Page") == NULL)
			ok = false;
		else if (fin_dict_value(page->str, "/Tabs") == NULL)
			fin_add_before_end(page, " /Tabs /S");
	}
	g_array_free(kids, TRUE);
	g_free(dict);
	return ok;
}

/* The XMP metadata packet: Dublin Core title, authors and language, the
 * document information dictionary's title in the form PDF/UA-1 (7.1)
 * requires, and the PDF/UA identification when the style claims it. Uncompressed, so that it can be read without a PDF library. */
static GString *
xmp_stream(const struct pdf_finish_info *fi)
{
	GString *x = g_string_new(NULL), *s;
	char *t;

	g_string_append(x, "<?xpacket begin=\"\xef\xbb\xbf\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf="
	    "\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<dc:format>application/pdf</dc:format>\n");
	if (fi->title && *fi->title) {
		t = g_markup_escape_text(fi->title, -1);
		g_string_append_printf(x, "<dc:title><rdf:Alt><rdf:li "
		    "xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n",
		    t);
		g_free(t);
	}
	if (fi->author && *fi->author) {
		t = g_markup_escape_text(fi->author, -1);
		g_string_append_printf(x, "<dc:creator><rdf:Seq><rdf:li>%s"
		    "</rdf:li></rdf:Seq></dc:creator>\n", t);
		g_free(t);
	}
	if (fi->lang && *fi->lang) {
		t = g_markup_escape_text(fi->lang, -1);
		g_string_append_printf(x, "<dc:language><rdf:Bag><rdf:li>%s"
		    "</rdf:li></rdf:Bag></dc:language>\n", t);
		g_free(t);
	}
	g_string_append(x, "</rdf:Description>\n");
	if (fi->ua)
		g_string_append(x, "<rdf:Description rdf:about=\"\" "
		    "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
		    "<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n");
	g_string_append(x, "</rdf:RDF>\n</x:xmpmeta>\n"
	    "<?xpacket end=\"r\"?>");
	s = g_string_new(NULL);
	g_string_append_printf(s, "<< /Type /Metadata /Subtype /XML "
	    "/Length %zu >>\nstream\n%s\nendstream", x->len, x->str);
	g_string_free(x, TRUE);
	return s;
}

static gint
long_cmp(gconstpointer a, gconstpointer b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* Where the object at off ends: where the next one starts (offs sorted),
 * or the cross-reference table. */
static long
object_end(const GArray *offs, long off, long xref)
{
	guint lo = 0, hi = offs->len;

	while (lo < hi) {
		guint mid = (lo + hi) / 2;

		if (g_array_index(offs, long, mid) <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < offs->len ? g_array_index(offs, long, lo) : xref;
}

/* A moved object: its old offset, and how much longer the file is before
 * the next old offset. */
struct moved {
	long at, delta;
	guint obj;              /* in objs */
};

/*
 * The file as Cairo wrote it (d, len; its table at xref, its trailer
 * dictionary tr) written to f with the objects of objs that it has where
 * their old versions were (marked in_place; the new ones are left for the
 * update), and its cross-reference table made anew for the offsets that
 * moved. Cairo writes one table of one subsection
 * from object 0; for anything else nothing is written and false
 * returned. *xref_at and *flen: the new table's offset, the length
 * written.
 */
static bool
splice_objects(FILE *f, const char *d, size_t len, long xref,
    const char *tr, GArray *objs, long *xref_at, long *flen)
{
	const char *p = d + xref + 4, *entries;
	char *end;
	long first, n, cursor = 0, pos = 0, delta = 0;
	GArray *offs, *moves;
	guint m = 0;

	if (xref < 0 || (size_t)xref + 5 >= len ||
	    strncmp(d + xref, "xref", 4) != 0)
		return false;
	first = strtol(p, &end, 10);
	n = strtol(end, &end, 10);
	p = fin_skip_space(end);
	entries = p;
	if (first != 0 || n <= 0 || (size_t)(entries - d) + n * 20 > len)
		return false;
	offs = g_array_new(FALSE, FALSE, sizeof(long));
	for (long i = 0; i < n; i++)
		if (entries[i * 20 + 17] == 'n') {
			long o = strtol(entries + i * 20, NULL, 10);

			g_array_append_val(offs, o);
		}
	g_array_sort(offs, long_cmp);
	moves = g_array_new(FALSE, FALSE, sizeof(struct moved));
	/* objs is in object order; Cairo writes the pages' contents in
	 * that order too, but the offsets decide */
	for (guint i = 0; i < objs->len; i++) {
		struct upd_obj *o = &g_array_index(objs, struct upd_obj, i);
		long at = fin_object_offset(d, len, xref, o->num);
		struct moved mv = { at, 0, i };

		/* every object changed, now that the file is written anew:
		 * no dead copies */
		o->in_place = at >= 0;
		if (at >= 0)
			g_array_append_val(moves, mv);
	}
	g_array_sort(moves, long_cmp);
	for (guint i = 0; i < moves->len; i++) {
		struct moved *mv = &g_array_index(moves, struct moved, i);
		long stop = object_end(offs, mv->at, xref);
		const struct upd_obj *o = &g_array_index(objs, struct upd_obj,
		    mv->obj);
		GString *obj = g_string_new(NULL);

		g_string_append_printf(obj, "%ld 0 obj\n", o->num);
		g_string_append_len(obj, o->body->str, o->body->len);
		g_string_append(obj, "\nendobj\n");
		fwrite(d + cursor, 1, mv->at - cursor, f);
		fwrite(obj->str, 1, obj->len, f);
		pos += mv->at - cursor + obj->len;
		delta += (long)obj->len - (stop - mv->at);
		mv->delta = delta;
		cursor = stop;
		g_string_free(obj, TRUE);
	}
	fwrite(d + cursor, 1, xref - cursor, f);
	pos += xref - cursor;
	*xref_at = pos;
	pos += fprintf(f, "xref\n0 %ld\n", n);
	for (long i = 0; i < n; i++) {
		long o = strtol(entries + i * 20, NULL, 10);

		if (entries[i * 20 + 17] != 'n') {
			fwrite(entries + i * 20, 1, 20, f);
			pos += 20;
			continue;
		}
		/* the moves before o */
		while (m > 0 && g_array_index(moves, struct moved, m - 1).at >= o)
			m--;
		while (m < moves->len &&
		    g_array_index(moves, struct moved, m).at < o)
			m++;
		pos += fprintf(f, "%010ld 00000 n \n", o + (m ? g_array_index(
		    moves, struct moved, m - 1).delta : 0));
	}
	pos += fprintf(f, "trailer\n%s\nstartxref\n%ld\n%%%%EOF\n", tr,
	    *xref_at);
	*flen = pos;
	g_array_free(offs, TRUE);
	g_array_free(moves, TRUE);
	return true;
}

/*
 * The finished file: Cairo's (d, len, its table at prev, its trailer
 * dictionary tr) and objs as an incremental update appended to it; when
 * objs has objects to write in place, the file is written anew with them
 * (splice_objects) and the update after it.
 */
static bool
write_finished(const char *path, const char *d, size_t len, long prev,
    const char *tr, GArray *objs, long size, long root, long info,
    const char *digest)
{
	GString *upd = g_string_new("\n");
	long *offs = g_new(long, objs->len), xref_at, base = (long)len;
	char *tmp = NULL;
	bool splice = false, ok = false;
	FILE *f;
	guint n = 0;

	for (guint i = 0; i < objs->len; i++)
		splice |= g_array_index(objs, struct upd_obj, i).in_place;
	if (splice && (tmp = output_begin(path)) != NULL &&
	    (f = fopen(tmp, "wb")) != NULL) {
		if (!splice_objects(f, d, len, prev, tr, objs, &prev, &base)) {
			for (guint i = 0; i < objs->len; i++)
				g_array_index(objs, struct upd_obj,
				    i).in_place = false;
			base = (long)len;
			fclose(f);
			output_abort(tmp);
			tmp = NULL;
		} else if (ferror(f) || fclose(f) != 0) {
			diag(D_OUTPUT, NULL, path, g_strerror(errno));
			output_abort(tmp);
			goto out;
		}
	}
	for (guint i = 0; i < objs->len; i++) {
		const struct upd_obj *o = &g_array_index(objs, struct upd_obj, i);

		if (o->in_place)
			continue;
		offs[n++] = base + (long)upd->len;
		g_string_append_printf(upd, "%ld 0 obj\n", o->num);
		g_string_append_len(upd, o->body->str, o->body->len);
		g_string_append(upd, "\nendobj\n");
	}
	xref_at = base + (long)upd->len;
	/* one subsection per object, in increasing object number */
	g_string_append(upd, "xref\n");
	n = 0;
	for (guint i = 0; i < objs->len; i++)
		if (!g_array_index(objs, struct upd_obj, i).in_place)
			g_string_append_printf(upd, "%ld 1\n%010ld 00000 n \n",
			    g_array_index(objs, struct upd_obj, i).num,
			    offs[n++]);
	g_string_append_printf(upd, "trailer\n<< /Size %ld /Root %ld 0 R",
	    size, root);
	if (info > 0)
		g_string_append_printf(upd, " /Info %ld 0 R", info);
	g_string_append_printf(upd, " /Prev %ld /ID [<%s> <%s>] >>\n"
	    "startxref\n%ld\n%%%%EOF\n", prev, digest, digest, xref_at);
	f = fopen(tmp ? tmp : path, "ab");
	if (f == NULL || fwrite(upd->str, 1, upd->len, f) != upd->len) {
		diag(D_OUTPUT, NULL, path, g_strerror(errno));
		if (f)
			fclose(f);
	} else if (fclose(f) != 0)
		diag(D_OUTPUT, NULL, path, g_strerror(errno));
	else
		ok = true;
	if (tmp && ok)
		ok = output_commit(tmp, path);
	else if (tmp)
		output_abort(tmp);
out:
	g_free(offs);
	g_string_free(upd, TRUE);
	return ok;
}

struct pdf_tags *
pdf_tags_new(void)
{
	struct pdf_tags *t = g_new(struct pdf_tags, 1);

	t->alts = g_ptr_array_new_with_free_func(g_free);
	t->links = g_ptr_array_new_with_free_func(g_free);
	t->artifacts = g_string_new(NULL);
	t->lists = g_ptr_array_new();
	return t;
}

void
pdf_tags_clear(struct pdf_tags *t)
{
	g_ptr_array_set_size(t->alts, 0);
	g_ptr_array_set_size(t->links, 0);
	g_string_truncate(t->artifacts, 0);
	g_ptr_array_set_size(t->lists, 0);
}

void
pdf_tags_free(struct pdf_tags *t)
{
	if (t == NULL)
		return;
	g_ptr_array_free(t->alts, TRUE);
	g_ptr_array_free(t->links, TRUE);
	g_string_free(t->artifacts, TRUE);
	g_ptr_array_free(t->lists, TRUE);
	g_free(t);
}

bool
pdf_finish(const char *path, const struct pdf_finish_info *fi)
{
	GMappedFile *map;
	char *d;
	gsize len;
	GError *err = NULL;
	const char *sx, *tr, *ts, *te;
	long prev, root, info, size, outlines = -1;
	char *catalog, *infod, *outd = NULL, *trailer, *digest;
	GString *cat, *inf;
	GArray *objs;
	GChecksum *sum;
	bool ok = false;

	/* Mapped, not read: only the objects changed here are touched. */
	map = g_mapped_file_new(path, FALSE, &err);
	if (map == NULL) {
		diag(D_OUTPUT, NULL, path, err->message);
		g_error_free(err);
		return false;
	}
	d = g_mapped_file_get_contents(map);
	len = g_mapped_file_get_length(map);
	sx = d ? last_of(d, len, "startxref") : NULL;
	tr = d ? last_of(d, len, "trailer") : NULL;
	if (sx == NULL || tr == NULL || tr > sx ||
	    !fin_dict_bounds(tr, d + len, &ts, &te)) {
		diag(D_OUTPUT, NULL, path, "unexpected PDF structure from cairo");
		g_mapped_file_unref(map);
		return false;
	}
	prev = strtol(sx + 9, NULL, 10);
	trailer = g_strndup(ts, te - ts);
	objs = g_array_new(FALSE, FALSE, sizeof(struct upd_obj));
	root = trailer_ref(trailer, "/Root ");
	info = trailer_ref(trailer, "/Info ");
	size = trailer_ref(trailer, "/Size ");
	catalog = fin_object_dict(d, len, prev, root);
	infod = info > 0 ? fin_object_dict(d, len, prev, info) : NULL;
	if (catalog == NULL || size <= 0) {
		diag(D_OUTPUT, NULL, path, "cannot find the PDF catalog");
		goto done;
	}
	if (fi->front.pages > 0 &&
	    !front_first(path, d, len, prev, catalog, fi, objs))
		goto done;
	/* (after front_first: the artifacts leave the rotated Document) */
	if (fi->tags && !fin_tree(path, d, len, prev, catalog, fi->tags, objs))
		goto done;
	/* (no front matter: the body's labels all the same) */
	if (fi->front.pages == 0)
		labels_add(catalog, fi, objs);
	if (!pages_tab_order(d, len, prev, catalog, objs)) {
		diag(D_OUTPUT, NULL, path, "unexpected PDF structure from "
		    "cairo: cannot set the pages' tab order");
		goto done;
	}
	cat = g_string_new(catalog);
	fin_remove_key(cat, "/Lang");
	fin_remove_key(cat, "/ViewerPreferences");
	fin_remove_key(cat, "/MarkInfo");
	fin_remove_key(cat, "/Metadata");
	if (fi->lang) {
		char *l = g_strdup_printf(" /Lang (%s)", fi->lang);

		fin_add_before_end(cat, l);
		g_free(l);
	}
	fin_add_before_end(cat, " /ViewerPreferences << /DisplayDocTitle true >>");
	/* Cairo marks a tagged PDF itself; said here for every PDF bookc
	 * writes, whose text is all in the structure tree. */
	fin_add_before_end(cat, " /MarkInfo << /Marked true >>");
	set_ref(cat, "/Metadata", size);
	fin_upd_add(objs, size++, xmp_stream(fi));
	{
		const char *o = strstr(cat->str, "/Outlines ");

		if (o)
			outlines = strtol(o + 10, NULL, 10);
	}
	if (outlines > 0 && (outd = fin_object_dict(d, len, prev, outlines)) &&
	    strstr(outd, "/Count -")) {
		GString *o = fin_upd_object(d, len, prev, objs, outlines);
		char *c = o ? strstr(o->str, "/Count -") : NULL;

		if (c)
			g_string_erase(o, c - o->str + 7, 1);
	}
	inf = infod ? g_string_new(infod) : NULL;
	if (inf) {
		fix_date(inf, "/CreationDate");
		fix_date(inf, "/ModDate");
	}
	/* The document id: a digest of everything Cairo wrote, so the same
	 * book gives the same id (reproducible builds). MD5, as PDF 32000-1
	 * 14.4 suggests: twice as fast as SHA-256 over a big book's file,
	 * and the id is no security feature. The device digests the file as
	 * Cairo writes it (fi->md5); else it is read here. */
	if (fi->md5) {
		digest = g_strdup(fi->md5);
	} else {
		sum = g_checksum_new(G_CHECKSUM_MD5);
		g_checksum_update(sum, (const guchar *)d, len);
		digest = g_strdup(g_checksum_get_string(sum));
		g_checksum_free(sum);
	}

	fin_upd_add(objs, root, cat);
	fin_upd_add(objs, info, inf);
	g_array_sort(objs, upd_cmp);
	ok = write_finished(path, d, len, prev, trailer, objs, size, root,
	    info, digest);
	g_free(digest);
done:
	for (guint i = 0; i < objs->len; i++)
		g_string_free(g_array_index(objs, struct upd_obj, i).body, TRUE);
	g_array_free(objs, TRUE);
	g_free(outd);
	g_free(catalog);
	g_free(infod);
	g_free(trailer);
	g_mapped_file_unref(map);
	return ok;
}
