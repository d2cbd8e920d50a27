/*
 * The finishing touch Cairo 1.16 cannot give a PDF, as a small incremental
 * update appended to the file (no rewrite, so it costs microseconds per
 * page): the catalog's /Lang and /ViewerPreferences << /DisplayDocTitle
 * true >>, metadata dates in valid "D:" form (Cairo writes them without
 * the prefix), a non-negative /Count on the outline root, and a document
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
	root = trailer_ref(trailer, "/Root ");
	info = trailer_ref(trailer, "/Info ");
	size = trailer_ref(trailer, "/Size ");
	catalog = object_dict(d, len, prev, root);
	infod = info > 0 ? object_dict(d, len, prev, info) : NULL;
	if (catalog == NULL || size <= 0) {
		diag(D_OUTPUT, NULL, path, "cannot find the PDF catalog");
		goto done;
	}
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

	upd = g_string_new("\n");
	{
		long offs[3] = { 0, 0, 0 }, nums[3] = { root, info, outlines };
		GString *bodies[3] = { cat, inf, out };
		size_t base = len;

		for (int i = 0; i < 3; i++) {
			if (bodies[i] == NULL)
				continue;
			offs[i] = (long)(base + upd->len);
			g_string_append_printf(upd, "%ld 0 obj\n%s\nendobj\n",
			    nums[i], bodies[i]->str);
		}
		{
			long xref_at = (long)(base + upd->len);
			long order[3] = { 0, 1, 2 };

			/* Subsections in increasing object number. */
			for (int i = 0; i < 3; i++)
				for (int j = i + 1; j < 3; j++)
					if (nums[order[j]] < nums[order[i]]) {
						long t = order[i];

						order[i] = order[j];
						order[j] = t;
					}
			g_string_append(upd, "xref\n");
			for (int k = 0; k < 3; k++) {
				int i = (int)order[k];

				if (bodies[i] == NULL)
					continue;
				g_string_append_printf(upd, "%ld 1\n%010ld 00000 n \n",
				    nums[i], offs[i]);
			}
			g_string_append_printf(upd, "trailer\n<< /Size %ld /Root %ld 0 R",
			    size, root);
			if (info > 0)
				g_string_append_printf(upd, " /Info %ld 0 R", info);
			g_string_append_printf(upd, " /Prev %ld /ID [<%s> <%s>] >>\n"
			    "startxref\n%ld\n%%%%EOF\n", prev, digest, digest, xref_at);
		}
	}
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
	g_string_free(cat, TRUE);
	if (inf)
		g_string_free(inf, TRUE);
	if (out)
		g_string_free(out, TRUE);
done:
	g_free(outd);
	g_free(catalog);
	g_free(infod);
	g_free(trailer);
	g_free(d);
	return ok;
}
