/*
 * The finishing touch Cairo 1.16 cannot give a PDF, as a small incremental
 * update appended to the file (no rewrite, so it costs microseconds per
 * page): the catalog's /Lang and /ViewerPreferences << /DisplayDocTitle
 * true >>, metadata dates in valid "D:" form (Cairo writes them without
 * the prefix), a non-negative /Count on the outline root, the /Alt text
 * of the structure tree's Figure elements (Cairo's tags take no
 * attributes for them), and a document /ID derived from the content.
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

/* Offset of object num from the last cross-reference table, or -1. */
static long
object_offset(const char *d, size_t len, long xref, long num)
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
static bool
dict_bounds(const char *p, const char *end, const char **start,
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
static char *
object_dict(const char *d, size_t len, long xref, long num)
{
	long off = object_offset(d, len, xref, num);
	const char *s, *e;

	if (off < 0 || (size_t)off >= len)
		return NULL;
	if (!dict_bounds(d + off, d + len, &s, &e))
		return NULL;
	return g_strndup(s, e - s);
}

/* "/Key value" pairs are edited on the dictionary text: removes a key
 * with a simple value (name, number, boolean, reference or string) or a
 * dictionary value. Enough for the keys this file edits. */
static void
remove_key(GString *dict, const char *key)
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

		if (!dict_bounds(v, dict->str + dict->len, &s, &ve))
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

static void
add_before_end(GString *dict, const char *text)
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

/* An object of the update: its number and new dictionary. */
struct upd_obj {
	long num;
	GString *body;
};

static gint
upd_cmp(gconstpointer a, gconstpointer b)
{
	long x = ((const struct upd_obj *)a)->num;
	long y = ((const struct upd_obj *)b)->num;

	return (x > y) - (x < y);
}

static void
upd_add(GArray *objs, long num, GString *body)
{
	struct upd_obj o = { num, body };

	if (body)
		g_array_append_val(objs, o);
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return p;
}

/* The structure elements a /K value (at p) names, "N 0 R" alone or in
 * an array, appended to kids; marked-content ids and the dictionaries of
 * marked-content and object references are skipped. */
static void
struct_kids(const char *p, GArray *kids)
{
	bool array;

	p = skip_space(p);
	array = *p == '[';
	if (array)
		p++;
	while (*p && *p != ']') {
		char *end;
		long num, gen;

		p = skip_space(p);
		if (p[0] == '<' && p[1] == '<') {
			const char *s, *e;

			if (!dict_bounds(p, p + strlen(p), &s, &e))
				return;
			p = e;
		} else if (g_ascii_isdigit(*p)) {
			num = strtol(p, &end, 10);
			p = skip_space(end);
			if (g_ascii_isdigit(*p)) {
				gen = strtol(p, &end, 10);
				p = skip_space(end);
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
static const char *
dict_value(const char *dict, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = strstr(dict, key); p; p = strstr(p + 1, key))
		if (!g_ascii_isalnum(p[n]))
			return p + n;
	return NULL;
}

/* A PDF text string: UTF-16BE with its byte order mark, in hex. */
static void
append_text_string(GString *out, const char *utf8)
{
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);

	g_string_append(out, "<FEFF");
	for (glong i = 0; u && i < n; i++)
		g_string_append_printf(out, "%04X", u[i]);
	g_string_append_c(out, '>');
	g_free(u);
}

/*
 * The Figure elements of the structure tree under the catalog, in the
 * tree's order (depth first, the order Cairo's tags opened them), each
 * given its /Alt from alts into objs. False (with a diagnostic) when the
 * tree cannot be read or does not hold one Figure per text.
 */
static bool
figure_alts(const char *path, const char *d, size_t len, long xref,
    const char *catalog, const GPtrArray *alts, GArray *objs)
{
	const char *root = dict_value(catalog, "/StructTreeRoot");
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(long));
	GArray *kids = g_array_new(FALSE, FALSE, sizeof(long));
	guint figures = 0;
	bool ok = true;

	if (root) {
		long num = strtol(root, NULL, 10);

		g_array_append_val(todo, num);
	}
	while (ok && todo->len) {
		long num = g_array_index(todo, long, todo->len - 1);
		char *dict = object_dict(d, len, xref, num);
		const char *k, *sv;

		g_array_set_size(todo, todo->len - 1);
		if (dict == NULL) {
			ok = false;
			break;
		}
		sv = dict_value(dict, "/S");
		if (sv && strncmp(skip_space(sv), "/Figure", 7) == 0 &&
		    !g_ascii_isalnum(skip_space(sv)[7])) {
			const char *alt = figures < alts->len ?
			    alts->pdata[figures] : "";

			figures++;
			if (*alt) {
				GString *e = g_string_new(dict);
				GString *a = g_string_new(" /Alt ");

				remove_key(e, "/Alt");
				append_text_string(a, alt);
				g_string_append_c(a, ' ');
				add_before_end(e, a->str);
				g_string_free(a, TRUE);
				upd_add(objs, num, e);
			}
		}
		k = dict_value(dict, "/K");
		g_array_set_size(kids, 0);
		if (k)
			struct_kids(k, kids);
		/* depth first, in order: the first child on top */
		for (guint i = kids->len; i-- > 0;)
			g_array_append_val(todo, g_array_index(kids, long, i));
		g_free(dict);
	}
	if (ok && figures != alts->len)
		ok = false;
	if (!ok)
		diag(D_OUTPUT, NULL, path, "unexpected structure tree from "
		    "cairo: cannot give its figures their alternative text");
	g_array_free(todo, TRUE);
	g_array_free(kids, TRUE);
	return ok;
}

bool
pdf_finish(const char *path, const struct pdf_finish_info *fi)
{
	char *d = NULL;
	gsize len = 0;
	GError *err = NULL;
	const char *sx, *tr, *ts, *te;
	long prev, root, info, size, outlines = -1;
	char *catalog, *infod, *outd = NULL, *trailer, *digest;
	GString *cat, *inf, *out = NULL, *upd;
	GArray *objs;
	long *offs, xref_at;
	GChecksum *sum;
	FILE *f;
	bool ok = false;

	if (!g_file_get_contents(path, &d, &len, &err)) {
		diag(D_OUTPUT, NULL, path, err->message);
		g_error_free(err);
		return false;
	}
	sx = last_of(d, len, "startxref");
	tr = last_of(d, len, "trailer");
	if (sx == NULL || tr == NULL || tr > sx ||
	    !dict_bounds(tr, d + len, &ts, &te)) {
		diag(D_OUTPUT, NULL, path, "unexpected PDF structure from cairo");
		g_free(d);
		return false;
	}
	prev = strtol(sx + 9, NULL, 10);
	trailer = g_strndup(ts, te - ts);
	objs = g_array_new(FALSE, FALSE, sizeof(struct upd_obj));
	root = trailer_ref(trailer, "/Root ");
	info = trailer_ref(trailer, "/Info ");
	size = trailer_ref(trailer, "/Size ");
	catalog = object_dict(d, len, prev, root);
	infod = info > 0 ? object_dict(d, len, prev, info) : NULL;
	if (catalog == NULL || size <= 0) {
		diag(D_OUTPUT, NULL, path, "cannot find the PDF catalog");
		goto done;
	}
	if (fi->alts && fi->alts->len &&
	    !figure_alts(path, d, len, prev, catalog, fi->alts, objs))
		goto done;
	cat = g_string_new(catalog);
	remove_key(cat, "/Lang");
	remove_key(cat, "/ViewerPreferences");
	if (fi->lang) {
		char *l = g_strdup_printf(" /Lang (%s)", fi->lang);

		add_before_end(cat, l);
		g_free(l);
	}
	add_before_end(cat, " /ViewerPreferences << /DisplayDocTitle true >>");
	{
		const char *o = strstr(cat->str, "/Outlines ");

		if (o)
			outlines = strtol(o + 10, NULL, 10);
	}
	if (outlines > 0 && (outd = object_dict(d, len, prev, outlines))) {
		char *c = strstr(outd, "/Count -");

		if (c) {
			out = g_string_new(outd);
			g_string_erase(out, c - outd + 7, 1);
		}
	}
	inf = infod ? g_string_new(infod) : NULL;
	if (inf) {
		fix_date(inf, "/CreationDate");
		fix_date(inf, "/ModDate");
	}
	/* The document id: a digest of everything Cairo wrote, so the same
	 * book gives the same id (reproducible builds). */
	sum = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(sum, (const guchar *)d, len);
	digest = g_strndup(g_checksum_get_string(sum), 32);
	g_checksum_free(sum);

	upd_add(objs, root, cat);
	upd_add(objs, info, inf);
	upd_add(objs, outlines, out);
	g_array_sort(objs, upd_cmp);
	upd = g_string_new("\n");
	offs = g_new(long, objs->len);
	for (guint i = 0; i < objs->len; i++) {
		const struct upd_obj *o = &g_array_index(objs, struct upd_obj, i);

		offs[i] = (long)(len + upd->len);
		g_string_append_printf(upd, "%ld 0 obj\n%s\nendobj\n", o->num,
		    o->body->str);
	}
	xref_at = (long)(len + upd->len);
	/* one subsection per object, in increasing object number */
	g_string_append(upd, "xref\n");
	for (guint i = 0; i < objs->len; i++)
		g_string_append_printf(upd, "%ld 1\n%010ld 00000 n \n",
		    g_array_index(objs, struct upd_obj, i).num, offs[i]);
	g_string_append_printf(upd, "trailer\n<< /Size %ld /Root %ld 0 R",
	    size, root);
	if (info > 0)
		g_string_append_printf(upd, " /Info %ld 0 R", info);
	g_string_append_printf(upd, " /Prev %ld /ID [<%s> <%s>] >>\n"
	    "startxref\n%ld\n%%%%EOF\n", prev, digest, digest, xref_at);
	g_free(offs);
	f = fopen(path, "ab");
	if (f == NULL || fwrite(upd->str, 1, upd->len, f) != upd->len) {
		diag(D_OUTPUT, NULL, path, g_strerror(errno));
		if (f)
			fclose(f);
	} else if (fclose(f) != 0)
		diag(D_OUTPUT, NULL, path, g_strerror(errno));
	else
		ok = true;
	g_string_free(upd, TRUE);
	g_free(digest);
done:
	for (guint i = 0; i < objs->len; i++)
		g_string_free(g_array_index(objs, struct upd_obj, i).body, TRUE);
	g_array_free(objs, TRUE);
	g_free(outd);
	g_free(catalog);
	g_free(infod);
	g_free(trailer);
	g_free(d);
	return ok;
}
