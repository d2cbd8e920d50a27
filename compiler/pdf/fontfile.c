/*
 * Cairo fonts that read their font files instead of mapping them.
 *
 * Cairo opens the font of every Pango font with FT_New_Face, which maps
 * the whole file; the Noto CJK files are 20 to 27 MB each, and drawing a
 * big book touches glyphs all over them (and embedding reads the CFF
 * table whole), so by the end each mapping counts in full in the
 * process's memory: some 90 MB for four faces. The typeset lines draw
 * with these fonts instead: the same face, size and options, opened
 * through a FreeType stream that reads with pread(2), so only what
 * FreeType asks for is in memory, and only while it needs it. The PDF
 * is byte for byte the one the mapped fonts make.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangofc-font.h>

#include "fontfile.h"

static GMutex lock;
static FT_Library library;
static GHashTable *faces;       /* "file:index" -> cairo_font_face_t * */
static GHashTable *fonts;       /* Pango's scaled font -> ours */
static const cairo_user_data_key_t ft_key;

static unsigned long
stream_read(FT_Stream st, unsigned long offset, unsigned char *buf,
    unsigned long count)
{
	ssize_t n;

	if (count == 0)
		return offset <= st->size ? 0 : 1;      /* a seek */
	n = pread(st->descriptor.value, buf, count, (off_t)offset);
	return n < 0 ? 0 : (unsigned long)n;
}

static void
stream_close(FT_Stream st)
{
	close(st->descriptor.value);
	g_free(st);
}

/* Cairo is done with the face: FreeType's face list wants the lock. */
static void
face_done(void *face)
{
	g_mutex_lock(&lock);
	FT_Done_Face(face);
	g_mutex_unlock(&lock);
}

/* The Cairo face for file (face index), opened through a stream; NULL if
 * it cannot be. Called with the lock held. */
static cairo_font_face_t *
open_face(const char *file, int index)
{
	char *key = g_strdup_printf("%s:%d", file, index);
	cairo_font_face_t *cf = g_hash_table_lookup(faces, key);
	FT_StreamRec *st;
	FT_Open_Args args = { 0 };
	FT_Face face;
	struct stat sb;
	int fd;

	if (cf) {
		g_free(key);
		return cf;
	}
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		g_free(key);
		return NULL;
	}
	st = g_new0(FT_StreamRec, 1);
	st->size = (unsigned long)sb.st_size;
	st->descriptor.value = fd;
	st->read = stream_read;
	st->close = stream_close;
	args.flags = FT_OPEN_STREAM;
	args.stream = st;
	if (FT_Open_Face(library, &args, index, &face) != 0) {
		/* FreeType closed the stream */
		g_free(key);
		return NULL;
	}
	cf = cairo_ft_font_face_create_for_ft_face(face, 0);
	if (cairo_font_face_set_user_data(cf, &ft_key, face, face_done) !=
	    CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(cf);
		FT_Done_Face(face);
		g_free(key);
		return NULL;
	}
	g_hash_table_insert(faces, key, cf);
	return cf;
}

cairo_scaled_font_t *
fontfile_scaled_font(PangoFont *font, cairo_scaled_font_t *sf)
{
	cairo_scaled_font_t *ours;
	cairo_font_face_t *cf;
	cairo_font_options_t *fo;
	cairo_matrix_t fm, ctm;
	FcPattern *pat;
	FcChar8 *file;
	int index = 0;

	if (!PANGO_IS_FC_FONT(font))
		return cairo_scaled_font_reference(sf);
	g_mutex_lock(&lock);
	if (library == NULL && FT_Init_FreeType(&library) != 0)
		library = NULL;
	if (faces == NULL) {
		faces = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		    (GDestroyNotify)cairo_font_face_destroy);
		fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal,
		    (GDestroyNotify)cairo_scaled_font_destroy,
		    (GDestroyNotify)cairo_scaled_font_destroy);
	}
	ours = g_hash_table_lookup(fonts, sf);
	if (ours) {
		cairo_scaled_font_reference(ours);
		g_mutex_unlock(&lock);
		return ours;
	}
	pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	cf = NULL;
	if (library && pat &&
	    FcPatternGetString(pat, FC_FILE, 0, &file) == FcResultMatch) {
		if (FcPatternGetInteger(pat, FC_INDEX, 0, &index) !=
		    FcResultMatch)
			index = 0;
		cf = open_face((const char *)file, index);
	}
	if (cf == NULL) {
		g_mutex_unlock(&lock);
		return cairo_scaled_font_reference(sf);
	}
	fo = cairo_font_options_create();
	cairo_scaled_font_get_font_matrix(sf, &fm);
	cairo_scaled_font_get_ctm(sf, &ctm);
	cairo_scaled_font_get_font_options(sf, fo);
	ours = cairo_scaled_font_create(cf, &fm, &ctm, fo);
	cairo_font_options_destroy(fo);
	if (cairo_scaled_font_status(ours) != CAIRO_STATUS_SUCCESS) {
		cairo_scaled_font_destroy(ours);
		g_mutex_unlock(&lock);
		return cairo_scaled_font_reference(sf);
	}
	g_hash_table_insert(fonts, cairo_scaled_font_reference(sf),
	    cairo_scaled_font_reference(ours));
	g_mutex_unlock(&lock);
	return ours;
}

void
fontfile_forget(void)
{
	g_mutex_lock(&lock);
	if (fonts)
		g_hash_table_remove_all(fonts);
	g_mutex_unlock(&lock);
}
