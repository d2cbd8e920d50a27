/*
 * Images (see image.h): resolution inside the book, header checks, and
 * the book's table of checked images that the back ends read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "svg.h"

static bool
inside(const char *real, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)      /* --root / */
		return real[0] == '/';
	return strncmp(real, dir, n) == 0 && real[n] == '/';
}

static unsigned
be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 |
	    (unsigned)p[2] << 8 | p[3];
}

/* JPEG: walk the markers to the first SOFn for the size. */
static bool
jpeg_size(FILE *f, unsigned *w, unsigned *h)
{
	unsigned char b[8];

	if (fseek(f, 2, SEEK_SET) != 0)
		return false;
	for (int guard = 0; guard < 1000; guard++) {
		unsigned len;
		int m;

		if (fread(b, 1, 4, f) != 4 || b[0] != 0xFF)
			return false;
		m = b[1];
		len = (unsigned)b[2] << 8 | b[3];
		if (len < 2)
			return false;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 &&
		    m != 0xCC) {
			if (fread(b, 1, 5, f) != 5)
				return false;
			*h = (unsigned)b[1] << 8 | b[2];
			*w = (unsigned)b[3] << 8 | b[4];
			return *w > 0 && *h > 0;
		}
		if (fseek(f, len - 2, SEEK_CUR) != 0)
			return false;
	}
	return false;
}

static bool
fail(const struct node *n, const char *ref, const char *why)
{
	diag(n->kind == N_AVDATA ? D_MEDIA : D_IMAGE, &n->pos, ref, why);
	return false;
}

/* Why a relative path was not found: the error and where it was looked
 * for (the directory of the file the element is in, then the book's). */
static char *
not_found(const struct book *book, const struct node *n, int err)
{
	char *dir = n->pos.file ? g_path_get_dirname(n->pos.file) :
	    g_strdup(".");
	char *abs = g_canonicalize_filename(dir, NULL);
	char *shown_book = diag_shown_path(book->base_dir);
	char *why;

	if (strcmp(abs, book->base_dir) == 0)
		why = g_strdup_printf("%s (looked in '%s')", g_strerror(err),
		    shown_book);
	else
		why = g_strdup_printf("%s (looked in '%s' and '%s')",
		    g_strerror(err), dir, shown_book);
	g_free(shown_book);
	g_free(abs);
	g_free(dir);
	return why;
}

/* The file n's fileref names, absolute and symlink-resolved, inside the
 * book's tree; NULL after a warning. */
static char *
resolve_file(const struct book *book, const struct node *n)
{
	const char *ref = model_attr(n, "fileref");
	char *dir, *joined, *real, *out;

	if (ref == NULL)
		ref = model_attr(n, "href");
	if (ref == NULL || *ref == '\0') {
		fail(n, "", "no fileref");
		return NULL;
	}
	if (strstr(ref, "://") && strncmp(ref, "file://", 7) != 0) {
		fail(n, ref, "network files are not fetched");
		return NULL;
	}
	if (strncmp(ref, "file://", 7) == 0)
		ref += 7;
	/* Relative to the file the element is in, then to the book. */
	dir = n->pos.file ? g_path_get_dirname(n->pos.file) : g_strdup(".");
	joined = g_path_is_absolute(ref) ? g_strdup(ref) :
	    g_build_filename(dir, ref, NULL);
	real = realpath(joined, NULL);
	if (real == NULL && !g_path_is_absolute(ref)) {
		g_free(joined);
		joined = g_build_filename(book->base_dir, ref, NULL);
		real = realpath(joined, NULL);
	}
	g_free(dir);
	g_free(joined);
	if (real == NULL) {
		int err = errno;
		char *why = g_path_is_absolute(ref) ?
		    g_strdup(g_strerror(err)) : not_found(book, n, err);

		fail(n, ref, why);
		g_free(why);
		return NULL;
	}
	if (!inside(real, book->root_dir)) {
		char *shown_book = diag_shown_path(book->root_dir);
		char *why = g_strdup_printf("it resolves to %s, outside the "
		    "book's directory '%s'", real, shown_book);

		fail(n, ref, why);
		g_free(why);
		g_free(shown_book);
		free(real);
		return NULL;
	}
	out = g_strdup(real);
	free(real);
	return out;
}

static GHashTable *inline_svgs;         /* name -> GBytes */
G_LOCK_DEFINE_STATIC(inline_svgs);

const char *
image_inline_add(const char *svg, size_t len)
{
	char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	    (const guchar *)svg, len);
	char *name = g_strdup_printf("inline-%.12s.svg", sum);
	const char *interned = g_intern_string(name);

	G_LOCK(inline_svgs);
	if (inline_svgs == NULL)
		inline_svgs = g_hash_table_new_full(g_str_hash, g_str_equal,
		    NULL, (GDestroyNotify)g_bytes_unref);
	if (!g_hash_table_contains(inline_svgs, interned))
		g_hash_table_insert(inline_svgs, (gpointer)interned,
		    g_bytes_new(svg, len));
	G_UNLOCK(inline_svgs);
	g_free(name);
	g_free(sum);
	return interned;
}

GBytes *
image_inline(const char *path)
{
	GBytes *b;

	if (path == NULL || strncmp(path, "inline-", 7) != 0)
		return NULL;
	G_LOCK(inline_svgs);
	b = inline_svgs ? g_hash_table_lookup(inline_svgs, path) : NULL;
	G_UNLOCK(inline_svgs);
	return b;
}

static bool
probe_file(const struct book *book, const struct node *n,
    struct image_info *out)
{
	const char *ref = model_attr(n, "fileref");
	unsigned char head[32] = { 0 };
	size_t got;
	FILE *f;
	bool ok = true;

	memset(out, 0, sizeof *out);
	if (image_inline(model_attr(n, "inline"))) {
		out->type = IMG_SVG;
		out->media_type = "image/svg+xml";
		out->path = g_strdup(model_attr(n, "inline"));
		return true;
	}
	if ((out->path = resolve_file(book, n)) == NULL)
		return false;
	if (ref == NULL)
		ref = model_attr(n, "href");
	f = fopen(out->path, "rb");
	if (f == NULL) {
		fail(n, ref, g_strerror(errno));
		image_info_clear(out);
		return false;
	}
	got = fread(head, 1, sizeof head, f);
	if (got >= 24 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0) {
		out->type = IMG_PNG;
		out->media_type = "image/png";
		if (memcmp(head + 12, "IHDR", 4) != 0)
			ok = fail(n, ref, "corrupt PNG header");
		out->width = be32(head + 16);
		out->height = be32(head + 20);
	} else if (got >= 3 && head[0] == 0xFF && head[1] == 0xD8 &&
	    head[2] == 0xFF) {
		out->type = IMG_JPEG;
		out->media_type = "image/jpeg";
		if (!jpeg_size(f, &out->width, &out->height))
			ok = fail(n, ref, "corrupt JPEG header");
	} else if (got > 0 && (g_str_has_suffix(out->path, ".svg") ||
	    memmem(head, got, "<svg", 4) || memmem(head, got, "<?xml", 5))) {
		out->type = IMG_SVG;
		out->media_type = "image/svg+xml";
	} else
		ok = fail(n, ref, "not a PNG, JPEG or SVG file");
	fclose(f);
	if (ok && out->type != IMG_SVG && (out->width == 0 || out->height == 0))
		ok = fail(n, ref, "the image has no size");
	if (ok && (long long)out->width * out->height > IMAGE_MAX_PIXELS) {
		char *why = g_strdup_printf("%u x %u pixels is too large "
		    "(at most %lld pixels)", out->width, out->height,
		    IMAGE_MAX_PIXELS);

		ok = fail(n, ref, why);
		g_free(why);
	}
	if (!ok)
		image_info_clear(out);
	return ok;
}

bool
image_probe(const struct book *book, const struct node *n,
    struct image_info *out)
{
	gpointer v;

	if (book->images &&
	    g_hash_table_lookup_extended(book->images, n, NULL, &v)) {
		const struct image_info *in = v;

		memset(out, 0, sizeof *out);
		if (in == NULL)
			return false;     /* reported by image_check_book */
		*out = *in;
		out->path = g_strdup(in->path);
		return true;
	}
	return probe_file(book, n, out);
}

static void
info_free(gpointer p)
{
	if (p) {
		image_info_clear(p);
		g_free(p);
	}
}

void
image_check_book(struct book *book)
{
	GHashTable *media = g_hash_table_new(NULL, NULL);
	GHashTable *svgs = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	if (book->images == NULL)
		book->images = g_hash_table_new_full(NULL, NULL, NULL,
		    info_free);
	model_walk_init(&w, book->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		const struct node *m = n->parent;
		struct image_info *info;

		if (ev != WALK_ENTER || n->kind != N_IMAGEDATA)
			continue;
		/* The back ends show a mediaobject's first image only; the
		 * others are alternatives for other media. */
		while (m && m->kind != N_MEDIAOBJECT)
			m = m->parent;
		if (m && !g_hash_table_add(media, (gpointer)m))
			continue;
		info = g_new0(struct image_info, 1);
		if (!probe_file(book, n, info)) {
			g_free(info);
			info = NULL;
		} else if (info->type == IMG_SVG &&
		    g_hash_table_add(svgs, g_strdup(info->path))) {
			svg_check(info->path, n);
		}
		g_hash_table_insert(book->images, (gpointer)n, info);
	}
	g_hash_table_destroy(svgs);
	g_hash_table_destroy(media);
}

const char *
image_av_type(const char *path)
{
	static const char *const types[][2] = {
		{ ".mp4", "video/mp4" }, { ".m4v", "video/mp4" },
		{ ".webm", "video/webm" }, { ".ogv", "video/ogg" },
		{ ".mp3", "audio/mpeg" }, { ".m4a", "audio/mp4" },
		{ ".aac", "audio/mp4" }, { ".oga", "audio/ogg" },
		{ ".ogg", "audio/ogg" }, { ".opus", "audio/ogg" },
	};
	char *low = g_ascii_strdown(path, -1);
	const char *t = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(types) && t == NULL; i++)
		if (g_str_has_suffix(low, types[i][0]))
			t = types[i][1];
	g_free(low);
	return t;
}

char *
image_av_file(const struct book *book, const struct node *avdata)
{
	char *path = resolve_file(book, avdata);

	if (path && image_av_type(path) == NULL) {
		fail(avdata, model_attr(avdata, "fileref"),
		    "not a known audio or video format (MP4, WebM, Ogg, MP3, "
		    "AAC)");
		g_free(path);
		return NULL;
	}
	return path;
}

void
image_info_clear(struct image_info *info)
{
	g_free(info->path);
	memset(info, 0, sizeof *info);
}
